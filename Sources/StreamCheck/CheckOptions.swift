/// What `synthcast check` is asked to do.
public struct CheckOptions: Sendable {
    /// How long to listen, counted from the first byte of audio.
    public var seconds: Double = 10
    /// The frequency the stream should carry, if it is a test tone.
    public var expectedTone: Double?
    /// Below this RMS the stream counts as silent; stretches below it are reported.
    public var minimumLevel: Double = -60

    /// How far the measured tone may be from the expected one.
    public static let toneTolerance = 0.005
    /// The steady delivery rate a player needs not to run dry, allowing for clock drift.
    public static let minimumRate = 0.95
    /// How long a stretch below the minimum level must last to be reported as silence.
    public static let silentStretchSeconds = 1.0
    /// How long the server may take to answer and start the audio.
    public static let firstByteTimeout = 15.0

    public init(seconds: Double = 10, expectedTone: Double? = nil, minimumLevel: Double = -60) {
        self.seconds = seconds
        self.expectedTone = expectedTone
        self.minimumLevel = minimumLevel
    }
}
