#if SYNTHCAST_AVX2 && arch(x86_64)
import _Builtin_intrinsics.intel

/// Pink noise for both channels at once, for AVX: the same filter as `ColoredNoise.pink`
/// (Kellet's three one-poles plus the input, side by side in lanes), with the left
/// channel's four lanes and the right's in one 256-bit vector. Fused multiply-adds step both
/// channels at once, two samples at a time, so the recursion the loop waits on is two
/// cycles a frame instead of two chains of a multiply and an add each; and two rounds of `vhaddps` over four samples
/// leave exactly the four left sums and the four right sums, one per half.
struct StereoPinkNoise {
    private var state = SIMD8<Float>.zero

    @inline(__always)
    private static var poles: SIMD8<Float> { SIMD8(lowHalf: ColoredNoise.pinkPoles, highHalf: ColoredNoise.pinkPoles) }
    @inline(__always)
    private static var gains: SIMD8<Float> { SIMD8(lowHalf: ColoredNoise.pinkGains, highHalf: ColoredNoise.pinkGains) }

    /// Four frames from the white pairs at `white` (left, right, left, …): the left
    /// channel's samples in the low half, the right's in the high half.
    @inline(__always)
    mutating func next(_ white: UnsafePointer<Float>) -> SIMD8<Float> {
        let poles = Self.poles, gains = Self.gains
        @inline(__always) func input(_ frame: Int) -> SIMD8<Float> {
            gains * SIMD8(lowHalf: SIMD4(repeating: white[2 * frame]), highHalf: SIMD4(repeating: white[2 * frame + 1]))
        }
        // The state jumps two samples per step (poles², and the skipped sample's input
        // carried by one pole), so the chain is two fused steps per four frames; the odd
        // samples hang off it.
        let squared = poles * poles
        let first = multiplyAdd(state, poles, input(0))
        let second = multiplyAdd(state, squared, multiplyAdd(input(0), poles, input(1)))
        let third = multiplyAdd(second, poles, input(2))
        let fourth = multiplyAdd(second, squared, multiplyAdd(input(2), poles, input(3)))
        state = fourth
        return _mm256_hadd_ps(_mm256_hadd_ps(first, second), _mm256_hadd_ps(third, fourth))
    }
}
#endif
