// How many voices share one vector in the oscillator loop.
//
// The default x86-64 build has SSE's sixteen 128-bit registers: four voices per vector, two
// groups, so that a group's state fits in registers. A build for AVX2 (SYNTHCAST_WIDE_VOICES,
// set by `bench/synth` and `SYNTHCAST_TARGET_CPU=haswell`) has 256-bit registers: all eight
// voices in one group, half the instructions.
#if SYNTHCAST_WIDE_VOICES
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
        #if SYNTHCAST_WIDE_VOICES
        self
        #else
        index == 0 ? lowHalf : highHalf
        #endif
    }
}
