import NIOCore

/// SHOUTcast 1 servers answer `ICY 200 OK` where HTTP says `HTTP/1.0 200 OK`; NIO's HTTP
/// parser refuses that, so the first bytes are rewritten before it sees them. Everything
/// after the status line's protocol word is left to the parser.
final class IcyStatusLine: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var start = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        start.writeBuffer(&bytes)
        guard start.readableBytes >= 4 else { return }
        if start.readableBytesView.starts(with: "ICY ".utf8) {
            start.moveReaderIndex(forwardBy: 3)
            var rewritten = ByteBuffer(string: "HTTP/1.0")
            rewritten.writeBuffer(&start)
            start = rewritten
        }
        context.fireChannelRead(wrapInboundOut(start))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if start.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(start)) }
        start.clear()
        context.fireChannelInactive()
    }
}
