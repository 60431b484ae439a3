import API
import NIOCore

/// When a session fades to silence and ends: set by `POST /sessions/{id}/timer` or
/// `create_stream?sleep=30m`, kept in wall-clock time. The render thread turns the fade's
/// start into a frame of the stream; the upkeep ends the session once the fade is over.
struct SleepTimer: Sendable, Equatable {
    static let defaultFadeSeconds = 30.0
    static let longest = 7 * 24 * 3600.0

    let fadeStart: NIODeadline
    let fadeSeconds: Double

    var end: NIODeadline { fadeStart + .nanoseconds(Int64(fadeSeconds * 1e9)) }

    /// A timer from a request, checked: up to a week, a fade of 1 s up to an hour.
    init(_ request: SleepTimerRequest, now: NIODeadline = .now()) throws(ServiceError) {
        let after = request.fadeOutAfter, fade = request.fadeSeconds ?? Self.defaultFadeSeconds
        guard after.isFinite, (0...Self.longest).contains(after) else {
            throw .badRequest("'fade_out_after' takes seconds, 0...\(Int(Self.longest)), got \(after)")
        }
        guard fade.isFinite, (1...3600).contains(fade) else {
            throw .badRequest("'fade_seconds' takes seconds, 1...3600, got \(fade)")
        }
        fadeStart = now + .nanoseconds(Int64(after * 1e9))
        fadeSeconds = fade
    }

    /// `sleep=30m` on `create_stream`: silent and ended after that long, fading over the last
    /// minute (half of it when shorter). Takes 90, 90s, 30m, 1h or 1h30m.
    init(sleep text: String, now: NIODeadline = .now()) throws(ServiceError) {
        guard let total = Self.seconds(text), total >= 2, total <= Self.longest else {
            throw .badRequest("'sleep' takes a duration from 2s to 7d: 90, 90s, 30m, 1h or 1h30m; got '\(text.prefix(40))'")
        }
        let fade = min(60, total / 2)
        try self.init(SleepTimerRequest(fadeOutAfter: total - fade, fadeSeconds: fade), now: now)
    }

    func info(now: NIODeadline = .now()) -> SleepTimerInfo {
        func seconds(_ amount: TimeAmount) -> Double { (max(0, Double(amount.nanoseconds) * 1e-9) * 10).rounded() / 10 }
        return SleepTimerInfo(fadeOutIn: seconds(fadeStart - now), fadeSeconds: fadeSeconds, endsIn: seconds(end - now))
    }

    /// Seconds in "90", "90s", "30m", "1h", "1h30m", "2d".
    static func seconds(_ text: String) -> Double? {
        if let plain = Double(text) { return plain.isFinite ? plain : nil }
        var total = 0.0, digits = ""
        for character in text {
            if character.isNumber || character == "." {
                digits.append(character)
                continue
            }
            let unit: Double
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            default: return nil
            }
            guard let value = Double(digits) else { return nil }
            total += value * unit
            digits = ""
        }
        return digits.isEmpty && total > 0 ? total : nil
    }
}
