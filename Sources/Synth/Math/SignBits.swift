#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

// "Is any lane's sign bit set?" as one `movmskps` and a test. Reducing the lanes with ORs
// instead (what the generic code becomes once LLVM sees that only the sign bits matter)
// takes nine instructions, and the oscillators ask once per sample.

extension SIMD4 where Scalar == Int32 {
    @inline(__always)
    var anySignSet: Bool {
        #if arch(x86_64)
        _mm_movemask_ps(unsafeBitCast(self, to: SIMD4<Float>.self)) != 0
        #else
        any(self .< 0)
        #endif
    }
}

extension SIMD8 where Scalar == Int32 {
    @inline(__always)
    var anySignSet: Bool {
        #if arch(x86_64) && SYNTHCAST_WIDE_VOICES
        _mm256_movemask_ps(unsafeBitCast(self, to: SIMD8<Float>.self)) != 0
        #else
        (lowHalf | highHalf).anySignSet
        #endif
    }
}
