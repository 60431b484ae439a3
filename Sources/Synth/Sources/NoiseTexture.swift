import RealModule

/// A stereo noise bed for rain, ocean and sleep sounds: colored noise, a tone filter, slow
/// wave-like swells, and sparse resonant "drops". Left and right are independent noise in
/// the two SIMD lanes, so the bed is wide without any stereo trickery.
struct NoiseTexture {
    typealias Pair = SIMD2<Float>
    private let sampleRate: Float
    private var noise: NoiseLanes
    private var random: SeededRandom

    // Pink (Paul Kellet's economy filter) and brown (leaky integrator) states, per channel.
    private var pink0 = Pair.zero, pink1 = Pair.zero, pink2 = Pair.zero
    private var brown = Pair.zero
    private var tone = Pair.zero
    private var wavePhase: Double = 0

    // The current drop: a decaying sine ping at a random pitch and place.
    private var dropPhase: Float = 0
    private var dropIncrement: Float = 0
    private var dropLevel: Float = 0
    private var dropPan = Pair(0.5, 0.5)
    private let dropDecay: Float

    init(sampleRate: Double, seed: UInt64) {
        self.sampleRate = Float(sampleRate)
        noise = NoiseLanes(seed: seed ^ 0x7E47)
        random = SeededRandom(seed: seed, salt: 0xD7)
        dropDecay = Float(Double.exp(-4.605 / (0.025 * sampleRate)))
    }

    struct Controls {
        var color: NoiseColor
        var toneHz: Float
        var motion: Float
        var motionRate: Double
        var dropsPerSecond: Float
        var startLevel: Float
        var level: Float
    }

    mutating func render(_ c: Controls, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        guard c.level > 0 || c.startLevel > 0 else { return }
        // Ocean-like swell: a slow raised sine, squared for long troughs and short crests.
        wavePhase += c.motionRate * Double(frames) / Double(sampleRate)
        wavePhase -= wavePhase.rounded(.down)
        let swell = 0.5 + 0.5 * sine2Pi(Float(wavePhase))
        let motionGain = 1 - c.motion + c.motion * (0.15 + 0.85 * swell * swell)

        let toneCoefficient = min(1, 1 - Float(Double.exp(-2 * Double.pi * Double(c.toneHz) / Double(sampleRate))))
        let dropChance = c.dropsPerSecond / sampleRate
        var gain = c.startLevel * motionGain
        let gainStep = (c.level * motionGain - gain) / Float(frames)
        // Hot loop: filter state in locals, stored back once.
        var noise = noise, pink0 = pink0, pink1 = pink1, pink2 = pink2, brown = brown, tone = tone
        defer {
            self.noise = noise; self.pink0 = pink0; self.pink1 = pink1; self.pink2 = pink2
            self.brown = brown; self.tone = tone
        }
        for i in 0..<frames {
            let lanes = noise.next()
            let white = Pair(lanes[0], lanes[1])
            let colored: Pair
            switch c.color {
            case .white:
                colored = white * 0.5
            case .pink:
                pink0 = pink0 * 0.99765 + white * 0.0990460
                pink1 = pink1 * 0.96300 + white * 0.2965164
                pink2 = pink2 * 0.57000 + white * 1.0526913
                colored = (pink0 + pink1 + pink2 + white * 0.1848) * 0.11
            case .brown:
                brown = (brown + white * 0.02) * (1 / 1.02)
                colored = brown * 1.6
            }
            tone += (colored - tone) * toneCoefficient
            var out = tone
            if dropChance > 0 {
                if random.unit() < dropChance { startDrop() }
                if dropLevel > 1e-4 {
                    dropPhase += dropIncrement
                    if dropPhase >= 1 { dropPhase -= 1 }
                    out += dropPan * (sine2Pi(dropPhase) * dropLevel)
                    dropLevel *= dropDecay
                }
            }
            gain += gainStep
            left[i] += out[0] * gain
            right[i] += out[1] * gain
        }
    }

    private mutating func startDrop() {
        dropPhase = 0
        dropIncrement = (900 + 2600 * random.unit()) / sampleRate
        dropLevel = 0.05 + 0.1 * random.unit()
        let place = random.unit()
        dropPan = Pair(1 - place, place)
    }
}
