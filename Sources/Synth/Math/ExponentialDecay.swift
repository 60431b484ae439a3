import RealModule

/// A level that falls by a fixed factor every sample (a struck sound's envelope), taken eight
/// samples at a time: the lanes hold level·d⁰ … level·d⁷ and the level then steps by d⁸.
struct ExponentialDecay {
    /// -100 dB: below the 16-bit floor even at full gain, so a sound can stop there unheard.
    static let silence: Float = 1e-5

    /// d⁰ … d⁷.
    let lanePowers: SIMD8<Float>
    /// d⁸: one block of eight samples.
    let perEight: Float

    /// Falls by 40 dB in `seconds`.
    init(fortyDecibelsIn seconds: Double, sampleRate: Double) {
        let perSample = Double.exp(-4.605 / (seconds * sampleRate))  // ln 100 = 4.605
        var powers = SIMD8<Float>()
        for lane in 0..<8 { powers[lane] = Float(Double.pow(perSample, Double(lane))) }
        lanePowers = powers
        perEight = Float(Double.pow(perSample, 8))
    }

    /// The next eight samples of the envelope from `level`, which moves on by eight samples.
    @inline(__always)
    func next(_ level: inout Float) -> SIMD8<Float> {
        let lanes = lanePowers * level
        level *= perEight
        return lanes
    }
}
