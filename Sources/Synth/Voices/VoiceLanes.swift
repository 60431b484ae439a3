// How many voices share one vector in the oscillator loop.
//
// The default x86-64 build has SSE's sixteen 128-bit registers: four voices per vector, two
// groups, so that a group's state fits in registers. The build for AVX2 and FMA
// (SYNTHCAST_AVX2, compiled with `-target-cpu haswell`: what `scripts/run` makes on a CPU
// that has them, and `bench/synth` beside the default) has 256-bit registers: all eight
// voices in one group, half the instructions. The same flag turns the effects, the texture
// and the maths to their eight-frame vectors and fused multiply-adds.
#if SYNTHCAST_AVX2
typealias VoiceLanes = SIMD8<Float>
typealias VoiceFixed = SIMD8<Int32>
typealias VoiceBits = SIMD8<UInt32>
#else
typealias VoiceLanes = SIMD4<Float>
typealias VoiceFixed = SIMD4<Int32>
typealias VoiceBits = SIMD4<UInt32>
#endif

/// Voice groups in the bank (eight voices in all).
let voiceGroupCount = 8 / VoiceLanes.scalarCount

extension SIMD8 where Scalar == Float {
    /// Group `index`'s lanes of an eight-voice vector.
    @inline(__always)
    func group(_ index: Int) -> VoiceLanes {
        #if SYNTHCAST_AVX2
        self
        #else
        index == 0 ? lowHalf : highHalf
        #endif
    }
}
