import RealModule

// Polynomial replacements for sin and exp2. libm works lane by lane on SIMD vectors and
// costs tens of cycles per call, so hot loops use these instead (stmlib does the same).

/// sin(2πx) for any x; error below 1e-7 (degree-11 odd polynomial after folding to ±¼ turn).
@inline(__always)
func sine2Pi<V: SIMD>(_ x: V) -> V where V.Scalar == Float {
    var t = x - x.rounded(.toNearestOrEven)  // [-0.5, 0.5]
    // Fold into [-0.25, 0.25], where the polynomial is accurate: sin(π - a) = sin(a).
    t.replace(with: 0.5 - t, where: t .> 0.25)
    t.replace(with: -0.5 - t, where: t .< -0.25)
    let a = t * (2 * Float.pi)
    let a2 = a * a
    var p = V(repeating: -2.5052108e-8)
    p = p * a2 + 2.7557319e-6
    p = p * a2 - 1.9841270e-4
    p = p * a2 + 8.3333333e-3
    p = p * a2 - 1.6666667e-1
    return a + a * a2 * p
}

@inline(__always)
func sine2Pi(_ x: Float) -> Float {
    sine2Pi(SIMD2<Float>(repeating: x))[0]
}

/// 2^x per lane, relative error about 2e-7 for |x| < 126 (degree-6 polynomial on the fraction).
@inline(__always)
func exp2Fast(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x.clamped(lowerBound: SIMD8(repeating: -126), upperBound: SIMD8(repeating: 126))
    let whole = clamped.rounded(.toNearestOrEven)
    let f = (clamped - whole) * 0.69314718  // f·ln2 in [-0.35, 0.35]
    var p = SIMD8<Float>(repeating: 1.0 / 720)
    p = p * f + 1.0 / 120
    p = p * f + 1.0 / 24
    p = p * f + 1.0 / 6
    p = p * f + 0.5
    p = p * f + 1
    p = p * f + 1
    // 2^whole built straight into the float's exponent bits.
    let exponent = (SIMD8<Int32>(whole, rounding: .towardZero) &+ 127) &<< 23
    return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
}

/// tan(πx) for x in [0, 0.49]: the state-variable filter's frequency warp.
@inline(__always)
func tanPi<V: SIMD>(_ x: V) -> V where V.Scalar == Float {
    let half = x * 0.5
    return sine2Pi(half) / sine2Pi(half + 0.25)
}

/// Decibels to linear gain.
@inline(__always)
func gain(fromDecibels db: Double) -> Double {
    Double.pow(10, db / 20)
}
