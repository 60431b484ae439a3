import RealModule

// Polynomial replacements for sin and exp2. libm works lane by lane on SIMD vectors and
// costs tens of cycles per call, so hot loops use these instead (stmlib does the same).

/// sin(2πx) per lane for |x| < 2^22; error below 1e-7 (degree-11 odd polynomial after
/// folding to ±¼ turn). Concrete types, since generic SIMD code keeps per-lane loops. On SSE
/// the eight-lane form is the four-lane one twice; with AVX's 256-bit registers it is the
/// same polynomial in one pass (the kick and snare call it every eight samples).
@inline(__always)
func sine2Pi(_ x: SIMD8<Float>) -> SIMD8<Float> {
    #if SYNTHCAST_AVX2
    var t = x - x.roundedToNearest  // [-0.5, 0.5]
    t = t.replacing(with: 0.5 - t, where: t .> 0.25)
    t = t.replacing(with: -0.5 - t, where: t .< -0.25)
    let a = t * (2 * Float.pi)
    let a2 = a * a
    var p = SIMD8<Float>(repeating: -2.5052108e-8)
    p = multiplyAdd(p, a2, SIMD8(repeating: 2.7557319e-6))
    p = multiplyAdd(p, a2, SIMD8(repeating: -1.9841270e-4))
    p = multiplyAdd(p, a2, SIMD8(repeating: 8.3333333e-3))
    p = multiplyAdd(p, a2, SIMD8(repeating: -1.6666667e-1))
    return multiplyAdd(a * a2, p, a)
    #else
    SIMD8(lowHalf: sine2Pi(x.lowHalf), highHalf: sine2Pi(x.highHalf))
    #endif
}

@inline(__always)
func sine2Pi(_ x: SIMD4<Float>) -> SIMD4<Float> {
    var t = x - x.roundedToNearest  // [-0.5, 0.5]
    // Fold into [-0.25, 0.25], where the polynomial is accurate: sin(π - a) = sin(a).
    t = t.replacing(with: 0.5 - t, where: t .> 0.25)
    t = t.replacing(with: -0.5 - t, where: t .< -0.25)
    let a = t * (2 * Float.pi)
    let a2 = a * a
    var p = SIMD4<Float>(repeating: -2.5052108e-8)
    p = p * a2 + 2.7557319e-6
    p = p * a2 - 1.9841270e-4
    p = p * a2 + 8.3333333e-3
    p = p * a2 - 1.6666667e-1
    return a + a * a2 * p
}

/// The same polynomial for one value, folded without branches (a data-dependent branch
/// mispredicts on every other call for audio-rate phases).
@inline(__always)
func sine2Pi(_ x: Float) -> Float {
    let t = x - ((x + 12_582_912) - 12_582_912)  // [-0.5, 0.5]
    // sin(2πt) is symmetric about t = ±¼: fold |t| onto [0, ¼] and restore the sign.
    let folded = (0.25 - abs(abs(t) - 0.25)).magnitude * (t < 0 ? -1 : 1)
    let a = folded * (2 * Float.pi)
    let a2 = a * a
    var p: Float = -2.5052108e-8
    p = p * a2 + 2.7557319e-6
    p = p * a2 - 1.9841270e-4
    p = p * a2 + 8.3333333e-3
    p = p * a2 - 1.6666667e-1
    return a + a * a2 * p
}

/// 2^x per lane, relative error about 2e-7 for |x| < 126 (degree-6 polynomial on the fraction).
@inline(__always)
func exp2Fast(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x.limited(-126, 126)
    let whole = clamped.roundedToNearest
    let f = (clamped - whole) * 0.69314718  // f·ln2 in [-0.35, 0.35]
    var p = SIMD8<Float>(repeating: 1.0 / 720)
    p = p * f + 1.0 / 120
    p = p * f + 1.0 / 24
    p = p * f + 1.0 / 6
    p = p * f + 0.5
    p = p * f + 1
    p = p * f + 1
    // 2^whole straight into the exponent bits: adding 2^23 puts the integer whole + 127 in
    // the low mantissa bits, which a shift moves into the exponent field.
    let biased = unsafeBitCast(whole + (127 + 8_388_608), to: SIMD8<UInt32>.self) & 0xFF
    return p * unsafeBitCast(biased &<< 23, to: SIMD8<Float>.self)
}

/// tan(πx) for x in [0, 0.49]: the state-variable filter's frequency warp.
@inline(__always)
func tanPi(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let half = x * 0.5
    return sine2Pi(half) / sine2Pi(half + 0.25)
}

/// Decibels to linear gain.
@inline(__always)
func gain(fromDecibels db: Double) -> Double {
    Double.pow(10, db / 20)
}
