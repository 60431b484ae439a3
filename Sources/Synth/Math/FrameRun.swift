// Consecutive frames of one channel, a register's worth: the vector along time of the
// effects and the master bus, whose loops keep a handful of them (taps, lines, ramps, sums)
// in the registers. Four frames on SSE, eight in the AVX2 build.
#if SYNTHCAST_AVX2
typealias FrameRun = SIMD8<Float>
#else
typealias FrameRun = SIMD4<Float>
#endif

extension SIMD4 where Scalar == Float {
    /// 1, 2, 3, 4: each frame's distance from the one before the run, for ramps that step
    /// before each frame.
    @inline(__always)
    static var counting: SIMD4<Float> { SIMD4(1, 2, 3, 4) }
}

extension SIMD8 where Scalar == Float {
    /// 1, 2, … 8 (`oneThroughEight`), under the name `FrameRun` uses in either build.
    @inline(__always)
    static var counting: SIMD8<Float> { oneThroughEight }
}
