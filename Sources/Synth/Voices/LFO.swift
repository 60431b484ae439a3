/// The modulation LFO, evaluated once per control block (modulation targets are all
/// interpolated per sample downstream). Output in [-1, 1].
struct LFO {
    private var phase: Double = 0
    private var random: SeededRandom
    private var from: Float = 0
    private var to: Float = 0

    init(seed: UInt64) {
        random = SeededRandom(seed: seed, salt: 0x1F0)
        to = random.bipolar()
    }

    /// Moves the phase on by one block. Runs whether or not anything listens, so the phase
    /// and the random points stay the same for a seed when modulation is turned up later.
    mutating func advance(rate: Double, seconds: Double) {
        phase += rate * seconds
        if phase >= 1 {
            phase -= phase.rounded(.down)
            from = to
            to = random.bipolar()
        }
    }

    /// The output at the current phase.
    func value(shape: LFOShape) -> Float {
        let p = Float(phase)
        switch shape {
        case .sine: return sine2Pi(p)
        case .triangle: return 1 - 4 * abs(p - 0.5)
        case .square: return p < 0.5 ? 1 : -1
        // Smooth random: glides between random points instead of stepping, so it never clicks.
        case .random: return from + (to - from) * (p * p * (3 - 2 * p))
        }
    }
}
