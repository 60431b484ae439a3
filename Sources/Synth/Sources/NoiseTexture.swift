import RealModule

/// A stereo noise bed for rain, ocean and sleep sounds: colored noise, a tone filter, slow
/// wave-like swells, and sparse resonant "drops". Left and right are independent noise in
/// two SIMD lanes, so the bed is wide without any stereo trickery.
///
/// A block runs in three passes over a small scratch: white noise for the whole block in
/// vectors, the filters sample by sample (both channels per step), then gain, drops and the
/// mix eight samples at a time.
struct NoiseTexture {
    typealias Pair = SIMD2<Float>
    private static let pieceFrames = 32

    private let sampleRate: Float
    private var noise: NoiseLanes
    private var random: SeededRandom

    private var colored = ColoredNoise()
    // The tone filter, a one-pole low-pass; its coefficient is kept for the last tone.
    private var tone = Pair.zero
    private var toneHz: Float = -1
    private var toneCoefficient: Float = 1
    private var wavePhase: Double = 0
    private var drop: Drop

    init(sampleRate: Double, seed: UInt64) {
        self.sampleRate = Float(sampleRate)
        noise = NoiseLanes(seed: seed ^ 0x7E47)
        random = SeededRandom(seed: seed, salt: 0xD7)
        drop = Drop(sampleRate: sampleRate)
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

    /// Adds one block of texture. `frames` is a multiple of 8 (the control block is 64).
    mutating func render(_ c: Controls, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        guard c.level > 0 || c.startLevel > 0 else { return }
        precondition(frames % 8 == 0, "the texture renders in steps of 8 frames")
        // Ocean-like swell: a slow raised sine, squared for long troughs and short crests.
        wavePhase += c.motionRate * Double(frames) / Double(sampleRate)
        wavePhase -= wavePhase >= 1 ? 1 : 0
        let swell = 0.5 + 0.5 * sine2Pi(Float(wavePhase))
        let motionGain = 1 - c.motion + c.motion * (0.15 + 0.85 * swell * swell)

        if c.toneHz != toneHz {
            toneHz = c.toneHz
            toneCoefficient = min(1, 1 - Float(Double.exp(-2 * Double.pi * Double(c.toneHz) / Double(sampleRate))))
        }
        // Drops arrive at random, at most one a block: the block's chance is the rate times its length.
        if c.dropsPerSecond > 0, random.unit() < c.dropsPerSecond * Float(frames) / sampleRate {
            drop.start(cycles: (900 + 2600 * random.unit()) / sampleRate, level: 0.05 + 0.1 * random.unit(), place: random.unit())
        }

        let startGain = c.startLevel * motionGain
        let gainStep = (c.level * motionGain - startGain) / Float(frames)
        var gains = startGain + gainStep * SIMD8<Float>.oneThroughEight
        // Scratch on the stack: interleaved white pairs, then the filtered left and right.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * Self.pieceFrames) { scratch in
            let pairs = scratch.baseAddress!, filteredLeft = pairs + 2 * Self.pieceFrames, filteredRight = filteredLeft + Self.pieceFrames
            for piece in stride(from: 0, to: frames, by: Self.pieceFrames) {
                let count = min(Self.pieceFrames, frames - piece)
                fillWhite(pairs, frames: count)
                filter(pairs, color: c.color, left: filteredLeft, right: filteredRight, frames: count)
                mix(filteredLeft, filteredRight, gains: &gains, gainStep: gainStep,
                    into: left + piece, right + piece, frames: count)
            }
        }
    }

    /// White noise for `frames` stereo frames, as left-right pairs.
    private mutating func fillWhite(_ pairs: UnsafeMutablePointer<Float>, frames: Int) {
        var noise = noise
        for sample in stride(from: 0, to: 2 * frames, by: 8) {
            UnsafeMutableRawPointer(pairs + sample).storeBytes(of: noise.next(), as: SIMD8<Float>.self)
        }
        self.noise = noise
    }

    /// Color and tone filter, sample by sample, with both channels in the lanes of each step.
    private mutating func filter(_ pairs: UnsafeMutablePointer<Float>, color: NoiseColor,
                                 left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        var colored = colored, tone = tone
        let toneCoefficient = toneCoefficient
        let white = UnsafeRawPointer(pairs)
        for i in 0..<frames {
            let shaped = colored.next(white.loadUnaligned(fromByteOffset: 8 * i, as: Pair.self), color: color)
            tone += (shaped - tone) * toneCoefficient
            left[i] = tone[0]
            right[i] = tone[1]
        }
        self.colored = colored
        self.tone = tone
    }

    /// Adds the filtered noise and the ringing drop into the output, ramping the gain.
    private mutating func mix(_ filteredLeft: UnsafeMutablePointer<Float>, _ filteredRight: UnsafeMutablePointer<Float>,
                              gains: inout SIMD8<Float>, gainStep: Float,
                              into left: UnsafeMutablePointer<Float>, _ right: UnsafeMutablePointer<Float>, frames: Int) {
        var drop = drop
        let dropSounds = drop.isSounding
        for frame in stride(from: 0, to: frames, by: 8) {
            var l = UnsafeRawPointer(filteredLeft + frame).loadUnaligned(as: SIMD8<Float>.self)
            var r = UnsafeRawPointer(filteredRight + frame).loadUnaligned(as: SIMD8<Float>.self)
            if dropSounds {
                let ping = drop.next()
                l += ping * drop.pan[0]
                r += ping * drop.pan[1]
            }
            add(l * gains, to: left + frame)
            add(r * gains, to: right + frame)
            gains += 8 * gainStep
        }
        self.drop = drop
    }
}
