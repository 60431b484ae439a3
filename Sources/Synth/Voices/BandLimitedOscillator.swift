#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Oscillators in SIMD lanes (one voice group: four or eight, see `VoiceLanes`) with band-limited discontinuities, each
/// with an optional square sub-oscillator one octave down. Each call adds one naive sample,
/// scaled by `gain`; the band-limiting corrections come in a second pass over the block's
/// samples that had a discontinuity (`BLEPWindow`).
///
/// Steps (saw, pulse, the sub's square) are smoothed with a 4-point polyBLEP built from the
/// integrated cubic B-spline, and corners (triangle) with its integral, the polyBLAMP. The
/// 2-point polyBLEP most synths use lowers a 1 kHz saw's aliasing by only about 19 dB at
/// 44.1 kHz; the 4-point kernel lowers it by about 31 dB for the price of a two-sample
/// output delay, since it also corrects the two samples before each discontinuity.
/// (Välimäki, Pekonen, Nam: "Perceptually informed synthesis of bandlimited classical
/// waveforms using integrated polynomial interpolation", JASA 2012.)
///
/// The sub flips sign exactly when the main phase wraps, so its edges share the main
/// oscillator's correction polynomials: a sub costs one multiply-add, not a second oscillator.
/// Corrections run only in samples where some lane has a discontinuity (a few percent of
/// them), so the common sample costs the naive waveform and a phase step.
///
/// The phase is a 32-bit fixed-point fraction of a cycle, offset by half a cycle and read as
/// a signed integer (`ramp`): the wrap is the integer's own overflow, found by one compare,
/// and `ramp` converted to float is already the saw, 2·phase - 1, scaled by 2³¹. (The same
/// layout as Mutable Instruments' oscillators; it also keeps 32 bits of phase, not 24.)
struct BandLimitedOscillator {
    typealias Lanes = VoiceLanes
    typealias Mask = SIMDMask<VoiceFixed>

    typealias Fixed = VoiceFixed

    /// A block's pitch: cycles per sample, in (0, 0.5), as a float and in fixed point, and
    /// samples per unit of the fixed point, so locating a discontinuity within a sample takes
    /// a multiply.
    struct Pitch {
        var increment: Lanes
        var step: Fixed
        var samplesPerUnit: Lanes

        init(increment: Lanes) {
            self.increment = increment
            step = BandLimitedOscillator.fixedPoint(increment * 4_294_967_296)
            samplesPerUnit = 1 / (increment * 4_294_967_296)
        }
    }

    /// 2³¹: `ramp` is the phase in units of 2⁻³² cycle, minus 2³¹.
    private static let half: Float = 2_147_483_648

    /// (phase - ½)·2³² with wrapping arithmetic: -2³¹ at the start of a cycle.
    private var ramp: Fixed
    /// The sub-oscillator's current sign, flipped at every wrap.
    private var subSign = Lanes(repeating: 1)

    /// `phase` in cycles, [0, 1).
    init(phase: Lanes = .zero) {
        ramp = Self.fixedPoint((phase - 0.5) * 4_294_967_296)
    }

    /// |2·phase - 1| (the triangle's fold), times `scale`.
    @inline(__always)
    private func foldedSaw(times scale: Float) -> Lanes { foldedRamp() * (scale * Self.foldedUnit) }

    /// |ramp| as a float, in units of `foldedUnit`: the conversion, then the sign bit
    /// cleared (two instructions; the integer abs takes three, as |-2³¹| needs a shift).
    @inline(__always)
    private func foldedRamp() -> Lanes {
        let bits = unsafeBitCast(float(ramp), to: VoiceBits.self) & 0x7FFF_FFFF
        return unsafeBitCast(bits, to: Lanes.self)
    }

    private static var foldedUnit: Float { 1 / 2_147_483_648 }

    /// sin(2π·phase), times `scale`, from the ramp: with s the saw (2·phase - 1), that is
    /// -sin(π·s) = -sign(s)·cos(π·(|s| - ½)), and the cosine on [-π/2, π/2] is an even
    /// polynomial of degree 8 (error under 3e-6, -110 dB): half the work of `sine2Pi`, whose
    /// range reduction the ramp has already done.
    @inline(__always)
    private func sine(times scale: Float) -> Lanes {
        let w = foldedSaw(times: 1) - 0.5
        let z = w * w
        let pi2 = Float.pi * Float.pi
        var p = Lanes(repeating: pi2 * pi2 * pi2 * pi2 / 40320)
        p = p * z - pi2 * pi2 * pi2 / 720
        p = p * z + pi2 * pi2 / 24
        p = p * z - pi2 / 2
        p = (p * z + 1) * -scale
        // The sign of s is the ramp's sign bit.
        let sign = unsafeBitCast(ramp & Int32.min, to: VoiceBits.self)
        return unsafeBitCast(unsafeBitCast(p, to: VoiceBits.self) ^ sign, to: Lanes.self)
    }

    /// The fixed-point value as a float: one conversion instruction. (On AVX through the
    /// intrinsic: the standard library's eight-lane conversion is generic code that LLVM
    /// splits into pieces.)
    @inline(__always)
    private func float(_ value: Fixed) -> Lanes {
        #if SYNTHCAST_AVX2
        _mm256_cvtepi32_ps(unsafeBitCast(value, to: SIMD4<Int64>.self))
        #else
        Lanes(value)
        #endif
    }

    // MARK: Shapes
    //
    // Each shape is two calls. The first, once per sample, steps the phase and adds the naive
    // waveform (and sub) to `x`; it returns the lanes that met a discontinuity in this sample,
    // one bit a lane. The second replays such a sample from the phase before it (`move`) and
    // adds the band-limiting corrections around it to the block (`BLEPWindow`). Split this
    // way, the per-sample loop has no branch on the data: a branch taken in a few percent of
    // samples, at no regular interval, was mispredicted often enough to cost more than the
    // corrections.

    @inline(__always)
    mutating func saw(_ pitch: Pitch, gain: Float, sub level: Float?, into x: inout Lanes) -> Int32 {
        let wrapped = advance(pitch, flippingSub: level != nil)
        x = multiplyAdd(float(ramp), Lanes(repeating: gain / Self.half), x)
        addSub(level, gain, into: &x)
        return Self.bits(wrapped)
    }

    @inline(__always)
    mutating func correctSaw(_ pitch: Pitch, gain: Float, sub level: Float?, into window: BLEPWindow) {
        let sign = subSign
        let wrapped = advance(pitch, flippingSub: level != nil)
        // The saw falls by 2 where the phase wraps, and the sub flips.
        let jump = ((-2 - 2 * (level ?? 0) * sign) * gain).kept(where: wrapped)
        window.addStep(jump, samplesSince: sinceWrap(pitch, wrapped))
    }

    @inline(__always)
    mutating func pulse(_ pitch: Pitch, width edge: Fixed, gain: Float, sub level: Float?, into x: inout Lanes) -> Int32 {
        let previous = ramp
        let wrapped = advance(pitch, flippingSub: level != nil)
        let high = ramp .< edge
        x += Lanes(repeating: -gain).replacing(with: gain, where: high)
        addSub(level, gain, into: &x)
        return Self.bits(wrapped .| Self.fell(from: previous, to: ramp, edge: edge, wrapped: wrapped))
    }

    @inline(__always)
    mutating func correctPulse(_ pitch: Pitch, width edge: Fixed, gain: Float, sub level: Float?, into window: BLEPWindow) {
        let previous = ramp, sign = subSign
        let wrapped = advance(pitch, flippingSub: level != nil)
        let fell = Self.fell(from: previous, to: ramp, edge: edge, wrapped: wrapped)
        let rise = ((2 - 2 * (level ?? 0) * sign) * gain).kept(where: wrapped)
        let fall = Lanes(repeating: -2 * gain).kept(where: fell)
        if (wrapped .& fell).anySet {
            // A pulse narrower than a sample's step rose and fell in one lane.
            window.addStep(rise, samplesSince: sinceWrap(pitch, wrapped))
            window.addStep(fall, samplesSince: since(ramp &- edge, pitch, fell))
        } else {
            // Otherwise each lane has one edge at most, and one correction serves both.
            let atFall = unsafeBitCast(fell, to: Fixed.self)
            let distance = ((ramp &- Int32.min) & ~atFall) | ((ramp &- edge) & atFall)
            window.addStep(rise + fall, samplesSince: since(distance, pitch, wrapped .| fell))
        }
    }

    /// Lanes whose pulse fell (passed its edge) in the step from `previous` to `ramp`: the
    /// edge lies between them, or, where the phase wrapped, before the wrap or after it. (A
    /// pulse wider than one step short of a whole cycle falls and rises in one sample.)
    @inline(__always)
    private static func fell(from previous: Fixed, to ramp: Fixed, edge: Fixed, wrapped: Mask) -> Mask {
        let before = previous .< edge, after = .!(ramp .< edge)
        return (before .& after) .| (wrapped .& (before .| after))
    }

    @inline(__always)
    mutating func triangle(_ pitch: Pitch, gain: Float, sub level: Float?, into x: inout Lanes) -> Int32 {
        let previous = ramp
        advance(pitch, flippingSub: level != nil)
        // (1 - 4·|phase - ½| + sign·sub)·gain = (1 - 2·|saw|)·gain
        x = multiplyAdd(foldedRamp(), Lanes(repeating: -2 * gain * Self.foldedUnit), x + gain)
        addSub(level, gain, into: &x)
        // Both corners are where the ramp's sign changes: the peak where it turns
        // non-negative, the wrap (its overflow) where it turns negative. One test finds both.
        return (previous ^ ramp).signBits
    }

    @inline(__always)
    mutating func correctTriangle(_ pitch: Pitch, gain: Float, sub level: Float?, into window: BLEPWindow) {
        let previous = ramp, sign = subSign
        let wrapped = advance(pitch, flippingSub: level != nil)
        let peaked = unsafeBitCast((previous & ~ramp) &>> 31, to: Mask.self)  // sign bits, not a lane loop
        // The slope turns from -4 to +4 cycles⁻¹ at the wrap and back at the peak. A lane
        // meets at most one corner per sample, so one correction serves both: past the
        // wrap the distance is the phase itself, past the peak it is the ramp. The sub's
        // edge is at the wrap, the same distance.
        let slope = 8 * gain * pitch.increment
        let bend = slope.kept(where: wrapped) - slope.kept(where: peaked)
        let atPeak = unsafeBitCast(peaked, to: Fixed.self)
        let distance = ((ramp &- Int32.min) & ~atPeak) | (ramp & atPeak)
        let t = since(distance, pitch, wrapped .| peaked)
        if let sub = level, sub != 0 {
            let jump = (-2 * sub * gain * sign).kept(where: wrapped)
            window.addStep(jump, corner: bend, samplesSince: t)
        } else {
            window.addCorner(bend, samplesSince: t)
        }
    }

    @inline(__always)
    mutating func sine(_ pitch: Pitch, gain: Float, sub level: Float?, into x: inout Lanes) -> Int32 {
        let wrapped = advance(pitch, flippingSub: level != nil)
        x += sine(times: gain)
        addSub(level, gain, into: &x)
        // Only the sub has an edge.
        return level != nil ? Self.bits(wrapped) : 0
    }

    @inline(__always)
    mutating func correctSine(_ pitch: Pitch, gain: Float, sub level: Float?, into window: BLEPWindow) {
        let sign = subSign
        let wrapped = advance(pitch, flippingSub: level != nil)
        if let sub = level, sub != 0 {
            let jump = (-2 * sub * gain * sign).kept(where: wrapped)
            window.addStep(jump, samplesSince: sinceWrap(pitch, wrapped))
        }
    }

    // MARK: Mechanics

    @inline(__always)
    private static func bits(_ lanes: Mask) -> Int32 { unsafeBitCast(lanes, to: Fixed.self).signBits }

    /// Puts the phase where it was `samples` samples after `start`'s, for the corrections'
    /// replay; the sub's sign is left alone (the replay meets every wrap in order, and
    /// `advance` flips it there).
    @inline(__always)
    mutating func move(to samples: Int, after start: BandLimitedOscillator, _ pitch: Pitch) {
        ramp = start.ramp &+ pitch.step &* Fixed(repeating: Int32(truncatingIfNeeded: samples))
    }

    /// Adds the sub's naive sample. The sub level is optional so that an oscillator without a
    /// sub (the unison one, called with `nil`) skips it: adding a zero level could not be
    /// folded away in floating point.
    @inline(__always)
    private func addSub(_ sub: Float?, _ gain: Float, into x: inout Lanes) {
        if let sub { x = multiplyAdd(subSign, Lanes(repeating: sub * gain), x) }
    }

    /// Steps the phase; where it wrapped, the sub flips (when there is one).
    @inline(__always) @discardableResult
    private mutating func advance(_ pitch: Pitch, flippingSub: Bool) -> Mask {
        let previous = ramp
        ramp &+= pitch.step
        // The step is under half a cycle, so the ramp fell exactly where it wrapped around.
        let wrapped = ramp .< previous
        if flippingSub {
            let signBit = unsafeBitCast(wrapped, to: VoiceBits.self) & 0x8000_0000
            subSign = unsafeBitCast(unsafeBitCast(subSign, to: VoiceBits.self) ^ signBit, to: Lanes.self)
        }
        return wrapped
    }

    /// How far past this sample's wrap the phase lies, in samples.
    @inline(__always)
    private func sinceWrap(_ pitch: Pitch, _ lanes: Mask) -> Lanes {
        since(ramp &- Int32.min, pitch, lanes)  // the phase itself, just past zero
    }

    /// How far past a discontinuity the current sample lies, in samples, [0, 1), from the
    /// phase's distance past it in fixed point; zero in lanes without one, so their
    /// (zero-height) corrections stay finite.
    @inline(__always)
    private func since(_ distance: Fixed, _ pitch: Pitch, _ lanes: Mask) -> Lanes {
        let t = (float(distance) * pitch.samplesPerUnit).kept(where: lanes)
        // Never negative (the distance is past the discontinuity); rounding may reach 1.
        return t.replacing(with: 1, where: t .> 1)
    }

    /// Truncated to fixed point with one conversion instruction where there is one: the
    /// standard library's vector conversion is generic code that runs lane by lane.
    @inline(__always)
    private static func fixedPoint(_ x: Lanes) -> Fixed {
        #if SYNTHCAST_AVX2
        unsafeBitCast(_mm256_cvttps_epi32(x), to: Fixed.self)
        #elseif arch(x86_64)
        unsafeBitCast(_mm_cvttps_epi32(x), to: Fixed.self)
        #else
        var lanes = Fixed()
        for i in lanes.indices { lanes[i] = Int32(x[i]) }
        return lanes
        #endif
    }

    /// The pulse's falling edge for a width in (0, 1), in the ramp's fixed point.
    static func pulseEdge(width: Float) -> Fixed {
        Fixed(repeating: Int32((width - 0.5) * 4_294_967_296))
    }
}
