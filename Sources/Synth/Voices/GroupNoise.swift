/// Xorshift32 in the four lanes of a voice group: each voice's white noise. (`NoiseLanes`
/// is the eight-lane form; a group runs through a block on its own, so it keeps its own.)
struct GroupNoise {
    private var state: SIMD4<UInt32>

    /// Group `index` of the bank takes lanes 4·index ..< 4·index + 4 of the seed's sequence.
    init(seed: UInt64, group index: Int) {
        var random = SeededRandom(seed: seed, salt: 0x4E01_5E)
        var lanes = SIMD8<UInt32>.zero
        for i in lanes.indices { lanes[i] = UInt32(truncatingIfNeeded: random.next()) | 1 }
        state = index == 0 ? lanes.lowHalf : lanes.highHalf
    }

    /// Next sample in [-1, 1) per lane.
    @inline(__always)
    mutating func next() -> SIMD4<Float> {
        state ^= state &<< 13
        state ^= state &>> 17
        state ^= state &<< 5
        // The top 23 bits as the mantissa of a float in [1, 2), then mapped to [-1, 1).
        let bits = (state &>> 9) | 0x3F80_0000
        return unsafeBitCast(bits, to: SIMD4<Float>.self) * 2 - 3
    }
}
