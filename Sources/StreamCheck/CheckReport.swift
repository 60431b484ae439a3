/// What a check found, as `synthcast check --json` prints it for a monitor. Levels of digital
/// silence (-infinity dBFS) are null, as JSON has no infinity.
public struct CheckReport: Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// One HTTP reply carrying MP3 (a Synthcast /stream, an Icecast mount, a station).
        case stream
        /// An HLS playlist of packed-audio MP3 segments.
        case hls
    }

    public struct Delivery: Codable, Sendable {
        public var timeToFirstByteSeconds: Double?
        /// Seconds of audio delivered ahead of real time at the start.
        public var burstSeconds: Double
        /// Audio seconds received per second after the burst (1 = real time); null when the
        /// run was too short to tell.
        public var rate: Double?
        /// Spans with no data for longer than `gapThresholdSeconds`.
        public var gaps: Int
        public var longestGapSeconds: Double
        public var gapThresholdSeconds: Double
        /// The stream ended (the server closed it, an HLS playlist ended) before the check did.
        public var ended: Bool
        /// It ended inside an MP3 frame.
        public var endedMidFrame: Bool
        /// HLS only: segments that left the playlist before they could be fetched.
        public var segmentsMissed: Int
    }

    public struct Decoding: Codable, Sendable {
        public var bytes: Int
        public var frames: Int
        public var errors: Int
        public var firstError: String?
        public var resyncs: Int
        public var skippedBytes: Int
        /// Bytes after the last whole frame when the stream ended.
        public var trailingBytes: Int
    }

    public struct Format: Codable, Sendable {
        public var layer: Int
        /// The last frame's bitrate, or the average over the run when it varies.
        public var bitrateKbps: Int
        public var variableBitrate: Bool
        public var sampleRate: Int
        public var channels: Int
    }

    public struct Level: Codable, Sendable {
        public var rmsDBFS: Double?
        public var peakDBFS: Double?
        public var minimumDBFS: Double
        /// Stretches of at least `silentStretchMinimumSeconds` below the minimum.
        public var silentStretches: Int
        public var longestSilenceSeconds: Double
        public var silentStretchMinimumSeconds: Double
    }

    public struct Tone: Codable, Sendable {
        public var expectedHz: Double
        public var measuredHz: Double?
        public var errorPercent: Double?
        public var tolerancePercent: Double
    }

    public var url: String
    public var kind: Kind?
    /// What the stream was checked for: the seconds asked for, and those actually listened.
    public var requestedSeconds: Double
    public var listenedSeconds: Double
    public var audioSeconds: Double
    public var contentType: String?
    public var delivery: Delivery?
    public var decoding: Decoding?
    public var format: Format?
    /// ICY StreamTitle values or HLS ID3 titles, in the order first seen.
    public var titles: [String]
    public var level: Level?
    public var tone: Tone?
    public var healthy: Bool
    /// Why it is not healthy, one line; null when healthy.
    public var failure: String?

    public init(url: String, requestedSeconds: Double, failure: String) {
        self.url = url
        self.requestedSeconds = requestedSeconds
        listenedSeconds = 0
        audioSeconds = 0
        titles = []
        healthy = false
        self.failure = failure
    }

    init(url: String, kind: Kind, requestedSeconds: Double) {
        self.url = url
        self.kind = kind
        self.requestedSeconds = requestedSeconds
        listenedSeconds = 0
        audioSeconds = 0
        titles = []
        healthy = false
    }
}
