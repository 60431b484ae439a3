import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP/1.1 requests the caller waits for, over one kept-alive connection that is opened
/// again when the server has closed it: the terminal UI's control calls, a dozen a second.
/// SwiftNIO parses the replies; the connection runs on an event loop of the client's own,
/// so a call must not be made from that loop (the UI calls from its own threads).
final class BlockingHTTPClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: [UInt8]
    }

    enum Failure: Error {
        /// Nothing answered at host:port (refused, unreachable, or no connection in time).
        case cannotConnect(String)
        /// The connection broke before a whole reply came; `replyStarted` when part of one had.
        case closed(replyStarted: Bool)
        case timedOut
        case other(String)
    }

    let host: String
    let port: Int
    private let timeout: TimeAmount
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// The kept-alive connection, if one is open; calls take turns through the lock.
    private let connection = NIOLockedValueBox<Channel?>(nil)

    init(host: String, port: Int, timeout: TimeAmount) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    deinit {
        connection.withLockedValue { $0?.close(promise: nil) }
        try? group.syncShutdownGracefully()
    }

    func send(_ method: HTTPMethod, _ target: String, headers: [(String, String)], body: [UInt8]?) throws(Failure) -> Reply {
        let outcome = connection.withLockedValue { channel in
            Result { () throws(Failure) -> Reply in
                if let open = channel, open.isActive {
                    do throws(Failure) {
                        let reply = try exchange(on: open, method, target, headers, body)
                        // A kept-alive connection the server gave up on while it sat idle
                        // answers 408 (or just closes): the request never reached the server,
                        // so it goes again on a new connection.
                        if reply.status != 408 { return reply }
                    } catch .closed(replyStarted: false) {}
                    open.close(promise: nil)
                }
                channel = nil
                let fresh = try connect()
                channel = fresh
                return try exchange(on: fresh, method, target, headers, body)
            }
        }
        return try outcome.get()
    }

    private func connect() throws(Failure) -> Channel {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ReplyCollector())
                }
            }
        do {
            return try bootstrap.connect(host: host, port: port).wait()
        } catch {
            throw .cannotConnect("\(error)")
        }
    }

    private func exchange(on channel: Channel, _ method: HTTPMethod, _ target: String,
                          _ headers: [(String, String)], _ body: [UInt8]?) throws(Failure) -> Reply {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if let body { head.headers.add(name: "Content-Length", value: "\(body.count)") }
        let timeout = timeout, request = head
        let reply = channel.eventLoop.flatSubmit { () -> EventLoopFuture<Reply> in
            do {
                let collector = NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ReplyCollector.self), eventLoop: channel.eventLoop)
                let awaited = collector.value.expectReply(on: channel.eventLoop)
                channel.write(HTTPClientRequestPart.head(request), promise: nil)
                if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
                // A connection that closed a moment ago takes no request: that is known at once.
                channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { _ in
                    collector.value.fail(Failure.closed(replyStarted: false))
                }
                let deadline = channel.eventLoop.scheduleTask(in: timeout) {
                    collector.value.fail(Failure.timedOut)
                    channel.close(promise: nil)
                }
                awaited.whenComplete { _ in deadline.cancel() }
                return awaited
            } catch {
                // The pipeline is gone: the connection closed before this request.
                return channel.eventLoop.makeFailedFuture(Failure.closed(replyStarted: false))
            }
        }
        do {
            return try reply.wait()
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .other("\(error)")
        }
    }
}

/// Gathers one reply at a time for `BlockingHTTPClient`, on the connection's event loop.
private final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private var waiting: EventLoopPromise<BlockingHTTPClient.Reply>?
    private var status: Int?
    private var body: [UInt8] = []

    func expectReply(on eventLoop: EventLoop) -> EventLoopFuture<BlockingHTTPClient.Reply> {
        let promise = eventLoop.makePromise(of: BlockingHTTPClient.Reply.self)
        waiting = promise
        status = nil
        body = []
        return promise.futureResult
    }

    func fail(_ error: Error) {
        waiting?.fail(error)
        waiting = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(let bytes):
            body += bytes.readableBytesView
        case .end:
            guard let promise = waiting, let status else {
                // A reply nobody asked for (the server's 408 on an idle connection): this
                // connection is done.
                context.close(promise: nil)
                return
            }
            waiting = nil
            promise.succeed(.init(status: status, body: body))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(BlockingHTTPClient.Failure.closed(replyStarted: status != nil))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset before any reply is the server closing a connection it had given up on
        // (an idle kept-alive one): for the caller, the same as a close.
        fail(status == nil ? BlockingHTTPClient.Failure.closed(replyStarted: false) : BlockingHTTPClient.Failure.other("\(error)"))
        context.close(promise: nil)
    }
}
