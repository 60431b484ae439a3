import RealModule

/// Eight ADSR envelopes in SIMD lanes, advanced once per control block; the voice loop ramps
/// linearly between block values (stmlib's parameter interpolation), so steps never click.
///
/// Attack rises linearly; decay and release fall exponentially, reaching 1 % of the way
/// (-40 dB) in the set time. A retrigger starts the attack from the current level, so a
/// stolen or repeated voice never jumps.
struct Envelope {
    typealias Lanes = SIMD8<Float>

    enum Stage: Float {
        case idle = 0, attack, decay, release
    }

    private(set) var level: Lanes = .zero
    private var stage: Lanes = .zero

    /// Per-block rates, computed from the times once per block.
    struct Rates {
        var attackStep: Float
        var decayFactor: Float
        var sustain: Float
        var releaseFactor: Float

        init(attack: Double, decay: Double, sustain: Double, release: Double, blockSeconds: Double) {
            attackStep = Float(blockSeconds / attack)
            decayFactor = Float(Double.exp(-4.605 * blockSeconds / decay))
            self.sustain = Float(sustain)
            releaseFactor = Float(Double.exp(-4.605 * blockSeconds / release))
        }
    }

    var isIdle: SIMDMask<Lanes.MaskStorage> { stage .== Stage.idle.rawValue }
    var isReleasedOrIdle: SIMDMask<Lanes.MaskStorage> { (stage .== Stage.idle.rawValue) .| (stage .== Stage.release.rawValue) }

    mutating func trigger(lane: Int) {
        stage[lane] = Stage.attack.rawValue
    }

    mutating func release(where lanes: SIMDMask<Lanes.MaskStorage>) {
        stage.replace(with: Stage.release.rawValue, where: lanes .& (stage .!= Stage.idle.rawValue))
    }

    /// Moves every lane one control block on.
    @inline(__always)
    mutating func advance(_ rates: Rates) {
        var next = level
        let attacking = stage .== Stage.attack.rawValue
        next.replace(with: level + rates.attackStep, where: attacking)
        let peaked = attacking .& (next .>= 1)
        next.replace(with: 1, where: peaked)

        let sustain = Lanes(repeating: rates.sustain)
        let decaying = stage .== Stage.decay.rawValue
        next.replace(with: sustain + (level - sustain) * rates.decayFactor, where: decaying)

        let releasing = stage .== Stage.release.rawValue
        next.replace(with: level * rates.releaseFactor, where: releasing)
        let silent = releasing .& (next .< 1e-4)
        next.replace(with: 0, where: silent)

        stage.replace(with: Stage.decay.rawValue, where: peaked)
        stage.replace(with: Stage.idle.rawValue, where: silent)
        level = next
    }
}
