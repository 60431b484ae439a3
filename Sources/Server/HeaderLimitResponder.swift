import Logging
import NIOCore
import NIOHTTP1

/// A request line and headers over the decoder's limits get 431 with the limits named, where
/// NIO's protocol-error handler (after this one) would answer a bare 400; every other
/// malformed request is left to it.
final class HeaderLimitResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let message: String
    private let statistics: ServerStatistics
    private let logger: Logger

    init(configuration: ServerConfiguration, statistics: ServerStatistics, logger: Logger) {
        message = "the request line and headers must fit in \(configuration.maxHeaderBytes / 1024) KiB, "
            + "\(configuration.maxHeaderBytes / 2048) KiB a line, at most \(configuration.maxHeaderFields) header fields\n"
        self.statistics = statistics
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let parserError = error as? HTTPParserError, parserError == .headerOverflow else {
            return context.fireErrorCaught(error)
        }
        statistics.countResponse(status: 431)
        logger.notice("request refused", metadata: ["peer": "\(context.remoteAddress?.description ?? "?")", "status": "431",
                                                    "reason": "\(message.dropLast())"])
        let head = HTTPResponseHead(version: .http1_1, status: .requestHeaderFieldsTooLarge, headers: [
            "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(message.utf8.count), "Connection": "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: message)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
