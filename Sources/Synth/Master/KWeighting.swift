import RealModule

/// The K-weighting of ITU-R BS.1770: a high shelf (+4 dB above about 1.5 kHz, the head's
/// effect) and a high-pass near 38 Hz (the RLB curve), for both channels at once. The
/// coefficients come from the standard's analog prototypes, so any sample rate measures alike
/// (at 48 kHz they are the standard's table).
///
/// The two filters run as one four-lane vector, pipelined: lanes 0-1 are the shelf on this
/// sample of left and right, lanes 2-3 the high-pass on the shelf's output of the sample
/// before. One vector recursion per sample instead of two scalar pairs; the energy comes out
/// a sample late, which a loudness window of 17,640 samples does not notice. Float is exact
/// enough for the high-pass's poles at 0.995 (its error is far under 0.01 dB).
///
/// The recursion is written so that the state a sample waits on passes through one multiply
/// and one add (`s1 = k1·x + s2 - a1·s1`), not three operations: the loop is bound by that
/// latency, not by its arithmetic.
struct KWeighting {
    private typealias Lanes = SIMD4<Float>
    private let b0, k1, k2, a1, a2: Lanes
    private var state1 = Lanes.zero
    private var state2 = Lanes.zero
    /// The shelf's output of the last sample, for the high-pass lanes.
    private var shelved = SIMD2<Float>.zero

    init(sampleRate: Double) {
        var k = Double.tan(.pi * 1681.974450955533 / sampleRate)
        var q = 0.7071752369554196
        let vh = Double.pow(10, 3.999843853973347 / 20), vb = Double.pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        let shelf = (b0: (vh + vb * k / q + k * k) / a0, b1: 2 * (k * k - vh) / a0, b2: (vh - vb * k / q + k * k) / a0,
                     a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        k = Double.tan(.pi * 38.13547087602444 / sampleRate)
        q = 0.5003270373238773
        a0 = 1 + k / q + k * k
        let highPass = (b0: 1.0, b1: -2.0, b2: 1.0, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        func lanes(_ shelf: Double, _ highPass: Double) -> Lanes { Lanes(Float(shelf), Float(shelf), Float(highPass), Float(highPass)) }
        b0 = lanes(shelf.b0, highPass.b0)
        k1 = lanes(shelf.b1 - shelf.a1 * shelf.b0, highPass.b1 - highPass.a1 * highPass.b0)
        k2 = lanes(shelf.b2 - shelf.a2 * shelf.b0, highPass.b2 - highPass.a2 * highPass.b0)
        a1 = lanes(shelf.a1, highPass.a1)
        a2 = lanes(shelf.a2, highPass.a2)
    }

    /// The sum over both channels of the squared K-weighted samples of a block.
    mutating func sumOfSquares(left: UnsafePointer<Float>, right: UnsafePointer<Float>, frames: Int) -> Double {
        var sum = SIMD2<Float>.zero
        var s1 = state1, s2 = state2, shelved = shelved
        for i in 0..<frames {
            // Transposed direct form II, with y = b0·x + s1 put into the state updates.
            let x = Lanes(lowHalf: SIMD2(left[i], right[i]), highHalf: shelved)
            let y = b0 * x + s1
            let next1 = (k1 * x + s2) - a1 * s1
            s2 = k2 * x - a2 * s1
            s1 = next1
            shelved = y.lowHalf
            sum += y.highHalf * y.highHalf
        }
        state1 = s1; state2 = s2
        self.shelved = shelved
        return Double(sum.sum())
    }
}
