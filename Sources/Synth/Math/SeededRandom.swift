/// SplitMix64: a small, fast, well-mixed generator. Everything random in the engine draws
/// from one of these, seeded from the session seed, so a seed always gives the same sound.
/// (Public for the same reason elsewhere: the TUI's randomize, seeded fuzz tests and bench
/// clients repeat from run to run.)
public struct SeededRandom: RandomNumberGenerator {
    /// The whole state: a generator made with this as its seed continues the sequence.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for a sub-system, decorrelated from its parent by `salt`.
    init(seed: UInt64, salt: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (salt &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216)
    }

    /// Uniform in [-1, 1).
    @inline(__always)
    mutating func bipolar() -> Float { unit() * 2 - 1 }

    /// Uniform in 0..<count.
    @inline(__always)
    public mutating func below(_ count: Int) -> Int {
        Int(next() % UInt64(max(count, 1)))
    }
}

/// Xorshift32 in eight lanes: white noise for all voices at once, or for the few channels
/// the drums and texture need (they take lanes of the same vector; concrete SIMD8, because
/// generic SIMD code is left with per-lane loops).
struct NoiseLanes {
    private var state: SIMD8<UInt32>

    init(seed: UInt64) {
        var random = SeededRandom(seed: seed, salt: 0x4E01_5E)
        var lanes = SIMD8<UInt32>.zero
        for i in lanes.indices { lanes[i] = UInt32(truncatingIfNeeded: random.next()) | 1 }
        state = lanes
    }

    /// Next white-noise sample in [-1, 1) per lane.
    @inline(__always)
    mutating func next() -> SIMD8<Float> {
        state ^= state &<< 13
        state ^= state &>> 17
        state ^= state &<< 5
        // The top 23 bits as the mantissa of a float in [1, 2), then mapped to [-1, 1).
        let bits = (state &>> 9) | 0x3F80_0000
        return unsafeBitCast(bits, to: SIMD8<Float>.self) * 2 - 3
    }
}
