import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synth

/// One HTTP connection: routes each request to the service and writes the reply, or turns
/// the connection into a listener for `/stream`. Requests are parsed by NIO's HTTP decoder.
final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        /// Reading a request; the body is kept up to `maximumBody` bytes, `tooLarge` past it.
        case receiving(HTTPRequestHead, body: ByteBuffer?, tooLarge: Bool)
        /// Waiting for work done off the loop (creating a session).
        case working
        case streaming(Listener, ListenerGroup)
    }

    private let service: StreamService
    private let blockingPool: NIOThreadPool
    private let rateLimiter: ControlRateLimiter
    private let logger: Logger
    /// `host:port` the server listens on, for URLs when the request has no Host header.
    private let authority: String
    /// Set when the connection is over a server limit: its request gets this error, then
    /// the connection is closed.
    private let refusal: ServiceError?
    private var state = State.idle

    init(service: StreamService, blockingPool: NIOThreadPool, rateLimiter: ControlRateLimiter, authority: String,
         refusal: ServiceError? = nil, logger: Logger) {
        self.service = service
        self.blockingPool = blockingPool
        self.rateLimiter = rateLimiter
        self.authority = authority
        self.refusal = refusal
        self.logger = logger
    }

    /// JSON bodies are small; anything larger is refused with 413.
    static let maximumBody = 64 * 1024

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), .idle):
            state = .receiving(head, body: nil, tooLarge: false)
        case (.body(var part), .receiving(let head, var body, let tooLarge)):
            guard !tooLarge, (body?.readableBytes ?? 0) + part.readableBytes <= Self.maximumBody else {
                state = .receiving(head, body: nil, tooLarge: true)
                return
            }
            if body == nil { body = part } else { body!.writeBuffer(&part) }
            state = .receiving(head, body: body, tooLarge: false)
        case (.end, .receiving(let head, let body, let tooLarge)):
            state = .idle
            context.triggerUserOutboundEvent(RequestDeadline.Event.requestReceived, promise: nil)
            route(head, body: body, tooLarge: tooLarge, context: context)
        default:
            break  // a streaming connection takes no more requests
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .streaming(let listener, let group) = state {
            group.remove(listener)
            listener.session.leave()
            logger.info("listener left", metadata: ["session": "\(listener.session.token.short)", "peer": "\(listener.peer)",
                                                    "bytes": "\(listener.bytesSent)"])
        }
        state = .idle
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A request NIO's decoder cannot read (or one over the size limits) is answered if no
        // reply is under way; resets from players that vanish are routine. Either way only
        // this connection closes.
        if let parserError = error as? HTTPParserError {
            refuseMalformed(parserError, context: context)
        } else if case .streaming = state {} else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    private func refuseMalformed(_ error: HTTPParserError, context: ChannelHandlerContext) {
        // A client that leaves mid-request ends the decoder's input early: nobody to answer.
        guard context.channel.isActive else { return }
        switch state {
        case .idle, .receiving: break
        case .working, .streaming: return
        }
        state = .idle
        let configuration = service.configuration
        let refusal: ServiceError = error == .headerOverflow
            ? .headersTooLarge("the request line and headers must fit in \(configuration.maxHeaderBytes / 1024) KiB, "
                + "\(configuration.maxHeaderBytes / 2048) KiB a line, at most \(configuration.maxHeaderFields) header fields")
            : .badRequest("malformed HTTP request (\(error)); send HTTP/1.1 or 1.0 as RFC 9112 has it")
        logger.notice("request refused", metadata: ["peer": "\(context.remoteAddress?.description ?? "?")",
                                                    "status": "\(refusal.kind.status.code)", "reason": "\(error)"])
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
        send(.error(refusal, json: false), for: head, context: context, close: true)
    }

    // MARK: Routing

    private func route(_ head: HTTPRequestHead, body: ByteBuffer?, tooLarge: Bool, context: ChannelHandlerContext) {
        let wantsJSON = head.headers["Accept"].contains { $0.lowercased().contains("application/json") }
        let reply = { (reply: Reply) in self.send(reply, for: head, context: context) }
        let path = path(of: head.uri)
        let jsonErrors = wantsJSON || !Route.isContract(path)
        let base = "http://\(host(of: head))"
        do {
            try checkLimits(head, context: context)
            if head.method == .OPTIONS { return reply(.preflight) }
            if tooLarge { throw ServiceError.payloadTooLarge("the request body is over \(Self.maximumBody / 1024) KiB") }
            let route = try Route.resolve(head.method.rawValue, path)
            if route.isControl { try checkRate(route, context: context) }
            let query = try QueryParameters(target: head.uri)
            switch route {
            case .usage:
                reply(.text(Self.usage))
            case .createStream:
                createSession(head, context: context, jsonErrors: jsonErrors, respond: { session in
                    wantsJSON ? .json(self.service.describe(session, baseURL: base, control: true), status: .created) : .text(session.token.text)
                }) { service in try service.createSession(query) }
            case .createSession:
                createSession(head, context: context, jsonErrors: jsonErrors, respond: { session in
                    .json(self.service.describe(session, baseURL: base, control: true), status: .created)
                }) { service in try service.createSession(json: body) }
            case .setParam:
                let values = try service.setParameters(query)
                if wantsJSON {
                    reply(.json(["params": StreamService.parameterObject(values)]))
                } else {
                    reply(.text(values.map { "\($0.key)=\(plainValue($0.value))" }.joined(separator: "\n")))
                }
            case .stream:
                let session = try service.sessionToPlay(query)
                if head.method == .HEAD {
                    reply(streamHeadOnly(session, head: head))
                } else if let probe = RangeProbe(head.headers["Range"].first) {
                    reply(probe.reply(configuration: service.configuration))
                } else {
                    try startStream(head, session: session, context: context)
                }
            case .listSessions:
                try requireOperator(head, context: context)
                let sessions = service.registry.sessions.sorted { $0.createdAt < $1.createdAt }
                reply(.json(["sessions": sessions.map { service.describe($0, baseURL: base, control: true) }]))
            case .session(let id):
                let (session, access) = try service.registry.find(id)
                reply(.json(service.describe(session, baseURL: base, control: access == .control)))
            case .sessionParams(let id):
                let (session, _) = try service.registry.find(id)
                reply(.json(["params": StreamService.parameterObject(session.parameters.current)]))
            case .patchParams(let id):
                reply(.json(["params": StreamService.parameterObject(try service.patchParameters(id, json: body))]))
            case .loadPreset(let id):
                reply(.json(try service.loadPreset(into: id, json: body)))
            case .deleteSession(let id):
                try service.deleteSession(id)
                reply(Reply(status: .noContent, contentType: "text/plain", body: ""))
            case .schema:
                reply(.json(StreamService.schema))
            case .presets:
                reply(.json(try service.presetList()))
            case .preset(let name):
                let preset = try service.loadPreset(named: name, missing: .notFound)
                reply(Reply(status: .ok, contentType: "application/json", body: String(decoding: preset.jsonData(), as: UTF8.self)))
            case .health:
                reply(.json(["status": "ok", "sessions": service.registry.count]))
            case .metrics:
                var metrics = Reply.text(service.statistics.exposition(sessions: service.registry.sessions))
                metrics.contentType = "text/plain; version=0.0.4; charset=utf-8"
                reply(metrics)
            }
        } catch let error as ServiceError {
            refuse(error, for: head, context: context, jsonErrors: jsonErrors)
        } catch {
            reply(.error(.internalError("\(error)"), json: jsonErrors))
        }
    }

    /// A connection over the server's limit, or a URL over its length.
    private func checkLimits(_ head: HTTPRequestHead, context: ChannelHandlerContext) throws(ServiceError) {
        if let refusal { throw refusal }
        let limit = service.configuration.maxURLBytes
        if head.uri.utf8.count > limit {
            throw .uriTooLong("the URL is \(head.uri.utf8.count) bytes; the limit is \(limit)")
        }
    }

    /// Answers a refused request; a refusal by a server limit is also logged.
    private func refuse(_ error: ServiceError, for head: HTTPRequestHead, context: ChannelHandlerContext, jsonErrors: Bool) {
        if error.isLimit {
            logger.notice("request refused", metadata: [
                "peer": "\(context.remoteAddress?.description ?? "?")", "status": "\(error.kind.status.code)",
                "request": "\(head.method) \(head.uri.prefix(80))", "reason": "\(error.message)"])
        }
        send(.error(error, json: jsonErrors), for: head, context: context, close: Self.closesConnection(error))
    }

    /// Control requests are limited per client address (`--rate-limit`).
    private func checkRate(_ route: Route, context: ChannelHandlerContext) throws(ServiceError) {
        let client = context.remoteAddress?.ipAddress ?? "?"
        guard case .refused(let retryAfter, let logged) = rateLimiter.admit(client) else { return }
        if let logged {
            logger.notice("request refused: control rate limit", metadata: [
                "peer": "\(client)", "refused_since_last_line": "\(logged)", "limit_per_s": "\(rateLimiter.rate)"])
        }
        throw ServiceError(kind: .tooManyRequests(retryAfter: retryAfter),
                           message: "too many control requests from \(client): the limit is \(rateLimiter.rate.formattedRate) a second "
                               + "(bursts of \(Int(rateLimiter.burst))); retry in \(retryAfter) s")
    }

    /// Refusals for the whole connection end it.
    private static func closesConnection(_ error: ServiceError) -> Bool {
        switch error.kind {
        case .uriTooLong, .headersTooLarge: true
        default: false
        }
    }

    /// Listing every session is the operator's: from loopback, or with `--admin-token`.
    private func requireOperator(_ head: HTTPRequestHead, context: ChannelHandlerContext) throws(ServiceError) {
        let configuration = service.configuration
        if configuration.loopbackIsAdmin, context.remoteAddress.map(Self.isLoopback) == true { return }
        guard let token = configuration.adminToken else {
            throw .forbidden("listing sessions is for the operator: connect from this machine, or start the server with --admin-token")
        }
        let expected = "Bearer \(token)"
        guard let given = head.headers["Authorization"].first else {
            throw .unauthorized("listing sessions needs the operator's token: send Authorization: Bearer TOKEN")
        }
        guard given.utf8.count == expected.utf8.count, zip(given.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw .forbidden("wrong operator token")
        }
    }

    private static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4: address.ipAddress?.hasPrefix("127.") == true
        case .v6: address.ipAddress == "::1" || address.ipAddress?.hasPrefix("::ffff:127.") == true
        default: false
        }
    }

    /// Creating a session reads a preset file and sets up the synth and LAME: done on the
    /// blocking pool, then answered back on this connection's loop.
    private func createSession(_ head: HTTPRequestHead, context: ChannelHandlerContext, jsonErrors: Bool, respond: @escaping (Session) -> Reply,
                               create: @escaping @Sendable (StreamService) throws -> Session) {
        state = .working
        let service = service
        let created = blockingPool.runIfActive(eventLoop: context.eventLoop) { try create(service) }
        created.assumeIsolated().whenComplete { [self] result in
            guard case .working = state else { return }
            state = .idle
            let reply: Reply
            switch result {
            case .success(let session): reply = respond(session)
            case .failure(let error as ServiceError): return refuse(error, for: head, context: context, jsonErrors: jsonErrors)
            case .failure(let error): reply = .error(.internalError("\(error)"), json: jsonErrors)
            }
            send(reply, for: head, context: context)
        }
    }

    /// Writes a complete reply (headers only for HEAD) and counts it by status; on a
    /// connection kept alive, the next request's deadline starts.
    private func send(_ reply: Reply, for head: HTTPRequestHead, context: ChannelHandlerContext, close: Bool = false) {
        service.statistics.countResponse(status: Int(reply.status.code))
        let keepAlive = head.isKeepAlive && !close && refusal == nil
        reply.write(to: context, version: head.version, keepAlive: keepAlive, includeBody: head.method != .HEAD)
        if keepAlive { context.triggerUserOutboundEvent(RequestDeadline.Event.awaitingRequest, promise: nil) }
    }

    /// Sends the response head (echoing the client's HTTP version, with no Content-Length and
    /// no chunking: the body ends when the connection does), the join burst, then registers
    /// the connection as a listener.
    private func startStream(_ head: HTTPRequestHead, session: Session, context: ChannelHandlerContext) throws {
        if session.listenerCount == 0 { try service.admit("waking this quiet session") }
        guard let join = session.join(on: context.eventLoop) else {
            throw ServiceError.notFound("session \(session.token.short)… has ended")
        }
        let wantsMetadata = head.headers["Icy-MetaData"].first?.trimmingCharacters(in: .whitespaces) == "1"
        let headers = streamHeaders(session, metadata: wantsMetadata)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        service.statistics.countResponse(status: 200)

        let peer = context.remoteAddress?.description ?? "?"
        let listener = Listener(context: context, session: session, peer: peer, firstFrame: join.firstFrame,
                                metadataInterval: wantsMetadata ? IcyMetadata.interval : nil)
        join.group.add(listener)
        state = .streaming(listener, join.group)
        for chunk in join.burst { listener.send(chunk, logger: logger) }
        context.flush()
        if join.wokeSession { service.scheduler.wake(session) }
        logger.info("listener joined", metadata: ["session": "\(session.token.short)", "peer": "\(peer)",
                                                  "listeners": "\(session.listenerCount)", "http": "\(head.version)"])
    }

    /// The stream reply's headers: no framing headers (the body ends with the connection),
    /// ICY headers players show, CORS so a web page's `<audio>` can read them.
    private func streamHeaders(_ session: Session, metadata: Bool) -> HTTPHeaders {
        let configuration = service.configuration
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "audio/mpeg")
        headers.add(name: "Cache-Control", value: "no-cache, no-store")
        headers.add(name: "Pragma", value: "no-cache")
        headers.add(name: "Connection", value: "close")
        headers.add(name: "icy-name", value: "Synthcast: \(session.presetName)")
        headers.add(name: "icy-br", value: String(configuration.bitrate))
        headers.add(name: "icy-sr", value: String(configuration.sampleRate))
        headers.add(name: "icy-pub", value: "0")
        if metadata { headers.add(name: "icy-metaint", value: String(IcyMetadata.interval)) }
        headers.add(contentsOf: Reply.corsHeaders)
        return headers
    }

    /// HEAD on a stream: its headers, no audio, and the session is not woken.
    private func streamHeadOnly(_ session: Session, head: HTTPRequestHead) -> Reply {
        var reply = Reply(status: .ok, contentType: "audio/mpeg", body: "")
        reply.extraHeaders = streamHeaders(session, metadata: head.headers["Icy-MetaData"].first == "1")
            .filter { !["Content-Type", "Connection"].contains($0.name) }.map { ($0.name, $0.value) }
        reply.omitContentLength = true
        return reply
    }

    // MARK: Helpers

    private func path(of uri: String) -> String {
        String(uri.prefix { $0 != "?" && $0 != "#" })
    }

    private func host(of head: HTTPRequestHead) -> String {
        if let host = head.headers["Host"].first, !host.isEmpty,
           host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }) {
            return host
        }
        return authority
    }

    static let usage = """
        Synthcast streaming server
          GET /create_stream[?preset=NAME&seed=N&key=value...]   -> a session token
          GET /stream?id=TOKEN                                   -> the endless MP3 stream
          GET /set_param?id=TOKEN&key=value[&key=value...]       -> the values now in force
        Send `Accept: application/json` for JSON replies, `Icy-MetaData: 1` for stream titles.
        """
}

extension Double {
    /// `50` rather than `50.0`, for limits in messages.
    fileprivate var formattedRate: String { self == rounded() && self < 1e9 ? String(Int(self)) : String(self) }
}

/// A parameter value as JSON: numbers as numbers, choices as strings, switches as booleans.
func jsonValue(_ value: ParameterValue) -> Any {
    switch value {
    case .number(let number): number
    case .string(let text): text
    case .bool(let flag): flag
    }
}

/// A parameter value as `set_param` takes it back: `saw`, `800`, `true`.
func plainValue(_ value: ParameterValue) -> String {
    switch value {
    case .string(let text): text
    default: value.description
    }
}
