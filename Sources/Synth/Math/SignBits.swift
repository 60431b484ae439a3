#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

// The lanes' sign bits as the low bits of an integer: one `movmskps`. The oscillators store
// them every sample (which lanes met a discontinuity); reducing the lanes with ORs instead,
// what the generic code becomes, takes nine instructions.

extension SIMD4 where Scalar == Int32 {
    @inline(__always)
    var signBits: Int32 {
        #if arch(x86_64)
        _mm_movemask_ps(unsafeBitCast(self, to: SIMD4<Float>.self))
        #else
        var bits: Int32 = 0
        for i in indices where self[i] < 0 { bits |= 1 << i }
        return bits
        #endif
    }
}

extension SIMD8 where Scalar == Int32 {
    @inline(__always)
    var signBits: Int32 {
        #if arch(x86_64) && SYNTHCAST_AVX2
        _mm256_movemask_ps(unsafeBitCast(self, to: SIMD8<Float>.self))
        #else
        lowHalf.signBits | highHalf.signBits << 4
        #endif
    }
}
