/// y[n] = pole·y[n-1] + x[n] (a one-pole filter's recursion) over eight consecutive samples at
/// once. Sample by sample, each step waits for the one before; here each group of four is
/// solved as a two-step prefix scan (add the neighbour one back times the pole, then the pair
/// two back times pole²) and joined to the previous output with the pole's powers, so the
/// work runs in vector lanes and the two groups of a block overlap.
struct FirstOrderRecursion {
    let pole: Float
    private let poleSquared: Float
    private let powers: SIMD4<Float>  // pole¹ … pole⁴

    init(pole: Float) {
        self.pole = pole
        poleSquared = pole * pole
        powers = SIMD4(pole, poleSquared, poleSquared * pole, poleSquared * poleSquared)
    }

    /// The next eight outputs for inputs `x`, continuing from `y`, the last output (updated).
    @inline(__always)
    func run(_ x: SIMD8<Float>, from y: inout Float) -> SIMD8<Float> {
        let low = run(x.lowHalf, from: &y)
        return SIMD8(lowHalf: low, highHalf: run(x.highHalf, from: &y))
    }

    @inline(__always)
    func run(_ x: SIMD4<Float>, from y: inout Float) -> SIMD4<Float> {
        var r = x
        r = multiplyAdd(SIMD4(0, r[0], r[1], r[2]), SIMD4(repeating: pole), r)
        r = multiplyAdd(SIMD4(0, 0, r[0], r[1]), SIMD4(repeating: poleSquared), r)
        r = multiplyAdd(powers, SIMD4(repeating: y), r)  // the chain from block to block: one fused step
        y = r[3]
        return r
    }

    /// Two channels' next four outputs at once, one per 128-bit half of `x`, continuing from
    /// `last`: each half's last output in all four of its lanes (updated).
    @inline(__always)
    func run(halves x: SIMD8<Float>, from last: inout SIMD8<Float>) -> SIMD8<Float> {
        var r = x
        r = multiplyAdd(SIMD8(0, r[0], r[1], r[2], 0, r[4], r[5], r[6]), SIMD8(repeating: pole), r)
        r = multiplyAdd(SIMD8(0, 0, r[0], r[1], 0, 0, r[4], r[5]), SIMD8(repeating: poleSquared), r)
        r = multiplyAdd(SIMD8(lowHalf: powers, highHalf: powers), last, r)
        last = SIMD8(r[3], r[3], r[3], r[3], r[7], r[7], r[7], r[7])
        return r
    }
}
