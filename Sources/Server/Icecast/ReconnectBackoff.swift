import NIOCore

/// How long to wait before reconnect attempt `n` (1, 2, ...): 1 s doubling to 30 s, each
/// scaled by a random 0.8...1.2 so sources dropped together (Icecast restarted) do not all
/// come back in the same instant.
struct ReconnectBackoff: Sendable {
    var first = 1.0
    var maximum = 30.0
    var jitter = 0.2

    func delay(beforeAttempt attempt: Int) -> TimeAmount {
        let doubled = first * Double(1 << min(max(attempt - 1, 0), 16))
        let seconds = min(maximum, doubled) * Double.random(in: (1 - jitter)...(1 + jitter))
        return .nanoseconds(Int64(min(seconds, maximum) * 1e9))
    }
}
