/// The snare: a short 185 Hz tone for the body (0.12 s) under high-passed noise for the
/// rattle (0.18 s).
struct Snare {
    private var noise: NoiseLanes
    private let toneSteps: SIMD8<Float>  // the tone's phase advance at lanes 1 … 8
    private let toneDecay: ExponentialDecay
    private let noiseDecay: ExponentialDecay
    /// Noise minus its one-pole low-pass (15 % a sample): a gentle high-pass near 1.1 kHz.
    private let lowPass = FirstOrderRecursion(pole: 0.85)

    private var tonePhase: Float = 0
    private var toneLevel: Float = 0
    private var noiseLevel: Float = 0
    private var lowPassed: Float = 0

    init(sampleRate: Double, seed: UInt64) {
        noise = NoiseLanes(seed: seed)
        toneSteps = Float(185 / sampleRate) * .oneThroughEight
        toneDecay = ExponentialDecay(fortyDecibelsIn: 0.12, sampleRate: sampleRate)
        noiseDecay = ExponentialDecay(fortyDecibelsIn: 0.18, sampleRate: sampleRate)
    }

    var isSounding: Bool { noiseLevel > ExponentialDecay.silence || toneLevel > ExponentialDecay.silence }

    mutating func hit() {
        toneLevel = 0.5
        noiseLevel = 0.6
    }

    /// The next eight samples.
    @inline(__always)
    mutating func next() -> SIMD8<Float> {
        let phases = tonePhase + toneSteps
        tonePhase += toneSteps[7]
        tonePhase -= tonePhase >= 1 ? 1 : 0
        let white = noise.next()
        let low = lowPass.run(white * 0.15, from: &lowPassed)
        return sine2Pi(phases) * toneDecay.next(&toneLevel) + (white - low) * noiseDecay.next(&noiseLevel)
    }
}
