/// The seeded material the sequencer plays from: 64 steps of melodic contour, trigger chance
/// and accent, and a four-bar chord progression. Fixed-size vectors, so regenerating or
/// evolving it on the audio thread never allocates.
struct Pattern {
    static let maxLength = 64

    /// Melodic contour per step, 0...1 across the octave range (scale-independent, so a
    /// scale or range change keeps the melody's shape).
    private(set) var contour = SIMD64<Float>.zero
    /// A step plays when its chance is below the density.
    private(set) var chance = SIMD64<Float>.zero
    private(set) var accent = SIMD64<Float>.zero
    /// Scale degree of each bar's chord root.
    private(set) var progression = SIMD4<Int32>.zero

    init(random: inout SeededRandom) {
        var position: Float = 0.25 + 0.5 * random.unit()
        for step in 0..<Self.maxLength {
            position = Self.reflect(position + random.bipolar() * 0.18)
            contour[step] = position
            // Downbeats are likelier to play and louder.
            let onBeat = step % 4 == 0
            chance[step] = random.unit() * (onBeat ? 0.6 : 1)
            accent[step] = min(1, 0.6 + 0.3 * random.unit() + (onBeat ? 0.15 : 0))
        }
        rollProgression(&random)
    }

    /// Rewrites a few steps (and sometimes the progression), so a pattern drifts over time.
    mutating func evolve(amount: Float, length: Int, random: inout SeededRandom) {
        let changes = Int((amount * Float(length) * 0.5).rounded())
        for _ in 0..<changes {
            let step = random.below(length)
            contour[step] = Self.reflect(contour[step] + random.bipolar() * 0.25)
            chance[step] = random.unit() * (step % 4 == 0 ? 0.6 : 1)
        }
        if random.unit() < amount * 0.25 { rollProgression(&random) }
    }

    private mutating func rollProgression(_ random: inout SeededRandom) {
        // Root, then common moves: IV/vi/V-like degrees that suit most scales.
        let second = SIMD4<Int32>(3, 5, 4, 0), third = SIMD4<Int32>(5, 3, 1, 0), fourth = SIMD4<Int32>(4, 6, 3, 0)
        progression = [0, second[random.below(3)], third[random.below(3)], fourth[random.below(3)]]
    }

    private static func reflect(_ x: Float) -> Float {
        x < 0 ? -x : (x > 1 ? 2 - x : x)
    }
}
