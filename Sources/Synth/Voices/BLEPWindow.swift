/// Where a band-limited oscillator's corrections go: the four samples around a discontinuity
/// in a voice group's block of sources, written in place. The 4-point polyBLEP/polyBLAMP
/// kernels reach two samples before the one a discontinuity falls in and one after, so the
/// block keeps two samples of the last block open to correction in front of its own and one
/// slot behind them (`VoiceGroup` carries those three across blocks).
///
/// Corrections are linear, so several oscillators mixed into one block share it.
struct BLEPWindow {
    typealias Lanes = VoiceLanes

    /// The group's lanes of the sample the discontinuity falls in; the block's frames lie a
    /// `SIMD8<Float>` apart (see `GroupOutput`).
    let sample: UnsafeMutableRawPointer

    private static let stride = MemoryLayout<SIMD8<Float>>.stride

    /// Weights for the samples two before, one before, at and one after a discontinuity.
    typealias Kernel = (Lanes, Lanes, Lanes, Lanes)

    @inline(__always)
    private func add(_ correction: (Lanes) -> Lanes, at offset: Int) {
        let byteOffset = offset * Self.stride
        let value = sample.load(fromByteOffset: byteOffset, as: Lanes.self)
        sample.storeBytes(of: correction(value), toByteOffset: byteOffset, as: Lanes.self)
    }

    /// Adds `height` times each sample's weight.
    @inline(__always)
    private func add(_ weights: Kernel, times height: Lanes) {
        add({ multiplyAdd(height, weights.0, $0) }, at: -2)
        add({ multiplyAdd(height, weights.1, $0) }, at: -1)
        add({ multiplyAdd(height, weights.2, $0) }, at: 0)
        add({ multiplyAdd(height, weights.3, $0) }, at: 1)
    }

    /// Spreads a step of height `jump` over the samples from two before to one after it.
    /// `t` is how far the current sample lies past the step, in samples, [0, 1).
    @inline(__always)
    func addStep(_ jump: Lanes, samplesSince t: Lanes) {
        add(Self.stepKernel(t), times: jump)
    }

    /// Spreads a change of slope `bend` (per sample) the same way: the step's integral.
    @inline(__always)
    func addCorner(_ bend: Lanes, samplesSince t: Lanes) {
        add(Self.cornerKernel(t), times: bend)
    }

    /// Both at once, where they fall at the same `t` (a triangle's corner and its sub's
    /// edge): one pass over the four samples, the kernels sharing their powers of `t`.
    @inline(__always)
    func addStep(_ jump: Lanes, corner bend: Lanes, samplesSince t: Lanes) {
        let k = Self.stepKernel(t), c = Self.cornerKernel(t)
        add({ multiplyAdd(jump, k.0, multiplyAdd(bend, c.0, $0)) }, at: -2)
        add({ multiplyAdd(jump, k.1, multiplyAdd(bend, c.1, $0)) }, at: -1)
        add({ multiplyAdd(jump, k.2, multiplyAdd(bend, c.2, $0)) }, at: 0)
        add({ multiplyAdd(jump, k.3, multiplyAdd(bend, c.3, $0)) }, at: 1)
    }

    // The kernels as polynomials in t, evaluated by Horner's rule (a fused multiply-add a
    // degree on AVX). Expanded from the B-spline pieces in u = t - 1 and s = 1 - t given by
    // Välimäki et al.; their coefficients come out as simple fractions.

    /// The 4-point polyBLEP's weights for the four samples: the integrated cubic B-spline
    /// less the naive step.
    @inline(__always)
    private static func stepKernel(_ t: Lanes) -> Kernel {
        let t2 = t * t
        return (t2 * t2 * (1.0 / 24),
                quartic(t, 1.0 / 24, 1.0 / 6, 1.0 / 4, 1.0 / 6, -1.0 / 8),
                quartic(t, -1.0 / 2, 2.0 / 3, 0, -1.0 / 3, 1.0 / 8),
                quartic(t, -1.0 / 24, 1.0 / 6, -1.0 / 4, 1.0 / 6, -1.0 / 24))
    }

    /// The polyBLAMP's: the step's weights integrated once more.
    @inline(__always)
    private static func cornerKernel(_ t: Lanes) -> Kernel {
        let t2 = t * t
        return (t2 * t2 * (t * (1.0 / 120)),
                quintic(t, 1.0 / 120, 1.0 / 24, 1.0 / 12, 1.0 / 12, 1.0 / 24, -1.0 / 40),
                quintic(t, 7.0 / 30, -1.0 / 2, 1.0 / 3, 0, -1.0 / 12, 1.0 / 40),
                quintic(t, 1.0 / 120, -1.0 / 24, 1.0 / 12, -1.0 / 12, 1.0 / 24, -1.0 / 120))
    }

    /// c0 + c1·t + c2·t² + c3·t³ + c4·t⁴.
    @inline(__always)
    private static func quartic(_ t: Lanes, _ c0: Float, _ c1: Float, _ c2: Float, _ c3: Float, _ c4: Float) -> Lanes {
        var p = multiplyAdd(Lanes(repeating: c4), t, Lanes(repeating: c3))
        p = multiplyAdd(p, t, Lanes(repeating: c2))
        p = multiplyAdd(p, t, Lanes(repeating: c1))
        return multiplyAdd(p, t, Lanes(repeating: c0))
    }

    /// c0 + c1·t + … + c5·t⁵.
    @inline(__always)
    private static func quintic(_ t: Lanes, _ c0: Float, _ c1: Float, _ c2: Float, _ c3: Float, _ c4: Float,
                                _ c5: Float) -> Lanes {
        multiplyAdd(quartic(t, c1, c2, c3, c4, c5), t, Lanes(repeating: c0))
    }
}
