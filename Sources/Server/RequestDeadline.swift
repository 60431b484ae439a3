import Logging
import NIOCore

/// Against slow-loris: a connection must deliver a whole request within the timeout of
/// opening, or of its previous reply. It sits first in the pipeline, on raw bytes, so it
/// sees a request trickle in before NIO's decoder has a head to hand on; `RequestHandler`
/// tells it, through outbound events, when a request is complete and when the connection
/// waits for the next one. A listener's connection is never timed: it has had its request.
final class RequestDeadline: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What `RequestHandler` sends down the pipeline to start and stop the clock.
    enum Event {
        case requestReceived
        case awaitingRequest
    }

    private let timeout: TimeAmount
    private let logger: Logger
    private let statistics: ServerStatistics
    private var timer: Scheduled<Void>?
    /// Bytes of the request in progress: none means an idle keep-alive connection, which is
    /// closed quietly; some means a client too slow to finish, which is told so (408).
    private var bytesSinceArmed = 0

    init(timeout: TimeAmount, statistics: ServerStatistics, logger: Logger) {
        self.timeout = timeout
        self.statistics = statistics
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if timer != nil { bytesSinceArmed += unwrapInboundIn(data).readableBytes }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? Event else {
            return context.triggerUserOutboundEvent(event, promise: promise)
        }
        switch event {
        case .requestReceived: disarm()
        case .awaitingRequest: arm(context)
        }
        promise?.succeed()
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        bytesSinceArmed = 0
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.expire(context)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func expire(_ context: ChannelHandlerContext) {
        timer = nil
        let peer = context.remoteAddress?.description ?? "?"
        guard bytesSinceArmed > 0 else {
            logger.debug("idle connection closed", metadata: ["peer": "\(peer)"])
            context.close(promise: nil)
            return
        }
        // The decoder holds a partial head, so NIO's encoder has no request to answer: the
        // reply is written here as bytes, below the HTTP handlers.
        let seconds = Double(timeout.nanoseconds) / 1e9
        let message = "the request did not arrive in full within \(seconds) s\n"
        let reply = "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(message.utf8.count)\r\nConnection: close\r\n\r\n" + message
        statistics.countResponse(status: 408)
        logger.notice("request timeout: slow client disconnected",
                      metadata: ["peer": "\(peer)", "bytes": "\(bytesSinceArmed)", "timeout_s": "\(seconds)"])
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: reply)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
