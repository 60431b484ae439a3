import RealModule

/// The sleep timer's fade: from a given frame the output falls to silence over a given time
/// and stays silent. The curve is 60 dB over the fade, in a straight line in dB, times a
/// linear ramp to zero, so it sounds even and ends at exactly nothing. Cancelled mid-way,
/// it comes back up to full level over a second instead of jumping.
struct FadeOut {
    private let sampleRate: Double
    private var startFrame: Int64 = .max
    private var lengthFrames: Int64 = 1
    private var recovering = false
    private var gain: Float = 1

    init(sampleRate: Double) { self.sampleRate = sampleRate }

    var isActive: Bool { startFrame != .max || recovering }

    /// Fades from `frame` (the engine's frame count) over `seconds`.
    mutating func start(atFrame frame: Int64, seconds: Double) {
        startFrame = frame
        lengthFrames = max(1, Int64(seconds * sampleRate))
        recovering = false
    }

    /// Back to full level, over a second from wherever the fade got to.
    mutating func cancel() {
        startFrame = .max
        recovering = gain < 1
    }

    /// Applies the gain to a block that starts at `frame`, ramped across it.
    mutating func apply(blockStartingAt frame: Int64, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        let startGain = gain
        if recovering {
            gain = min(1, gain + Float(Double(frames) / sampleRate))
            recovering = gain < 1
        } else {
            gain = Self.gain(Double(frame + Int64(frames) - startFrame) / Double(lengthFrames))
        }
        guard startGain != 1 || gain != 1 else { return }
        applyGainRamp(from: startGain, to: gain, left: left, right: right, frames: frames)
    }

    /// The gain at `progress` through the fade (0 before, 1 at its end).
    static func gain(_ progress: Double) -> Float {
        guard progress > 0 else { return 1 }
        guard progress < 1 else { return 0 }
        return Float(Double.exp10(-3 * progress) * (1 - progress))
    }
}
