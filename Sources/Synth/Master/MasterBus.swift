import RealModule

/// The last stage: gain, stereo width, a DC blocker and a limiter whose output never
/// exceeds the ceiling (-0.3 dBFS).
///
/// The limiter has two parts. A peak follower with instant attack and a 150 ms release pulls
/// the gain down when the signal passes -3 dBFS, which keeps loud passages clean. Behind it a
/// soft clipper is the identity up to its knee and bends smoothly towards the ceiling
/// (never reaching it), which catches what the follower lets through on a fast attack.
/// Below -3 dBFS the whole stage is exactly the identity, so test tones keep their level.
struct MasterBus {
    static let ceiling: Float = 0.966_050_9  // -0.3 dBFS
    static let threshold: Float = 0.707_945_8  // -3 dBFS
    private static let knee: Float = 0.85

    private let dcCoefficient: Float
    private let releaseFactor: Float
    private var dcInput = SIMD2<Float>.zero
    private var dcOutput = SIMD2<Float>.zero
    private var peak: Float = 0

    init(sampleRate: Double) {
        dcCoefficient = Float(1 - 2 * Double.pi * 5 / sampleRate)  // 5 Hz corner
        releaseFactor = Float(Double.exp(-4.605 / (0.15 * sampleRate)))
    }

    struct Controls {
        var startGain: Float
        var gain: Float
        var startWidth: Float
        var width: Float
    }

    /// Processes one block in place.
    mutating func process(_ c: Controls, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        let step = 1 / Float(frames)
        var gain = c.startGain, width = c.startWidth
        let gainStep = (c.gain - c.startGain) * step, widthStep = (c.width - c.startWidth) * step
        var dcIn = dcInput, dcOut = dcOutput, follower = peak
        for i in 0..<frames {
            gain += gainStep
            width += widthStep
            let mid = (left[i] + right[i]) * 0.5
            let side = (left[i] - right[i]) * 0.5 * width
            let x = SIMD2(mid + side, mid - side) * gain
            // y[n] = x[n] - x[n-1] + R·y[n-1]: removes DC and sub-sonic drift.
            let y = x - dcIn + dcCoefficient * dcOut
            dcIn = x
            dcOut = y
            let level = max(abs(y[0]), abs(y[1]))
            follower = max(level, follower * releaseFactor)
            var limited = y
            if follower > Self.threshold { limited *= Self.threshold / follower }
            left[i] = Self.softClip(limited[0])
            right[i] = Self.softClip(limited[1])
        }
        dcInput = dcIn
        dcOutput = dcOut
        peak = follower
    }

    /// Identity below the knee; above it x/(1+x) bends towards the ceiling with a matching slope.
    @inline(__always)
    static func softClip(_ x: Float) -> Float {
        let magnitude = abs(x)
        guard magnitude > knee else { return x }
        let room = ceiling - knee
        let over = (magnitude - knee) / room
        let bent = knee + room * over / (1 + over)
        return x < 0 ? -bent : bent
    }
}
