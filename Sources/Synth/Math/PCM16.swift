/// Float samples as 16-bit PCM, the way a WAV file or a sound card takes them.
public enum PCM16 {
    /// Writes `samples` (nominally in [-1, 1]) to `output` as signed 16-bit integers: clamped
    /// to [-1, 1], scaled by 32767 and rounded to nearest, ties to even; eight at a time, so
    /// the conversion costs a small part of rendering the samples.
    /// `output` must hold at least `samples.count` values.
    public static func convert(_ samples: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Int16>) {
        precondition(output.count >= samples.count, "PCM16.convert: output holds \(output.count) samples, \(samples.count) given")
        guard let input = samples.baseAddress, let out = output.baseAddress else { return }
        let whole = samples.count & ~7
        var index = 0
        while index < whole {
            let vector = UnsafeRawPointer(input + index).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out + index).storeBytes(of: scaled(vector), as: SIMD8<Int16>.self)
            index += 8
        }
        // The last few go through the same vector code, so every sample rounds alike.
        guard index < samples.count else { return }
        var tail = SIMD8<Float>()
        for lane in 0..<(samples.count - index) { tail[lane] = input[index + lane] }
        let converted = scaled(tail)
        for lane in 0..<(samples.count - index) { out[index + lane] = converted[lane] }
    }

    @inline(__always)
    private static func scaled(_ samples: SIMD8<Float>) -> SIMD8<Int16> {
        // Adding 1.5 * 2^23 leaves the value rounded (to nearest, ties to even, as float
        // addition rounds) in the low bits of the sum's mantissa (`roundedToNearest`'s trick):
        // one vector add and one integer subtract, where a checked conversion would go lane
        // by lane. NaN, which a healthy engine never makes, comes out as 0 instead of trapping.
        let shifted = samples.limited(-1, 1) * 32767 + SIMD8(repeating: 12_582_912)
        let integers = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- SIMD8(repeating: 0x4B40_0000)
        return SIMD8<Int16>(truncatingIfNeeded: integers)
    }
}
