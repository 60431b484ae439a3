import RealModule

/// A stereo noise bed for rain, ocean and sleep sounds: colored noise, a tone filter, slow
/// wave-like swells, and sparse resonant "drops". Left and right are independent noise in
/// two SIMD lanes, so the bed is wide without any stereo trickery.
///
/// A block runs in pieces of 32 frames, in passes over a small scratch: white noise in
/// vectors; per channel, the colour filter (`ColoredNoise`) and the tone filter solved along
/// time (`FirstOrderRecursion`), four samples a step; then gain, drops and the mix eight
/// samples at a time.
struct NoiseTexture {
    private static let pieceFrames = 32

    private let sampleRate: Float
    private var noise: NoiseLanes
    private var random: SeededRandom

    private var coloredLeft = ColoredNoise(), coloredRight = ColoredNoise()
    #if SYNTHCAST_AVX2 && arch(x86_64)
    private var stereoPink = StereoPinkNoise()  // pink for both channels in one vector on AVX
    #endif
    // The tone filter, a one-pole low-pass: y += (x - y)·coefficient, so its pole is
    // 1 - coefficient. Both are kept for the last tone.
    private var tone = FirstOrderRecursion(pole: 0)
    private var toneHz: Float = -1
    private var toneCoefficient: Float = 1
    /// The tone filter's last output per channel.
    private var toneLeft: Float = 0, toneRight: Float = 0
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

    /// Adds one block of texture. `frames` is a multiple of 8 (the control block is 128).
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
            tone = FirstOrderRecursion(pole: 1 - toneCoefficient)
        }
        // Drops arrive at random, at most one a block: the block's chance is the rate times its length.
        if c.dropsPerSecond > 0, random.unit() < c.dropsPerSecond * Float(frames) / sampleRate {
            drop.start(cycles: (900 + 2600 * random.unit()) / sampleRate, level: 0.05 + 0.1 * random.unit(), place: random.unit())
        }

        let startGain = c.startLevel * motionGain
        let gainStep = (c.level * motionGain - startGain) / Float(frames)
        // Scratch on the stack: interleaved white pairs, then the filtered left and right.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * Self.pieceFrames) { scratch in
            let scratch = scratch.baseAddress!
            switch c.color {
            case .white: addNoise(startGain: startGain, gainStep: gainStep, into: left, right, frames: frames, scratch: scratch) { $0.white($1) }
            case .pink:
                #if SYNTHCAST_AVX2 && arch(x86_64)
                addNoise(startGain: startGain, gainStep: gainStep, into: left, right, frames: frames, scratch: scratch,
                         filterBoth: { $0.filterPink($1, left: $2, right: $3, frames: $4) })
                #else
                addNoise(startGain: startGain, gainStep: gainStep, into: left, right, frames: frames, scratch: scratch) { $0.pink($1) }
                #endif
            case .brown: addNoise(startGain: startGain, gainStep: gainStep, into: left, right, frames: frames, scratch: scratch) { $0.brown($1) }
            }
        }
    }

    /// Adds `frames` of noise shaped by `color` (one of `ColoredNoise`'s colours), toned, with
    /// the ringing drop, ramping the gain. Inlined into one set of loops per colour.
    @inline(__always)
    private mutating func addNoise(startGain: Float, gainStep: Float,
                                   into left: UnsafeMutablePointer<Float>, _ right: UnsafeMutablePointer<Float>, frames: Int,
                                   scratch pairs: UnsafeMutablePointer<Float>,
                                   color: (inout ColoredNoise, UnsafePointer<Float>) -> SIMD4<Float>) {
        addNoise(startGain: startGain, gainStep: gainStep, into: left, right, frames: frames, scratch: pairs) { texture, pairs, filteredLeft, filteredRight, count in
            // A loop per channel: in one loop, LLVM pairs the channels' identical steps into
            // two-lane vectors and undoes the lanes the filters are written for.
            texture.filter(pairs, into: filteredLeft, frames: count, colored: &texture.coloredLeft, tone: &texture.toneLeft, color: color)
            texture.filter(pairs + 1, into: filteredRight, frames: count, colored: &texture.coloredRight, tone: &texture.toneRight, color: color)
        }
    }

    /// The same with both channels' filters in one step: `filterBoth(self, white pairs,
    /// filtered left, filtered right, frames)`.
    @inline(__always)
    private mutating func addNoise(startGain: Float, gainStep: Float,
                                   into left: UnsafeMutablePointer<Float>, _ right: UnsafeMutablePointer<Float>, frames: Int,
                                   scratch pairs: UnsafeMutablePointer<Float>,
                                   filterBoth: (inout NoiseTexture, UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) {
        var gains = startGain + gainStep * SIMD8<Float>.oneThroughEight
        let filteredLeft = pairs + 2 * Self.pieceFrames, filteredRight = filteredLeft + Self.pieceFrames
        for piece in stride(from: 0, to: frames, by: Self.pieceFrames) {
            let count = min(Self.pieceFrames, frames - piece)
            fillWhite(pairs, frames: count)
            filterBoth(&self, pairs, filteredLeft, filteredRight, count)
            mix(filteredLeft, filteredRight, gains: &gains, gainStep: gainStep,
                into: left + piece, right + piece, frames: count)
        }
    }

    #if SYNTHCAST_AVX2 && arch(x86_64)
    /// Both channels' pink and tone filters, four frames at a time (`StereoPinkNoise`).
    @inline(__always)
    private mutating func filterPink(_ white: UnsafePointer<Float>, left: UnsafeMutablePointer<Float>,
                                     right: UnsafeMutablePointer<Float>, frames: Int) {
        var pink = stereoPink
        var last = SIMD8(lowHalf: SIMD4(repeating: toneLeft), highHalf: SIMD4(repeating: toneRight))
        let tone = tone, toneCoefficient = toneCoefficient
        for frame in stride(from: 0, to: frames, by: 4) {
            let toned = tone.run(halves: pink.next(white + 2 * frame) * toneCoefficient, from: &last)
            store(toned.lowHalf, left + frame)
            store(toned.highHalf, right + frame)
        }
        stereoPink = pink
        toneLeft = last[0]
        toneRight = last[4]
    }
    #endif

    /// One channel's colour and tone filters, four samples at a time, from its white noise
    /// every other float at `white`.
    @inline(__always)
    private func filter(_ white: UnsafePointer<Float>, into filtered: UnsafeMutablePointer<Float>, frames: Int,
                        colored: inout ColoredNoise, tone toneOutput: inout Float,
                        color: (inout ColoredNoise, UnsafePointer<Float>) -> SIMD4<Float>) {
        var shaper = colored, last = toneOutput
        let tone = tone, toneCoefficient = toneCoefficient
        for frame in stride(from: 0, to: frames, by: 4) {
            store(tone.run(color(&shaper, white + 2 * frame) * toneCoefficient, from: &last), filtered + frame)
        }
        colored = shaper
        toneOutput = last
    }

    /// Adds the filtered noise and the ringing drop into the output, ramping the gain.
    private mutating func mix(_ filteredLeft: UnsafeMutablePointer<Float>, _ filteredRight: UnsafeMutablePointer<Float>,
                              gains: inout SIMD8<Float>, gainStep: Float,
                              into left: UnsafeMutablePointer<Float>, _ right: UnsafeMutablePointer<Float>, frames: Int) {
        var drop = drop
        let dropSounds = drop.isSounding
        for frame in stride(from: 0, to: frames, by: 8) {
            var l: SIMD8<Float> = load(filteredLeft + frame)
            var r: SIMD8<Float> = load(filteredRight + frame)
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

    /// White noise for `frames` stereo frames, as left-right pairs.
    private mutating func fillWhite(_ pairs: UnsafeMutablePointer<Float>, frames: Int) {
        var noise = noise
        for sample in stride(from: 0, to: 2 * frames, by: 8) {
            store(noise.next(), pairs + sample)
        }
        self.noise = noise
    }
}
