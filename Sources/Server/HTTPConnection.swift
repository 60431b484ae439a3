import Logging
import NIOCore
import NIOHTTP1

/// One HTTP connection, after NIO's decoder, protocol-error handler and request aggregator:
/// each whole request goes through the middleware to its endpoint, and the reply is written,
/// or the connection becomes a listener of a session's stream.
final class HTTPConnection: ChannelInboundHandler {
    typealias InboundIn = NIOHTTPServerRequestFull
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        /// Waiting for work done off the loop (creating a session, writing a preset).
        case working
        case streaming(Listener, ListenerGroup)
    }

    private let handlers: RouteHandlers
    private let middleware: MiddlewareChain
    /// `host:port` the server listens on, for URLs when the request has no Host header.
    private let authority: String
    private let logger: Logger
    private var state = State.idle
    /// Set when a refusal must close the connection (an over-limit connection, a huge URL).
    private var closesAfterReply = false

    init(handlers: RouteHandlers, middleware: MiddlewareChain, authority: String, closesAfterReply: Bool, logger: Logger) {
        self.handlers = handlers
        self.middleware = middleware
        self.authority = authority
        self.closesAfterReply = closesAfterReply
        self.logger = logger
    }

    private var statistics: ServerStatistics { handlers.service.statistics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A streaming connection takes no more requests; NIO's pipelining handler holds any
        // that follow one still being answered.
        guard case .idle = state else { return }
        let full = unwrapInboundIn(data)
        context.triggerUserOutboundEvent(RequestDeadline.Event.requestReceived, promise: nil)
        var request = HTTPRequest(head: full.head, body: full.body, peer: context.remoteAddress,
                                  eventLoop: context.eventLoop, closeFuture: context.channel.closeFuture, authority: authority)
        // An unknown path or method still passes the middleware (a preflight, a limit), and
        // is refused (404, 405) where the endpoint's handler would run.
        var endpoint: Endpoint?
        var unrouted = ServiceError.internalError("no endpoint for \(request.path)")
        do { (endpoint, request.pathParameters) = try Routes.resolve(full.head.method, request.path) } catch { unrouted = error }
        let response: Response
        do {
            response = try middleware.respond(to: request, endpoint: endpoint) { [handlers] (request: HTTPRequest) throws(ServiceError) -> Response in
                guard let endpoint else { throw unrouted }
                return try endpoint.handler(handlers)(request)
            }
        } catch {
            // The chain's `Refusals` stage answers every refusal; this is only a safety net.
            response = .reply(.error(error, json: request.wantsJSON))
        }
        respond(response, to: request.head, context: context)
    }

    private func respond(_ response: Response, to head: HTTPRequestHead, context: ChannelHandlerContext) {
        switch response {
        case .reply(let reply):
            send(reply, for: head, context: context)
        case .later(let future):
            state = .working
            future.assumeIsolated().whenComplete { [self] result in
                guard case .working = state else { return }
                state = .idle
                switch result {
                case .success(let reply): send(reply, for: head, context: context)
                case .failure(let error): send(.error(.internalError("\(error)"), json: true), for: head, context: context)
                }
            }
        case .stream(let start):
            startStream(start, head: head, context: context)
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

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // NIO's aggregator has answered 413 for a body over the limit: counted and logged here.
        if let event = event as? NIOHTTPObjectAggregatorEvent, event == .httpFrameTooLong {
            statistics.countResponse(status: 413)
            logger.notice("request refused", metadata: ["peer": "\(context.remoteAddress?.description ?? "?")", "status": "413",
                                                        "reason": "the request body is over \(HTTPRequest.maximumBody / 1024) KiB"])
            context.triggerUserOutboundEvent(RequestDeadline.Event.awaitingRequest, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Malformed requests were answered by NIO's protocol-error handler (or 431 by
        // `HeaderLimitResponder`); resets from players that vanish are routine. Either way
        // only this connection closes.
        if case .streaming = state {} else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    /// Writes a complete reply (headers only for HEAD) and counts it by status; on a
    /// connection kept alive, the next request's deadline starts.
    private func send(_ reply: Reply, for head: HTTPRequestHead, context: ChannelHandlerContext) {
        statistics.countResponse(status: Int(reply.status.code))
        let keepAlive = head.isKeepAlive && !closesAfterReply && !Self.closesConnection(reply.status)
        reply.write(to: context, version: head.version, keepAlive: keepAlive, includeBody: head.method != .HEAD)
        if keepAlive { context.triggerUserOutboundEvent(RequestDeadline.Event.awaitingRequest, promise: nil) }
    }

    /// Refusals of the whole request's framing end the connection.
    private static func closesConnection(_ status: HTTPResponseStatus) -> Bool {
        status == .uriTooLong || status == .requestHeaderFieldsTooLarge
    }

    /// Sends the response head, the join burst, then registers the connection as a listener.
    private func startStream(_ start: StreamStart, head: HTTPRequestHead, context: ChannelHandlerContext) {
        let session = start.session
        guard let join = session.join(on: context.eventLoop) else {
            return send(.error(.notFound("session \(session.token.short)… has ended"), json: head.headers["Accept"].contains("application/json")),
                        for: head, context: context)
        }
        guard let rawBytes = try? context.pipeline.syncOperations.context(handlerType: RequestDeadline.self) else {
            return send(.error(.internalError("the connection has no byte-level handler to stream through"), json: false), for: head, context: context)
        }
        context.write(wrapOutboundOut(.head(start.responseHead(version: head.version))), promise: nil)
        statistics.countResponse(status: 200)

        let peer = context.remoteAddress?.description ?? "?"
        let listener = Listener(context: rawBytes, session: session, peer: peer, firstFrame: join.firstFrame,
                                metadataInterval: start.wantsMetadata ? IcyMetadata.interval : nil)
        join.group.add(listener)
        state = .streaming(listener, join.group)
        statistics.bytesOut.add(join.burst.reduce(0) { $0 + listener.send($1, logger: logger) })
        context.flush()
        if join.wokeSession { handlers.service.scheduler.wake(session) }
        logger.info("listener joined", metadata: ["session": "\(session.token.short)", "peer": "\(peer)",
                                                  "listeners": "\(session.listenerCount)", "http": "\(head.version)"])
    }
}
