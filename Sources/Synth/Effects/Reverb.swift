import RealModule

/// An eight-line feedback delay network (Jot/Stautner-Puckette): the lines sit in the
/// lanes of one SIMD8 vector, are mixed by an orthogonal Hadamard matrix, damped by a
/// one-pole low-pass each, and scaled so that the tail decays by 60 dB in the time `size` sets.
struct Reverb {
    typealias Lanes = SIMD8<Float>
    /// Mutually prime line lengths at 44.1 kHz (23 to 64 ms), scaled to the sample rate.
    private static let lengthsAt44k: SIMD8<Float> = [1021, 1327, 1559, 1801, 2029, 2251, 2543, 2819]

    private let lines: SampleBuffer
    private let capacity: Int
    private let lengths: SIMD8<Int32>
    private let lengthSeconds: Lanes
    private var writeIndex = 0
    private var damped: Lanes = .zero
    private var idle = true

    init(sampleRate: Double) {
        let scaled = (Self.lengthsAt44k * Float(sampleRate / 44100)).rounded(.toNearestOrEven)
        lengths = SIMD8<Int32>(scaled, rounding: .towardZero)
        lengthSeconds = scaled / Float(sampleRate)
        capacity = Int(scaled.max()) + 1
        // Frames of eight floats, one per line: one vector store writes all lines.
        lines = SampleBuffer(count: capacity * 8)
    }

    struct Controls {
        var size: Float
        var damping: Float
        var startMix: Float
        var mix: Float
    }

    /// Feeds the mono sum of `inLeft/inRight` in and adds the stereo tail to the outputs.
    mutating func process(_ c: Controls, inLeft: UnsafePointer<Float>, inRight: UnsafePointer<Float>,
                          outLeft: UnsafeMutablePointer<Float>, outRight: UnsafeMutablePointer<Float>, frames: Int) {
        guard c.mix > 0 || c.startMix > 0 else {
            if !idle { lines.clear(); damped = .zero; idle = true }
            return
        }
        idle = false
        // Decay time 0.3 s ... 12 s; per-line gain for -60 dB over that time.
        let decaySeconds = 0.3 * Double.pow(40, Double(c.size))
        var feedback = Lanes.zero
        for lane in 0..<8 {
            feedback[lane] = Float(Double.pow(10, -3 * Double(lengthSeconds[lane]) / decaySeconds))
        }
        let damping = Lanes(repeating: 1 - 0.9 * c.damping)
        let scale = Lanes(repeating: 0.3535534)  // 1/√8 keeps the Hadamard mix orthonormal
        let leftTaps: Lanes = [1, 0, 1, 0, 1, 0, 1, 0], rightTaps: Lanes = [0, 1, 0, 1, 0, 1, 0, 1]
        let base = lines.pointer
        var write = writeIndex, state = damped
        var mix = c.startMix
        let mixStep = (c.mix - c.startMix) / Float(frames)
        for i in 0..<frames {
            var out = Lanes.zero
            for lane in 0..<8 {
                var read = write - Int(lengths[lane])
                if read < 0 { read += capacity }
                out[lane] = base[read * 8 + lane]
            }
            state += (out - state) * damping
            let input = (inLeft[i] + inRight[i]) * 0.25
            let mixed = Self.hadamard(state) * scale * feedback + input
            UnsafeMutableRawPointer(base + write * 8).storeBytes(of: mixed, as: Lanes.self)
            write += 1
            if write == capacity { write = 0 }
            mix += mixStep
            outLeft[i] += (out * leftTaps).sum() * 0.5 * mix
            outRight[i] += (out * rightTaps).sum() * 0.5 * mix
        }
        writeIndex = write
        damped = state
    }

    /// Unnormalised 8-point fast Walsh-Hadamard transform.
    @inline(__always)
    private static func hadamard(_ x: Lanes) -> Lanes {
        var v = x
        for _ in 0..<3 {
            let even = v.evenHalf, odd = v.oddHalf
            v = Lanes(lowHalf: even + odd, highHalf: even - odd)
        }
        return v
    }
}
