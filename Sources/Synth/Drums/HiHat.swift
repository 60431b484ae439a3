/// The closed hi-hat: noise differenced (a first high-pass), then less its one-pole low-pass
/// (a second): the bright hiss of a closed hat, 60 ms long.
struct HiHat {
    private var noise: NoiseLanes
    private let decay: ExponentialDecay
    private let lowPass = FirstOrderRecursion(pole: 0.8)

    private var previousWhite: Float = 0
    private var lowPassed: Float = 0
    private var level: Float = 0

    init(sampleRate: Double, seed: UInt64) {
        noise = NoiseLanes(seed: seed)
        decay = ExponentialDecay(fortyDecibelsIn: 0.06, sampleRate: sampleRate)
    }

    var isSounding: Bool { level > ExponentialDecay.silence }

    mutating func hit(level: Float) { self.level = level }

    /// The next eight samples.
    @inline(__always)
    mutating func next() -> SIMD8<Float> {
        let white = noise.next()
        let before = SIMD8(previousWhite, white[0], white[1], white[2], white[3], white[4], white[5], white[6])
        previousWhite = white[7]
        let edge = white - before
        let low = lowPass.run(edge * 0.2, from: &lowPassed)
        return (edge - low) * decay.next(&level)
    }
}
