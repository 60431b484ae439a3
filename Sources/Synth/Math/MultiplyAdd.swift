#if SYNTHCAST_AVX2 && arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// a·b + c, fused into one instruction (and one rounding) where the build's CPU has FMA,
/// which the AVX2 build's does; Swift never contracts a multiply and an add by itself. For
/// the recursions whose latency a loop waits on, and the hottest multiply-adds.
@inline(__always)
func multiplyAdd(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
    #if SYNTHCAST_AVX2 && arch(x86_64)
    _mm256_fmadd_ps(a, b, c)
    #else
    a * b + c
    #endif
}

@inline(__always)
func multiplyAdd(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>) -> SIMD4<Float> {
    #if SYNTHCAST_AVX2 && arch(x86_64)
    _mm_fmadd_ps(a, b, c)
    #else
    a * b + c
    #endif
}
