import Foundation
import NIOCore
import NIOPosix

/// Many stream listeners in one process on one event-loop thread, each counting the audio
/// bytes it receives, so a run can tell which of them kept real time.
final class ListenerLoad: @unchecked Sendable {
    /// Body bytes per listener; touched only on `loop`.
    private var received: [Int]
    private var closed: [Bool]
    /// Listeners the server answered with something other than 200 (admission control).
    private var refused: [Bool]
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var loop: EventLoop { group.next() }
    private var channels: [Channel] = []

    init(count: Int) {
        received = Array(repeating: 0, count: count)
        closed = Array(repeating: false, count: count)
        refused = Array(repeating: false, count: count)
    }

    /// Connects listener `slot` to `target` on the server.
    func connect(slot: Int, port: Int, target: String) throws {
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(BodyCounter(load: self, slot: slot))
                }
            }
        let channel = try bootstrap.connect(host: "127.0.0.1", port: port).wait()
        var request = channel.allocator.buffer(capacity: 128)
        request.writeString("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: synthcast-bench\r\n\r\n")
        try channel.writeAndFlush(request).wait()
        channels.append(channel)
    }

    /// Bytes received by each listener so far, which connections the server closed, and
    /// which it refused.
    func snapshot() throws -> (bytes: [Int], closed: [Bool], refused: [Bool]) {
        try loop.submit { (self.received, self.closed, self.refused) }.wait()
    }

    func stop() {
        for channel in channels { channel.close(promise: nil) }
        try? group.syncShutdownGracefully()
    }

    fileprivate func add(_ count: Int, to slot: Int) { received[slot] += count }
    fileprivate func markClosed(_ slot: Int) { closed[slot] = true }
    fileprivate func markRefused(_ slot: Int) { refused[slot] = true }
}

/// Counts body bytes (after the response head) of one listener.
private final class BodyCounter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let load: ListenerLoad
    private let slot: Int
    private var inHead = true
    private var headTail: [UInt8] = []

    init(load: ListenerLoad, slot: Int) {
        self.load = load
        self.slot = slot
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if inHead {
            // Skip the response head, which may straddle reads.
            let bytes = headTail + (buffer.readBytes(length: buffer.readableBytes) ?? [])
            guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { headTail = bytes; return }
            inHead = false
            // "HTTP/1.0 200" from Icecast, "ICY 200" from some SHOUTcast-style servers.
            let statusLine = String(decoding: bytes.prefix(while: { $0 != 13 }), as: UTF8.self)
            guard statusLine.hasPrefix("HTTP/1.") || statusLine.hasPrefix("ICY"), statusLine.split(separator: " ").dropFirst().first == "200" else {
                load.markRefused(slot)
                context.close(promise: nil)
                return
            }
            load.add(bytes.count - end.upperBound, to: slot)
            return
        }
        load.add(buffer.readableBytes, to: slot)
    }

    func channelInactive(context: ChannelHandlerContext) {
        load.markClosed(slot)
    }
}
