import API
import NIOCore
import NIOHTTP1

/// A complete (non-streaming) response. The response encoder adds no framing headers (the
/// streams must go without), so a reply carries its own Content-Length.
struct Reply: Sendable {
    var status: HTTPResponseStatus
    var contentType: String
    var body: [UInt8]
    /// More of the body, after `body`: stored audio is sent from its own buffers, uncopied.
    var buffers: [ByteBuffer] = []
    /// Or the body is (part of) a file, sent by the kernel.
    var file: FileBody?
    /// Only what may be cached says so (HLS segments and playlists).
    var cacheControl = "no-store"
    /// Beyond Content-Type, Content-Length, Cache-Control and Connection.
    var headers: [(name: String, value: String)] = []
    /// For a HEAD on a stream, whose length is unknown.
    var omitContentLength = false

    init(status: HTTPResponseStatus = .ok, contentType: String = "text/plain; charset=utf-8", body: [UInt8] = [],
         headers: [(name: String, value: String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    var contentLength: Int { buffers.reduce(body.count) { $0 + $1.readableBytes } + (file?.range.count ?? 0) }

    static func text(_ text: String, status: HTTPResponseStatus = .ok) -> Reply {
        Reply(status: status, body: Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// One of the API's types as JSON.
    static func json<Value: Encodable>(_ value: Value, status: HTTPResponseStatus = .ok) -> Reply {
        Reply(status: status, contentType: "application/json", body: Array(APIJSON.data(value)))
    }

    static let noContent = Reply(status: .noContent)

    /// A refusal as text, or as the API's `{"error": ...}` for clients that asked for JSON.
    static func error(_ error: ServiceError, json: Bool) -> Reply {
        var reply = json ? Reply.json(ErrorBody(error: error.message), status: error.kind.status) : .text(error.message, status: error.kind.status)
        switch error.kind {
        case .methodNotAllowed(let allowed): reply.headers.append(("Allow", allowed.joined(separator: ", ")))
        case .unauthorized: reply.headers.append(("WWW-Authenticate", "Bearer"))
        case .unavailable: reply.headers.append(("Retry-After", "10"))
        case .tooManyRequests(let seconds): reply.headers.append(("Retry-After", String(seconds)))
        default: break
        }
        return reply
    }

    /// Writes the reply; `includeBody` is false for HEAD, which gets the GET's headers only.
    func write(to context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool, includeBody: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        if !omitContentLength { headers.add(name: "Content-Length", value: String(contentLength)) }
        headers.add(name: "Cache-Control", value: cacheControl)
        for header in self.headers { headers.add(name: header.name, value: header.value) }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if includeBody, status != .noContent, status != .notModified {
            if !body.isEmpty {
                context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            }
            for buffer in buffers where buffer.readableBytes > 0 {
                context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
            }
            if let file, !file.range.isEmpty {
                // A listener's socket has a small send buffer (about a second of audio, so a
                // stalled player shows soon); a file sent through it would crawl at the pace of
                // delayed ACKs. It gets a large one while the file goes, then the small one back.
                let options = context.channel.syncOptions
                let small = try? options?.getOption(.socketOption(.so_sndbuf))
                try? options?.setOption(.socketOption(.so_sndbuf), value: 4 << 20)
                // The file stays open until the kernel has sent it.
                context.write(NIOAny(HTTPServerResponsePart.body(.fileRegion(file.region)))).assumeIsolated().whenComplete { _ in
                    withExtendedLifetime(file) {}
                    // Linux reports twice what was set.
                    if let small { try? options?.setOption(.socketOption(.so_sndbuf), value: small / 2) }
                }
            }
        }
        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { [context] _ in context.close(promise: nil) } }
    }
}

extension ServiceError.Kind {
    var status: HTTPResponseStatus {
        switch self {
        case .badRequest, .tooManyParameters: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .payloadTooLarge: .payloadTooLarge
        case .methodNotAllowed: .methodNotAllowed
        case .unavailable: .serviceUnavailable
        case .internalError: .internalServerError
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .requestHeaderFieldsTooLarge
        case .tooManyRequests: .tooManyRequests
        }
    }
}
