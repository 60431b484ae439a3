/// A drop in the noise texture: a short sine ping (25 ms decay) at its own pitch and place in
/// the stereo field. A new drop cuts the last one off, as one drop at a time is plenty.
struct Drop {
    private let decay: ExponentialDecay
    // The pitch is fixed for a drop's life, so the sine runs by rotation: with the phase θ held
    // as (sin θ, cos θ), eight samples on are sin(θ + kω) = sin θ·cos kω + cos θ·sin kω, k = 1 … 8.
    private var sine: Float = 0, cosine: Float = 1
    private var stepCosines = SIMD8<Float>(repeating: 1), stepSines = SIMD8<Float>.zero
    private var level: Float = 0
    /// Gains into left and right.
    private(set) var pan = SIMD2<Float>(0.5, 0.5)

    init(sampleRate: Double) {
        decay = ExponentialDecay(fortyDecibelsIn: 0.025, sampleRate: sampleRate)
    }

    var isSounding: Bool { level > ExponentialDecay.silence }

    /// Starts a drop of `cycles` per sample and `level`, at `place` from 0 (left) to 1 (right).
    mutating func start(cycles: Float, level: Float, place: Float) {
        let steps = cycles * SIMD8<Float>.oneThroughEight
        stepSines = sine2Pi(steps)
        stepCosines = sine2Pi(steps + 0.25)
        sine = 0
        cosine = 1
        self.level = level
        pan = SIMD2(1 - place, place)
    }

    /// The next eight samples.
    @inline(__always)
    mutating func next() -> SIMD8<Float> {
        let samples = sine * stepCosines + cosine * stepSines
        cosine = cosine * stepCosines[7] - sine * stepSines[7]
        sine = samples[7]
        return samples * decay.next(&level)
    }
}
