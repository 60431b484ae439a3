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
        #if arch(x86_64) && SYNTHCAST_AVX2
        _mm256_movemask_ps(unsafeBitCast(self, to: SIMD8<Float>.self)) != 0
        #else
        (lowHalf | highHalf).anySignSet
        #endif
    }
}

extension SIMD4 where Scalar == Int32 {
    /// The lanes' sign bits as the low bits of an integer (`movmskps`).
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
    /// The lanes' sign bits as the low bits of an integer (`vmovmskps`).
    @inline(__always)
    var signBits: Int32 {
        #if arch(x86_64) && SYNTHCAST_AVX2
        _mm256_movemask_ps(unsafeBitCast(self, to: SIMD8<Float>.self))
        #else
        lowHalf.signBits | highHalf.signBits << 4
        #endif
    }
}
