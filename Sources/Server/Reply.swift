import Foundation
import NIOCore
import NIOHTTP1

/// A complete (non-streaming) response: the encoder does not add framing headers (the
/// stream replies must go without), so every reply carries its own Content-Length.
struct Reply {
    var status: HTTPResponseStatus
    var contentType: String
    var body: String
    var extraHeaders: [(String, String)] = []
    /// For a HEAD on a stream, whose length is unknown.
    var omitContentLength = false
    /// Raw bytes instead of `body` (the Range probe's first bytes of the stream).
    var bytes: [UInt8]?

    /// On every reply, so pages on other origins can use the API and play the streams.
    static let corsHeaders: [(String, String)] = [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Expose-Headers", "icy-metaint, icy-name, icy-br, icy-sr, icy-pub, Content-Range"),
    ]

    /// The answer to a CORS preflight (OPTIONS).
    static let preflight = Reply(status: .noContent, contentType: "text/plain", body: "", extraHeaders: [
        ("Access-Control-Allow-Methods", "GET, HEAD, POST, PATCH, DELETE, OPTIONS"),
        ("Access-Control-Allow-Headers", "Icy-MetaData, Range, Accept, Content-Type, Authorization"),
        ("Access-Control-Max-Age", "86400"),
    ])

    static func text(_ body: String, status: HTTPResponseStatus = .ok) -> Reply {
        Reply(status: status, contentType: "text/plain; charset=utf-8", body: body.hasSuffix("\n") ? body : body + "\n")
    }

    static func json(_ object: [String: Any], status: HTTPResponseStatus = .ok) -> Reply {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Reply(status: status, contentType: "application/json", body: String(decoding: data, as: UTF8.self) + "\n")
    }

    /// An error as text, or as `{"error": ...}` for clients that asked for JSON.
    static func error(_ error: ServiceError, json: Bool) -> Reply {
        var reply = json ? Reply.json(["error": error.message], status: error.kind.status) : Reply.text(error.message, status: error.kind.status)
        if case .methodNotAllowed(let allowed) = error.kind { reply.extraHeaders.append(("Allow", allowed.joined(separator: ", "))) }
        if error.kind == .unauthorized { reply.extraHeaders.append(("WWW-Authenticate", "Bearer")) }
        if error.kind == .unavailable { reply.extraHeaders.append(("Retry-After", "10")) }
        if case .tooManyRequests(let seconds) = error.kind { reply.extraHeaders.append(("Retry-After", String(seconds))) }
        return reply
    }

    /// Writes the reply; `includeBody` is false for HEAD, which gets the GET's headers only.
    func write(to context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool, includeBody: Bool) {
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        if let bytes { buffer.writeBytes(bytes) } else { buffer.writeString(body) }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        if !omitContentLength { headers.add(name: "Content-Length", value: String(buffer.readableBytes)) }
        headers.add(name: "Cache-Control", value: "no-store")
        for (name, value) in Self.corsHeaders + extraHeaders { headers.add(name: name, value: value) }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        if includeBody, status != .noContent {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
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
