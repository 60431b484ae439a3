/// `POST /sessions/{id}/timer`: the session fades to silence after `fadeOutAfter` seconds,
/// over `fadeSeconds` (default 30, at most the whole time), then ends: its listeners get the
/// end of the stream.
public struct SleepTimerRequest: Sendable, Hashable, Codable {
    public var fadeOutAfter: Double
    public var fadeSeconds: Double?

    public init(fadeOutAfter: Double, fadeSeconds: Double? = nil) {
        self.fadeOutAfter = fadeOutAfter
        self.fadeSeconds = fadeSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case fadeOutAfter = "fade_out_after"
        case fadeSeconds = "fade_seconds"
    }
}

/// A session's sleep timer, counted from when it was read.
public struct SleepTimerInfo: Sendable, Hashable, Codable {
    /// Seconds until the fade starts (0 once it has).
    public var fadeOutIn: Double
    public var fadeSeconds: Double
    /// Seconds until the session ends.
    public var endsIn: Double

    public init(fadeOutIn: Double, fadeSeconds: Double, endsIn: Double) {
        self.fadeOutIn = fadeOutIn
        self.fadeSeconds = fadeSeconds
        self.endsIn = endsIn
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case fadeOutIn = "fade_out_in"
        case fadeSeconds = "fade_seconds"
        case endsIn = "ends_in"
    }
}
