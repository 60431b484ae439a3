import DequeModule
import NIOConcurrencyHelpers
import NIOCore

/// The live sessions by token and by listen-only token, the session limit, and a bounded
/// memory of ended tokens so a late player is told "expired" or "deleted" rather than "unknown".
final class SessionRegistry: Sendable {
    enum Access { case control, listenOnly }

    private struct Table {
        var byToken: [SessionToken: Session] = [:]
        var byListenToken: [SessionToken: Session] = [:]
        /// Why each remembered token's session ended.
        var ended: [SessionToken: SessionEnding] = [:]
        var endedOrder = Deque<SessionToken>()

        mutating func remove(_ session: Session, reason: SessionEnding) {
            byToken[session.token] = nil
            byListenToken[session.listenToken] = nil
            remember(session.token, reason)
            remember(session.listenToken, reason)
        }

        mutating func remember(_ token: SessionToken, _ reason: SessionEnding) {
            if ended.updateValue(reason, forKey: token) == nil { endedOrder.append(token) }
            while endedOrder.count > SessionRegistry.rememberedEndedTokens {
                ended[endedOrder.removeFirst()] = nil
            }
        }
    }

    static let rememberedEndedTokens = 100_000
    private let maxSessions: Int
    private let table = NIOLockedValueBox(Table())

    init(maxSessions: Int) { self.maxSessions = maxSessions }

    var count: Int { table.withLockedValue { $0.byToken.count } }
    var sessions: [Session] { table.withLockedValue { Array($0.byToken.values) } }

    /// Fails with 503 when the server already has `maxSessions`.
    func checkCapacity() throws(ServiceError) {
        if count >= maxSessions { throw Self.full(maxSessions) }
    }

    func insert(_ session: Session) throws(ServiceError) {
        let inserted = table.withLockedValue { table -> Bool in
            guard table.byToken.count < maxSessions else { return false }
            table.byToken[session.token] = session
            table.byListenToken[session.listenToken] = session
            return true
        }
        if !inserted { throw Self.full(maxSessions) }
    }

    /// The session an id names, and whether the id may change it.
    func find(_ id: String?) throws(ServiceError) -> (Session, Access) {
        guard let id, !id.isEmpty else { throw .badRequest("missing 'id': pass the token from /create_stream as ?id=TOKEN") }
        guard SessionToken.isWellFormed(id) else { throw .notFound("unknown session id '\(id.prefix(40))': a token is 22 characters (after NODE. on a cluster) from /create_stream") }
        let token = SessionToken(text: id)
        let found = table.withLockedValue { table -> (Session, Access)? in
            if let session = table.byToken[token] { return (session, .control) }
            if let session = table.byListenToken[token] { return (session, .listenOnly) }
            return nil
        }
        if let found { return found }
        if let reason = table.withLockedValue({ $0.ended[token] }) {
            throw .notFound("session \(token.short)… \(reason.explanation); create a new one with /create_stream")
        }
        throw .notFound("unknown session id '\(id)'; create one with /create_stream")
    }

    /// Removes and returns sessions idle for longer than `idleTimeout`.
    func removeExpired(at now: NIODeadline, idleTimeout: TimeAmount) -> [Session] {
        table.withLockedValue { table in
            let expired = table.byToken.values.filter { $0.isExpired(at: now, idleTimeout: idleTimeout) }
            for session in expired {
                table.remove(session, reason: .expired)
            }
            return expired
        }
    }

    /// Remembers a token whose session ended before this server started, oldest first.
    func rememberEnded(_ token: SessionToken, reason: SessionEnding) {
        table.withLockedValue { $0.remember(token, reason) }
    }

    /// Removes a session that was deleted through the API, or that ended for `reason`.
    func remove(_ session: Session, reason: SessionEnding = .deleted) {
        table.withLockedValue { $0.remove(session, reason: reason) }
    }

    private static func full(_ limit: Int) -> ServiceError {
        .unavailable("the server is at its limit of \(limit) sessions (--max-sessions); try again when one expires")
    }
}
