/// Xorshift32 in the lanes of a voice group: each voice's white noise. (`NoiseLanes`
/// is the eight-lane form; a group runs through a block on its own, so it keeps its own.)
struct GroupNoise {
    private var state: VoiceBits

    /// A group takes its lanes of the eight the seed gives (the low or high four, or all).
    init(seed: UInt64, group index: Int) {
        var random = SeededRandom(seed: seed, salt: 0x4E01_5E)
        var lanes = SIMD8<UInt32>.zero
        for i in lanes.indices { lanes[i] = UInt32(truncatingIfNeeded: random.next()) | 1 }
        #if SYNTHCAST_AVX2
        state = lanes
        #else
        state = index == 0 ? lanes.lowHalf : lanes.highHalf
        #endif
    }

    /// Next sample in [-1, 1) per lane.
    @inline(__always)
    mutating func next() -> VoiceLanes {
        state ^= state &<< 13
        state ^= state &>> 17
        state ^= state &<< 5
        // The top 23 bits as the mantissa of a float in [1, 2), then mapped to [-1, 1).
        let bits = (state &>> 9) | 0x3F80_0000
        return multiplyAdd(unsafeBitCast(bits, to: VoiceLanes.self), VoiceLanes(repeating: 2), VoiceLanes(repeating: -3))
    }
}
