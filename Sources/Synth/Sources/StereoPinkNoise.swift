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
    private static var poles: SIMD8<Float> { SIMD8(0.99765, 0.96300, 0.57000, 0, 0.99765, 0.96300, 0.57000, 0) }
    @inline(__always)
    private static var gains: SIMD8<Float> {
        let quad = SIMD4<Float>(0.0990460 * 0.11, 0.2965164 * 0.11, 1.0526913 * 0.11, 0.1848 * 0.11)
        return SIMD8(lowHalf: quad, highHalf: quad)
    }

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

extension FirstOrderRecursion {
    /// Two channels' next four outputs at once, one per 128-bit half of `x`, continuing from
    /// `last`: each half's last output in all four of its lanes (updated).
    @inline(__always)
    func run(halves x: SIMD8<Float>, from last: inout SIMD8<Float>) -> SIMD8<Float> {
        var r = x
        r = multiplyAdd(SIMD8(0, r[0], r[1], r[2], 0, r[4], r[5], r[6]), SIMD8(repeating: pole), r)
        r = multiplyAdd(SIMD8(0, 0, r[0], r[1], 0, 0, r[4], r[5]), SIMD8(repeating: pole * pole), r)
        let powers = SIMD4(pole, pole * pole, pole * pole * pole, pole * pole * pole * pole)
        r = multiplyAdd(SIMD8(lowHalf: powers, highHalf: powers), last, r)
        last = SIMD8(r[3], r[3], r[3], r[3], r[7], r[7], r[7], r[7])
        return r
    }
}
#endif
