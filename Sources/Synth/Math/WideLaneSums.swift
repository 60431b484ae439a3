#if SYNTHCAST_AVX2 && arch(x86_64)
import _Builtin_intrinsics.intel

extension SIMD8 where Scalar == Float {
    /// The lane sums of eight vectors, as one vector: three rounds of AVX's horizontal add
    /// leave each vector's sum split across the two 128-bit halves, and one more add joins
    /// them. Written with the `vhaddps` intrinsic because LLVM merges the same sums written
    /// as plain shuffles into a tangle of cross-half moves three times as long.
    @inline(__always)
    static func laneSums(_ v: UnsafePointer<SIMD8<Float>>) -> SIMD8<Float> {
        let first = _mm256_hadd_ps(_mm256_hadd_ps(v[0], v[1]), _mm256_hadd_ps(v[2], v[3]))
        let second = _mm256_hadd_ps(_mm256_hadd_ps(v[4], v[5]), _mm256_hadd_ps(v[6], v[7]))
        return SIMD8(lowHalf: first.lowHalf, highHalf: second.lowHalf) + SIMD8(lowHalf: first.highHalf, highHalf: second.highHalf)
    }
}
#endif
