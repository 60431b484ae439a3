import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A piece of a reply body, stamped with when it arrived (on the event loop, so the time does
/// not depend on when the checker gets round to it).
struct BodyPiece: Sendable {
    var bytes: ByteBuffer
    var arrival: ContinuousClock.Instant
}

/// An HTTP GET as a player makes it: the reply head, then the body as it arrives. SwiftNIO
/// connects and parses the reply; redirects are followed up to three times. The body ends
/// when the server ends it or `close()` is called.
struct StreamingResponse: Sendable {
    let url: StreamURL
    let head: HTTPResponseHead
    let body: AsyncThrowingStream<BodyPiece, Error>
    private let channel: Channel

    var status: Int { Int(head.status.code) }
    var contentType: String { head.headers["Content-Type"].first?.lowercased() ?? "" }

    func close() { channel.close(promise: nil) }

    /// Closes the connection after `seconds` unless the returned task is cancelled first.
    func close(after seconds: Double) -> Scheduled<Void> {
        let channel = channel
        return channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { channel.close(promise: nil) }
    }

    static let redirectLimit = 3

    /// Opens `url`, waiting at most `timeout` seconds for the reply head.
    static func open(_ url: StreamURL, headers: [(String, String)] = [], timeout: Double,
                     redirects: Int = redirectLimit) async throws(CheckError) -> StreamingResponse {
        let response = try await openOnce(url, headers: headers, timeout: timeout)
        guard [301, 302, 303, 307, 308].contains(response.status) else { return response }
        response.close()
        guard let location = response.head.headers["Location"].first else {
            throw CheckError("HTTP \(response.status) from \(url) names no Location to go to")
        }
        guard redirects > 0 else {
            throw CheckError("more than \(redirectLimit) redirects from \(url); give the URL they end at")
        }
        return try await open(try url.resolving(location), headers: headers, timeout: timeout, redirects: redirects - 1)
    }

    /// The whole body of a short reply (a playlist), cut off after `within` seconds.
    func collect(limit: Int = 1 << 20, within seconds: Double = CheckOptions.firstByteTimeout) async throws(CheckError) -> [UInt8] {
        let cutOff = close(after: seconds)
        defer { cutOff.cancel() }
        var bytes: [UInt8] = []
        do {
            for try await piece in body {
                bytes += piece.bytes.readableBytesView
                guard bytes.count <= limit else {
                    close()
                    throw CheckError("the reply from \(url) is over \(limit / 1024) KiB; a playlist is much smaller")
                }
            }
        } catch let error as CheckError {
            throw error
        } catch {
            throw CheckError("the reply from \(url) broke off: \(error)")
        }
        return bytes
    }

    private static func openOnce(_ url: StreamURL, headers: [(String, String)], timeout: Double) async throws(CheckError) -> StreamingResponse {
        let group = MultiThreadedEventLoopGroup.singleton
        let headPromise = group.any().makePromise(of: HTTPResponseHead.self)
        let (body, continuation) = AsyncThrowingStream<BodyPiece, Error>.makeStream()
        let bootstrap = ClientBootstrap(group: headPromise.futureResult.eventLoop)
            .connectTimeout(.nanoseconds(Int64(min(timeout, 10) * 1e9)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(IcyStatusLine(), position: .first)
                    try channel.pipeline.syncOperations.addHandler(ResponseReader(head: headPromise, body: continuation))
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.connect(host: url.host, port: url.port).get()
        } catch {
            headPromise.fail(error)
            continuation.finish()
            throw CheckError("cannot connect to \(url.authority): \(Self.reason(error))")
        }
        var request = HTTPRequestHead(version: .http1_1, method: .GET, uri: url.target)
        request.headers.add(name: "Host", value: url.port == 80 ? url.host : url.authority)
        request.headers.add(name: "User-Agent", value: "synthcast-check")
        request.headers.add(name: "Accept", value: "*/*")
        request.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(request), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        // Closing makes the reader fail the head, so the promise has one owner.
        let sent = ContinuousClock.now
        let deadline = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) { channel.close(promise: nil) }
        do {
            let head = try await headPromise.futureResult.get()
            deadline.cancel()
            return StreamingResponse(url: url, head: head, body: body, channel: channel)
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            if sent.duration(to: .now) >= .nanoseconds(Int64(timeout * 1e9)) {
                throw CheckError("no reply from \(url.authority) within \(Int(timeout)) s")
            }
            throw CheckError("\(url.authority) sent no HTTP reply: \(Self.reason(error))")
        }
    }

    /// The system's words for a socket error ("Connection refused"), else NIO's description.
    static func reason(_ error: Error) -> String {
        if let connection = error as? NIOConnectionError, let first = connection.connectionErrors.first {
            return reason(first.error)
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if error is ChannelError, case .connectTimeout = error as? ChannelError { return "no answer in time" }
        return "\(error)"
    }
}

/// Hands the reply head and body pieces of one request to `StreamingResponse`, on the
/// connection's event loop.
private final class ResponseReader: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let head: EventLoopPromise<HTTPResponseHead>
    private let body: AsyncThrowingStream<BodyPiece, Error>.Continuation
    /// A promise completes once: later failures go to the body only.
    private var headDone = false

    init(head: EventLoopPromise<HTTPResponseHead>, body: AsyncThrowingStream<BodyPiece, Error>.Continuation) {
        self.head = head
        self.body = body
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            // An interim 1xx reply is not the answer.
            guard received.status.code >= 200 else { return }
            completeHead(.success(received))
        case .body(let bytes):
            body.yield(BodyPiece(bytes: bytes, arrival: .now))
        case .end:
            body.finish()
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        completeHead(.failure(CheckError("the connection closed before a reply")))
        body.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        completeHead(.failure(error))
        // The server ending a reply early (a stream that stops) reads as the body's end;
        // the checker judges what it got.
        body.finish()
        context.close(promise: nil)
    }

    private func completeHead(_ result: Result<HTTPResponseHead, Error>) {
        guard !headDone else { return }
        headDone = true
        head.completeWith(result)
    }
}
