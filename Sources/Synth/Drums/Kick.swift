/// The kick: a sine whose pitch starts at four times the set pitch and falls back to it within
/// about 40 ms (the drum-machine sweep), under a 0.45 s decay.
struct Kick {
    private let decay: ExponentialDecay
    private let sweepDecay: ExponentialDecay
    /// Lane i: Σ d^j for j ≤ i (d the sweep's decay), the sweep's share of the phase so far.
    private let sweepSums: SIMD8<Float>

    private var phase: Float = 0
    /// The pitch envelope: 1 at the hit, falling to 0.
    private var sweep: Float = 0
    private var level: Float = 0

    init(sampleRate: Double) {
        decay = ExponentialDecay(fortyDecibelsIn: 0.45, sampleRate: sampleRate)
        sweepDecay = ExponentialDecay(fortyDecibelsIn: 0.04, sampleRate: sampleRate)
        var sums = sweepDecay.lanePowers
        for lane in 1..<8 { sums[lane] += sums[lane - 1] }
        sweepSums = sums
    }

    var isSounding: Bool { level > ExponentialDecay.silence }

    mutating func hit() {
        phase = 0
        sweep = 1
        level = 1
    }

    /// The next eight samples at `pitch` cycles per sample.
    @inline(__always)
    mutating func next(pitch: Float) -> SIMD8<Float> {
        // Each sample steps the phase by pitch·(1 + 3·sweep) and then lowers the sweep, so the
        // phase at lane i is a ramp plus a geometric sum, both in closed form.
        let sweepCycles = 3 * pitch * sweep
        let phases = phase + pitch * .oneThroughEight + sweepCycles * sweepSums
        phase += 8 * pitch + sweepCycles * sweepSums[7]
        phase -= phase >= 1 ? 1 : 0
        sweep *= sweepDecay.perEight
        return sine2Pi(phases) * decay.next(&level)
    }
}
