/// Kick, snare and hi-hat synthesized from scratch (no samples), on Euclidean patterns with a
/// per-hit chance. Each drum runs only while it sounds, eight samples at a time.
struct DrumMachine {
    private let sampleRate: Float
    private var kick: Kick
    private var snare: Snare
    private var hat: HiHat

    init(sampleRate: Double, seed: UInt64) {
        self.sampleRate = Float(sampleRate)
        kick = Kick(sampleRate: sampleRate)
        snare = Snare(sampleRate: sampleRate, seed: seed ^ 0xD2)
        hat = HiHat(sampleRate: sampleRate, seed: seed ^ 0xD3)
    }

    mutating func trigger(step: Int, _ p: ControlValues, random: inout SeededRandom) {
        guard p[.drumLevel] > 0 else { return }
        let chance = p.float(.drumChance)
        if EuclideanRhythm.hits(p.int(.kickHits), rotation: 0, at: step), random.unit() < chance {
            kick.hit()
        }
        if EuclideanRhythm.hits(p.int(.snareHits), rotation: 4, at: step), random.unit() < chance {
            snare.hit()
        }
        if EuclideanRhythm.hits(p.int(.hatHits), rotation: 2, at: step), random.unit() < chance {
            hat.hit(level: 0.25 + 0.15 * random.unit())
        }
    }

    /// Adds one block of drums, scaled by `level` (ramped from `startLevel`). `frames` is a
    /// multiple of 8 (the control block is 128).
    mutating func render(kickPitch: Float, startLevel: Float, level: Float, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        let kickSounds = kick.isSounding, snareSounds = snare.isSounding, hatSounds = hat.isSounding
        guard kickSounds || snareSounds || hatSounds else { return }
        precondition(frames % 8 == 0, "drums render in steps of 8 frames")
        let pitch = kickPitch / sampleRate
        let gainStep = (level - startLevel) / Float(frames)
        var gains = startLevel + gainStep * SIMD8<Float>.oneThroughEight
        // Hot loop: state in locals, stored back once.
        var kick = kick, snare = snare, hat = hat
        defer { self.kick = kick; self.snare = snare; self.hat = hat }
        for frame in stride(from: 0, to: frames, by: 8) {
            var centre = SIMD8<Float>.zero, hiss = SIMD8<Float>.zero
            if kickSounds { centre += kick.next(pitch: pitch) }
            if snareSounds { centre += snare.next() }
            if hatSounds { hiss = hat.next() }
            // The hat at half level, a little to the right.
            add((centre + hiss * 0.3) * gains, to: left + frame)
            add((centre + hiss * 0.4) * gains, to: right + frame)
            gains += 8 * gainStep
        }
    }
}
