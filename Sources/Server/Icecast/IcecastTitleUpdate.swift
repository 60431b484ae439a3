import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sets the title Icecast shows for a mount (its listeners' ICY `StreamTitle`, `status-json.xsl`):
/// `GET /admin/metadata?mode=updinfo&mount=…&song=…&charset=UTF-8` with the source's credentials,
/// on a connection of its own. The future gives Icecast's status code.
enum IcecastTitleUpdate {
    static func send(_ title: String, to mount: IcecastMount, on eventLoop: EventLoop) -> EventLoopFuture<Int> {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let song = title.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let target = "/admin/metadata?mode=updinfo&mount=\(mount.mount.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")&song=\(song)&charset=UTF-8"
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: [
            "Host": "\(mount.host):\(mount.port)", "Authorization": mount.basicAuthorization, "User-Agent": "Synthcast", "Connection": "close",
        ])
        let answered = eventLoop.makePromise(of: Int.self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(IcecastConnection.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(StatusReader(head: head, answered: answered))
                }
            }
        bootstrap.connect(host: mount.host, port: mount.port).whenComplete { result in
            switch result {
            case .failure(let error): answered.fail(IcecastSourceError(.connection, "cannot connect to \(mount): \(IcecastConnection.reason(error))"))
            case .success(let channel):
                let timeout = eventLoop.scheduleTask(in: IcecastConnection.answerTimeout) { channel.close(promise: nil) }
                answered.futureResult.whenComplete { _ in
                    timeout.cancel()
                    channel.close(promise: nil)
                }
            }
        }
        return answered.futureResult
    }

    /// Sends the request and completes with the answer's status.
    private final class StatusReader: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        private let head: HTTPRequestHead
        private let answered: EventLoopPromise<Int>

        init(head: HTTPRequestHead, answered: EventLoopPromise<Int>) {
            self.head = head
            self.answered = answered
        }

        func channelActive(context: ChannelHandlerContext) {
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head(let response) = unwrapInboundIn(data) { answered.succeed(Int(response.status.code)) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            answered.fail(IcecastSourceError(.connection, "Icecast closed the connection before answering the title update"))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            answered.fail(IcecastSourceError(.connection, "the title update failed: \(IcecastConnection.reason(error))"))
            context.close(promise: nil)
        }
    }
}
