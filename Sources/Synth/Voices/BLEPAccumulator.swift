/// The output side of band-limited oscillators: a two-sample delay line that is still open to
/// correction, so a discontinuity can be smoothed over the two samples before it, the sample
/// it falls in and the one after (the 4-point polyBLEP/polyBLAMP kernels). Corrections are
/// linear, so several oscillators mixed into one accumulator share it: one delay line per
/// voice instead of one per oscillator, which keeps the voice loop's state in registers.
struct BLEPAccumulator {
    typealias Lanes = VoiceLanes

    /// The two most recent samples, still open to correction; `older` is output next.
    private var recent: Lanes = .zero
    private var older: Lanes = .zero
    /// Correction owed to the next sample by a discontinuity in this one.
    private var pending: Lanes = .zero
    /// The sample being built.
    var current: Lanes = .zero

    /// Starts a sample with what earlier discontinuities owe it.
    @inline(__always)
    mutating func begin() {
        current = pending
        pending = .zero
    }

    /// Finishes the sample and returns the one two samples back, now final.
    @inline(__always)
    mutating func finish() -> Lanes {
        let out = older
        older = recent
        recent = current
        return out
    }

    /// Spreads a step of height `jump` over the samples from two before to one after it.
    /// `t` is how far the current sample lies past the step, in samples, [0, 1).
    @inline(__always)
    mutating func addStep(_ jump: Lanes, samplesSince t: Lanes) {
        let t2 = t * t, t3 = t2 * t, t4 = t2 * t2
        let u = t - 1, u3 = u * u * u, u4 = u3 * u
        let s = 1 - t, s4 = (s * s) * (s * s)
        let third: Float = 1.0 / 3, twoThirds: Float = 2.0 / 3
        let before: Lanes = 0.5 + u * twoThirds - u3 * third - u4 * 0.125
        let after: Lanes = -0.5 + t * twoThirds - t3 * third + t4 * 0.125
        older = multiplyAdd(jump, t4 * (1.0 / 24), older)
        recent = multiplyAdd(jump, before, recent)
        current = multiplyAdd(jump, after, current)
        pending = multiplyAdd(jump, s4 * (-1.0 / 24), pending)
    }

    /// Spreads a change of slope `bend` (per sample) the same way: the step's integral.
    @inline(__always)
    mutating func addCorner(_ bend: Lanes, samplesSince t: Lanes) {
        let t2 = t * t, t4 = t2 * t2, t5 = t4 * t
        let u = t - 1, u2 = u * u, u4 = u2 * u2, u5 = u4 * u
        let s = 1 - t, s5 = (s * s) * (s * s) * s
        let c0: Float = 7.0 / 30, c2: Float = 1.0 / 3, c4: Float = 1.0 / 12, c5: Float = 1.0 / 40
        let beforeLinear: Lanes = c0 + u * 0.5 + u2 * c2
        let before: Lanes = beforeLinear - u4 * c4 - u5 * c5
        let afterLinear: Lanes = c0 - t * 0.5 + t2 * c2
        let after: Lanes = afterLinear - t4 * c4 + t5 * c5
        older = multiplyAdd(bend, t5 * (1.0 / 120), older)
        recent = multiplyAdd(bend, before, recent)
        current = multiplyAdd(bend, after, current)
        pending = multiplyAdd(bend, s5 * (1.0 / 120), pending)
    }
}
