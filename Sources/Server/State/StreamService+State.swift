import API
import Foundation
import NIOCore
import Synth

/// Sessions to and from the state file.
extension StreamService {
    func saveState(of session: Session) { stateWriter?.save(session) }
    func forgetState(of session: Session, reason: SessionEnding) { stateWriter?.end(session, reason: reason) }

    /// Brings back the stored sessions with their tokens, settings and Icecast outputs; their
    /// audio starts fresh. One that would have expired while the server was down is expired
    /// now (its tokens answer "expired"), and the tokens of sessions that ended before answer
    /// why. Returns how many came back and how many expired.
    func restoreSessions(from store: SessionStore, outputsOn loops: EventLoopGroup) throws(StateStoreError) -> (restored: Int, expired: Int) {
        let rows: [StoredSession], ended: [EndedToken]
        do { (rows, ended) = (try store.load(), try store.loadEnded()) } catch {
            throw StateStoreError("cannot read the sessions in \(store.path) (\(error)); move it aside, or run with --state none")
        }
        let date = Date(), now = NIODeadline.now()
        var restored = 0, expired = 0
        for row in ended where SessionToken.isWellFormed(row.token) {
            registry.rememberEnded(SessionToken(text: row.token), reason: SessionEnding(rawValue: row.reason) ?? .expired)
        }
        for row in rows {
            guard SessionToken.isWellFormed(row.token), SessionToken.isWellFormed(row.listenToken) else { continue }
            let token = SessionToken(text: row.token), listenToken = SessionToken(text: row.listenToken)
            if row.idleSeconds(at: date) > configuration.idleTimeoutSeconds {
                registry.rememberEnded(token, reason: .expiredWhileDown)
                registry.rememberEnded(listenToken, reason: .expiredWhileDown)
                stateWriter?.end(token: row.token, listenToken: row.listenToken, reason: .expiredWhileDown)
                expired += 1
                continue
            }
            var parameters = Preset.standard.parameters
            var dropped: [String] = []
            for (key, value) in (row.parameterValues() ?? [:]).sorted(by: { $0.key < $1.key }) {
                do { try parameters.set(key, value) } catch { dropped.append(key) }
            }
            if !dropped.isEmpty {
                logger.warning("restored session has values this version does not take; they are at their defaults",
                               metadata: ["session": "\(token.short)", "keys": "\(dropped.joined(separator: ","))"])
            }
            let session = Session(producerSettings, parameters: parameters, seed: UInt64(clamping: row.seed), presetName: row.preset,
                                  configuration: configuration, statistics: statistics, logger: logger, token: token, listenToken: listenToken,
                                  createdAt: .of(Date(timeIntervalSince1970: row.createdAt), now: now, date: date),
                                  now: .of(Date(timeIntervalSince1970: row.lastActivity), now: now, date: date))
            do { try registry.insert(session) } catch {
                logger.error("cannot restore a session: the server is at --max-sessions", metadata: ["session": "\(token.short)"])
                continue
            }
            for request in row.outputRequests() {
                guard let mount = try? IcecastMount(request.url) else { continue }
                _ = startOutput(request, mount: mount, session: session, on: loops.next())
            }
            restored += 1
        }
        return (restored, expired)
    }
}
