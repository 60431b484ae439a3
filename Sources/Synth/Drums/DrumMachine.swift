import RealModule

/// Kick, snare and hi-hat synthesized from scratch (no samples), on Euclidean patterns
/// with a per-hit chance. Runs only while a drum is sounding.
struct DrumMachine {
    private let sampleRate: Float
    private var noise: NoiseLanes

    // Kick: a sine with a falling pitch envelope.
    private var kickPhase: Float = 0
    private var kickPitchEnvelope: Float = 0
    private var kickLevel: Float = 0
    // Snare: a short tone plus high-passed noise.
    private var snarePhase: Float = 0
    private var snareToneLevel: Float = 0
    private var snareNoiseLevel: Float = 0
    private var snareHighPass: Float = 0
    // Hat: noise through two high-pass stages.
    private var hatLevel: Float = 0
    private var hatHighPass: Float = 0
    private var hatPrevious: Float = 0

    private let kickPitchDecay: Float, kickDecay: Float
    private let snareToneDecay: Float, snareNoiseDecay: Float, hatDecay: Float

    init(sampleRate: Double, seed: UInt64) {
        self.sampleRate = Float(sampleRate)
        noise = NoiseLanes(seed: seed ^ 0xD2)
        func decay(_ seconds: Double) -> Float { Float(Double.exp(-4.605 / (seconds * sampleRate))) }
        kickPitchDecay = decay(0.04)
        kickDecay = decay(0.45)
        snareToneDecay = decay(0.12)
        snareNoiseDecay = decay(0.18)
        hatDecay = decay(0.06)
    }

    var isActive: Bool { kickLevel > 1e-4 || snareNoiseLevel > 1e-4 || hatLevel > 1e-4 }

    mutating func trigger(step: Int, _ p: ControlValues, random: inout SeededRandom) {
        guard p[.drumLevel] > 0 else { return }
        let chance = p.float(.drumChance)
        if EuclideanRhythm.hits(p.int(.kickHits), rotation: 0, at: step), random.unit() < chance {
            kickPhase = 0
            kickPitchEnvelope = 1
            kickLevel = 1
        }
        if EuclideanRhythm.hits(p.int(.snareHits), rotation: 4, at: step), random.unit() < chance {
            snareToneLevel = 0.5
            snareNoiseLevel = 0.6
        }
        if EuclideanRhythm.hits(p.int(.hatHits), rotation: 2, at: step), random.unit() < chance {
            hatLevel = 0.25 + 0.15 * random.unit()
        }
    }

    /// Adds one block of drums, scaled by `level` (ramped from `startLevel`).
    mutating func render(kickPitch: Float, startLevel: Float, level: Float, left: UnsafeMutablePointer<Float>, right: UnsafeMutablePointer<Float>, frames: Int) {
        guard isActive || startLevel != level else { return }
        let toCycles = 1 / sampleRate
        let snareIncrement = 185 * toCycles
        var gain = startLevel
        let gainStep = (level - startLevel) / Float(frames)
        // Hot loop: state in locals, stored back once.
        var white = noise
        var kickPhase = kickPhase, kickPitchEnvelope = kickPitchEnvelope, kickLevel = kickLevel
        var snarePhase = snarePhase, snareToneLevel = snareToneLevel, snareNoiseLevel = snareNoiseLevel
        var snareHighPass = snareHighPass, hatLevel = hatLevel, hatHighPass = hatHighPass, hatPrevious = hatPrevious
        for i in 0..<frames {
            let noise = white.next()
            kickPhase += kickPitch * (1 + 3 * kickPitchEnvelope) * toCycles
            kickPhase -= kickPhase >= 1 ? 1 : 0
            kickPitchEnvelope *= kickPitchDecay
            let kick = sine2Pi(kickPhase) * kickLevel
            kickLevel *= kickDecay

            snarePhase += snareIncrement
            snarePhase -= snarePhase >= 1 ? 1 : 0
            snareHighPass += (noise[0] - snareHighPass) * 0.15
            let snare = sine2Pi(snarePhase) * snareToneLevel + (noise[0] - snareHighPass) * snareNoiseLevel
            snareToneLevel *= snareToneDecay
            snareNoiseLevel *= snareNoiseDecay

            // Difference of the noise, then a second one-pole high-pass: the bright hiss of a closed hat.
            let edge = noise[1] - hatPrevious
            hatPrevious = noise[1]
            hatHighPass += (edge - hatHighPass) * 0.2
            let hat = (edge - hatHighPass) * 0.5 * hatLevel
            hatLevel *= hatDecay

            gain += gainStep
            let centre = (kick + snare) * gain
            left[i] += centre + hat * 0.6 * gain
            right[i] += centre + hat * 0.8 * gain
        }
        noise = white
        self.kickPhase = kickPhase; self.kickPitchEnvelope = kickPitchEnvelope; self.kickLevel = kickLevel
        self.snarePhase = snarePhase; self.snareToneLevel = snareToneLevel; self.snareNoiseLevel = snareNoiseLevel
        self.snareHighPass = snareHighPass; self.hatLevel = hatLevel; self.hatHighPass = hatHighPass; self.hatPrevious = hatPrevious
    }
}
