import API
import Foundation
import NIOCore

/// A session to and from its row in the state file.
extension Session {
    /// The row for this session as it is at `date` (the wall clock; the session's own times
    /// run on the monotonic clock).
    func stored(at date: Date) -> StoredSession {
        let now = NIODeadline.now()
        let encoder = APIJSON.encoder()
        let params = Dictionary(uniqueKeysWithValues: parameters.current.externalValues.map { ($0.key, $0.value) })
        let outputs = self.outputs.all.map(\.request)
        return StoredSession(
            token: token.text, listenToken: listenToken.text, preset: presetName, seed: Int64(seed),
            params: String(decoding: (try? encoder.encode(params)) ?? Data("{}".utf8), as: UTF8.self),
            outputs: String(decoding: (try? encoder.encode(outputs)) ?? Data("[]".utf8), as: UTF8.self),
            createdAt: createdAt.wallClock(now: now, date: date).timeIntervalSince1970,
            lastActivity: lastActivity(at: now).wallClock(now: now, date: date).timeIntervalSince1970)
    }
}

extension StoredSession {
    /// Seconds since the session was last active.
    func idleSeconds(at date: Date) -> Double { date.timeIntervalSince1970 - lastActivity }

    /// The stored parameter values by key; nil if they cannot be read.
    func parameterValues() -> [String: ParameterValue]? {
        try? APIJSON.decoder().decode([String: ParameterValue].self, from: Data(params.utf8))
    }

    /// The Icecast outputs to start again.
    func outputRequests() -> [IcecastOutputRequest] {
        (try? APIJSON.decoder().decode([IcecastOutputRequest].self, from: Data(outputs.utf8))) ?? []
    }
}

extension NIODeadline {
    /// This deadline on the wall clock, `date` being the wall-clock time of `now`.
    func wallClock(now: NIODeadline, date: Date) -> Date {
        date.addingTimeInterval(-Double((now - self).nanoseconds) * 1e-9)
    }

    /// The deadline a wall-clock time stands for, `date` being the wall-clock time of `now`;
    /// no earlier than the monotonic clock's start (the machine may have rebooted since).
    static func of(_ wallClock: Date, now: NIODeadline, date: Date) -> NIODeadline {
        let ago = Int64(max(0, date.timeIntervalSince(wallClock)) * 1e9)
        return ago >= Int64(now.uptimeNanoseconds) ? .uptimeNanoseconds(0) : now - .nanoseconds(ago)
    }
}
