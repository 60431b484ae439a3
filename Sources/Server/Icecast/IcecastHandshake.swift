import NIOCore
import NIOHTTP1

/// The source's request and Icecast's answer, on a fresh connection: `PUT` with
/// `Expect: 100-continue` (Icecast 2.4 and later), or the legacy `SOURCE`. It succeeds when
/// Icecast says go on (100 Continue, or 200) and fails with the refusal otherwise. NIO's
/// decoder reads the answer; the audio that follows is raw bytes (no chunking), so the HTTP
/// handlers are removed once it succeeds.
final class IcecastHandshake: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    enum Method { case put, source }

    private let mount: IcecastMount
    private let info: IcecastStreamInfo
    private let method: Method
    private let answered: EventLoopPromise<Void>
    private var status: HTTPResponseStatus?
    /// The refusal's text: Icecast 2.4 says "Mountpoint in use" only there.
    private var body = ""
    private var done = false

    init(mount: IcecastMount, info: IcecastStreamInfo, method: Method, answered: EventLoopPromise<Void>) {
        self.mount = mount
        self.info = info
        self.method = method
        self.answered = answered
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders([
            ("Host", "\(mount.host):\(mount.port)"),
            ("Authorization", mount.basicAuthorization),
            ("User-Agent", "Synthcast"),
            ("Content-Type", "audio/mpeg"),
        ])
        headers.add(contentsOf: info.headers)
        let head: HTTPRequestHead
        switch method {
        case .put:
            headers.add(name: "Expect", value: "100-continue")
            head = HTTPRequestHead(version: .http1_1, method: .PUT, uri: mount.mount, headers: headers)
        case .source:
            head = HTTPRequestHead(version: .http1_0, method: .RAW(value: "SOURCE"), uri: mount.mount, headers: headers)
        }
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if head.status == .continue || (200..<300).contains(head.status.code) {
                finish(.success(()))
            } else {
                status = head.status
            }
        case .body(let bytes):
            if body.utf8.count < 512 { body += String(decoding: bytes.readableBytesView.prefix(512), as: UTF8.self) }
        case .end:
            if status != nil { finish(.failure(refusal())) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(status != nil ? refusal() : IcecastSourceError(.connection, "\(mount) closed the connection before answering")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(.failure(status != nil ? refusal() : IcecastSourceError(.connection, "\(mount): \(error)")))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<Void, IcecastSourceError>) {
        guard !done else { return }
        done = true
        answered.completeWith(result.mapError { $0 as Error })
    }

    private func refusal() -> IcecastSourceError {
        let code = Int(status?.code ?? 0)
        let said = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? status?.reasonPhrase ?? ""
        switch code {
        case 401:
            return IcecastSourceError(.authentication, "\(mount): authentication failed (401): check the source user and password")
        case 409:
            return IcecastSourceError(.mountInUse, "\(mount): mountpoint in use (409): another source is streaming to it")
        case 403 where said.lowercased().contains("in use"):
            return IcecastSourceError(.mountInUse, "\(mount): mountpoint in use (403): another source is streaming to it")
        default:
            return IcecastSourceError(.refused(status: code), "\(mount): Icecast refused the source (\(code) \(said.prefix(120)))")
        }
    }
}
