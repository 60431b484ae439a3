import NIOCore
import NIOHTTP1

/// Operator powers (listing every session, saving and deleting presets) are for requests
/// from this machine, or for remote ones with `Authorization: Bearer TOKEN` where the server
/// was started with `--admin-token TOKEN`.
struct OperatorAccess: Middleware {
    let adminToken: String?
    /// Requests from loopback count as the operator's (tests turn this off).
    let loopbackIsOperator: Bool

    func respond(to request: HTTPRequest, endpoint: Endpoint?,
                 next: (HTTPRequest) throws(ServiceError) -> Response) throws(ServiceError) -> Response {
        if let endpoint, endpoint.access == .operator { try check(request, power: endpoint.summary) }
        return try next(request)
    }

    private func check(_ request: HTTPRequest, power: String) throws(ServiceError) {
        if loopbackIsOperator, let peer = request.peer, Self.isLoopback(peer) { return }
        guard let adminToken else {
            throw .forbidden("\(power) is for the operator: connect from this machine, or start the server with --admin-token")
        }
        guard let given = request.head.headers["Authorization"].first else {
            throw .unauthorized("\(power) needs the operator's token: send Authorization: Bearer TOKEN")
        }
        let expected = "Bearer \(adminToken)"
        // Compared in constant time, so the reply's timing does not reveal the token.
        guard given.utf8.count == expected.utf8.count, zip(given.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw .forbidden("wrong operator token")
        }
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4: address.ipAddress?.hasPrefix("127.") == true
        case .v6: address.ipAddress == "::1" || address.ipAddress?.hasPrefix("::ffff:127.") == true
        default: false
        }
    }
}
