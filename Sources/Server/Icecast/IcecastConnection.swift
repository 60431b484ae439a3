#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

/// Opens a source connection to an Icecast mount: connects, asks with `PUT` (falling back to
/// `SOURCE` when the server does not take PUT), and once Icecast says go on, leaves a pipeline
/// that carries raw bytes, ending in an `IcecastSourceSink` whose context audio is written through.
enum IcecastConnection {
    static let connectTimeout = TimeAmount.seconds(5)
    static let answerTimeout = TimeAmount.seconds(10)

    static func open(_ mount: IcecastMount, info: IcecastStreamInfo, on eventLoop: EventLoop,
                     writeBufferWaterMark: ChannelOptions.Types.WriteBufferWaterMark) -> EventLoopFuture<Channel> {
        open(mount, info: info, method: .put, on: eventLoop, writeBufferWaterMark: writeBufferWaterMark)
            .flatMapError { error in
                guard let refusal = error as? IcecastSourceError, refusal.isMethodRefusal else { return eventLoop.makeFailedFuture(error) }
                return open(mount, info: info, method: .source, on: eventLoop, writeBufferWaterMark: writeBufferWaterMark)
            }
    }

    private static func open(_ mount: IcecastMount, info: IcecastStreamInfo, method: IcecastHandshake.Method, on eventLoop: EventLoop,
                             writeBufferWaterMark: ChannelOptions.Types.WriteBufferWaterMark) -> EventLoopFuture<Channel> {
        let answered = eventLoop.makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.writeBufferWaterMark, value: writeBufferWaterMark)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    var encoder = HTTPRequestEncoder.Configuration()
                    // The audio after the request is neither chunked nor of a known length.
                    encoder.automaticallySetFramingHeaders = false
                    try pipeline.addHandler(HTTPRequestEncoder(configuration: encoder), name: "icecast-request")
                    try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(informationalResponseStrategy: .forward)),
                                            name: "icecast-response")
                    try pipeline.addHandler(IcecastHandshake(mount: mount, info: info, method: method, answered: answered),
                                            name: "icecast-handshake")
                }
            }
        return bootstrap.connect(host: mount.host, port: mount.port)
            .flatMapErrorThrowing { error in
                answered.fail(error)
                throw IcecastSourceError(.connection, "cannot connect to \(mount): \(Self.reason(error))")
            }
            .flatMap { channel in
                let timeout = eventLoop.scheduleTask(in: answerTimeout) {
                    answered.fail(IcecastSourceError(.timeout, "\(mount) did not answer the source request within \(answerTimeout.nanoseconds / 1_000_000_000) s"))
                }
                return answered.futureResult
                    .always { _ in timeout.cancel() }
                    .flatMapError { error in
                        channel.close(promise: nil)
                        return eventLoop.makeFailedFuture(error)
                    }
                    .flatMap { rawBytes(channel) }
            }
    }

    /// Takes the HTTP handlers out and puts the audio sink in their place.
    private static func rawBytes(_ channel: Channel) -> EventLoopFuture<Channel> {
        let pipeline = channel.pipeline
        return pipeline.removeHandler(name: "icecast-handshake")
            .flatMap { pipeline.removeHandler(name: "icecast-response") }
            .flatMap { pipeline.removeHandler(name: "icecast-request") }
            .flatMapThrowing {
                try pipeline.syncOperations.addHandler(IcecastSourceSink())
                return channel
            }
    }

    /// What went wrong with a connection, in the system's words ("Connection refused").
    static func reason(_ error: Error) -> String {
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first?.error { return reason(first) }
            if let resolution = connection.dnsAAAAError ?? connection.dnsAError { return "cannot resolve the host (\(resolution))" }
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "no answer within \(connectTimeout.nanoseconds / 1_000_000_000) s" }
        return "\(error)"
    }
}

/// The end of a source connection's pipeline once Icecast took the source: audio is written
/// through its context; anything Icecast sends back is ignored.
final class IcecastSourceSink: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
