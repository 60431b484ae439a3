import NIOConcurrencyHelpers
import NIOCore

/// A token bucket per client address for the control URLs (creating, changing and deleting
/// sessions): `rate` requests a second, bursts of twice that. Listening and reading are not
/// limited. The table is bounded: buckets that have refilled are forgotten by `prune`, and a
/// full table gives up its least recently seen client.
final class ControlRateLimiter: Sendable {
    enum Decision: Equatable {
        case allowed
        /// Refused; `retryAfter` whole seconds until a token is back. `logRefusals` is set
        /// when a log line is due, with the refusals it reports (one line a second per client,
        /// so a flood cannot flood the log).
        case refused(retryAfter: Int, logRefusals: Int?)
    }

    private struct Bucket {
        var tokens: Double
        var updated: NIODeadline
        var unloggedRefusals = 0
        var lastLogged: NIODeadline?
    }

    static let maximumClients = 10_000

    let rate: Double
    let burst: Double
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    /// `rate` 0 allows everything.
    init(rate: Double) {
        self.rate = rate
        burst = max(1, (2 * rate).rounded())
    }

    func admit(_ client: String, now: NIODeadline = .now()) -> Decision {
        guard rate > 0 else { return .allowed }
        return buckets.withLockedValue { buckets in
            if buckets[client] == nil, buckets.count >= Self.maximumClients,
               let stalest = buckets.min(by: { $0.value.updated < $1.value.updated })?.key {
                buckets[stalest] = nil
            }
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            defer { buckets[client] = bucket }
            bucket.tokens = refilled(bucket, now: now)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return .allowed
            }
            bucket.unloggedRefusals += 1
            let retryAfter = max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            guard bucket.lastLogged.map({ now - $0 >= .seconds(1) }) ?? true else {
                return .refused(retryAfter: retryAfter, logRefusals: nil)
            }
            defer { bucket.unloggedRefusals = 0; bucket.lastLogged = now }
            return .refused(retryAfter: retryAfter, logRefusals: bucket.unloggedRefusals)
        }
    }

    /// Forgets clients whose bucket is full again: they would start afresh anyway.
    func prune(now: NIODeadline = .now()) {
        buckets.withLockedValue { buckets in
            buckets = buckets.filter { refilled($0.value, now: now) < burst }
        }
    }

    var clientCount: Int { buckets.withLockedValue { $0.count } }

    private func refilled(_ bucket: Bucket, now: NIODeadline) -> Double {
        let elapsed = Double((now - bucket.updated).nanoseconds) / 1e9
        return min(burst, bucket.tokens + max(0, elapsed) * rate)
    }
}
