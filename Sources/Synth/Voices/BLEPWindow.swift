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

    @inline(__always)
    private func add(_ height: Lanes, times kernel: Lanes, at offset: Int) {
        let byteOffset = offset * Self.stride
        let value = sample.load(fromByteOffset: byteOffset, as: Lanes.self)
        sample.storeBytes(of: multiplyAdd(height, kernel, value), toByteOffset: byteOffset, as: Lanes.self)
    }

    /// Spreads a step of height `jump` over the samples from two before to one after it.
    /// `t` is how far the current sample lies past the step, in samples, [0, 1).
    @inline(__always)
    func addStep(_ jump: Lanes, samplesSince t: Lanes) {
        let t2 = t * t, t3 = t2 * t, t4 = t2 * t2
        let u = t - 1, u3 = u * u * u, u4 = u3 * u
        let s = 1 - t, s4 = (s * s) * (s * s)
        let third: Float = 1.0 / 3, twoThirds: Float = 2.0 / 3
        let before: Lanes = 0.5 + u * twoThirds - u3 * third - u4 * 0.125
        let after: Lanes = -0.5 + t * twoThirds - t3 * third + t4 * 0.125
        add(jump, times: t4 * (1.0 / 24), at: -2)
        add(jump, times: before, at: -1)
        add(jump, times: after, at: 0)
        add(jump, times: s4 * (-1.0 / 24), at: 1)
    }

    /// Spreads a change of slope `bend` (per sample) the same way: the step's integral.
    @inline(__always)
    func addCorner(_ bend: Lanes, samplesSince t: Lanes) {
        let t2 = t * t, t4 = t2 * t2, t5 = t4 * t
        let u = t - 1, u2 = u * u, u4 = u2 * u2, u5 = u4 * u
        let s = 1 - t, s5 = (s * s) * (s * s) * s
        let c0: Float = 7.0 / 30, c2: Float = 1.0 / 3, c4: Float = 1.0 / 12, c5: Float = 1.0 / 40
        let beforeLinear: Lanes = c0 + u * 0.5 + u2 * c2
        let before: Lanes = beforeLinear - u4 * c4 - u5 * c5
        let afterLinear: Lanes = c0 - t * 0.5 + t2 * c2
        let after: Lanes = afterLinear - t4 * c4 + t5 * c5
        add(bend, times: t5 * (1.0 / 120), at: -2)
        add(bend, times: before, at: -1)
        add(bend, times: after, at: 0)
        add(bend, times: s5 * (1.0 / 120), at: 1)
    }
}
