import NIOCore

/// Maps wall-clock time to a position in a session's decoded stream, in samples. It runs
/// while a session has listeners and is set anew when the first listener of a quiet session
/// arrives, so a session nobody hears costs nothing and falls no further behind.
struct StreamClock: Sendable {
    let anchorSample: Double
    let anchorTime: NIODeadline
    let sampleRate: Double

    func position(at time: NIODeadline) -> Double {
        anchorSample + Double((time - anchorTime).nanoseconds) * 1e-9 * sampleRate
    }

    /// When the clock reaches `sample`.
    func time(atPosition sample: Double) -> NIODeadline {
        anchorTime + .nanoseconds(Int64(((sample - anchorSample) / sampleRate * 1e9).rounded(.up)))
    }
}
