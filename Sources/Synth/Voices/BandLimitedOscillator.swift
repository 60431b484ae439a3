#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Oscillators in SIMD lanes (one voice group: four or eight, see `VoiceLanes`) with band-limited discontinuities, each
/// with an optional square sub-oscillator one octave down. Each call adds one sample, scaled
/// by `gain`, into a `BLEPAccumulator`, which holds the output delay the corrections need.
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
    /// its reciprocal, so locating a discontinuity within a sample takes a multiply.
    struct Pitch {
        var increment: Lanes
        var step: Fixed
        var samplesPerCycle: Lanes

        init(increment: Lanes) {
            self.increment = increment
            step = BandLimitedOscillator.fixedPoint(increment * 4_294_967_296)
            samplesPerCycle = 1 / increment
        }
    }

    /// 2³¹ and its reciprocal: `ramp` is the phase in units of 2⁻³² cycle, minus 2³¹.
    private static let half: Float = 2_147_483_648
    private static let perUnit: Float = 1 / 4_294_967_296

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

    /// |ramp| as a float, in units of `foldedUnit`. On AVX the magnitude is taken in integer
    /// arithmetic (`vpabsd`; |ramp| fits in 31 bits as an unsigned number, even at -2³¹, so
    /// halved it converts as a signed one); on SSE2, which has no integer abs, the float's
    /// sign bit is cleared.
    @inline(__always)
    private func foldedRamp() -> Lanes {
        #if SYNTHCAST_WIDE_VOICES
        let sign = ramp &>> 31
        let magnitude = unsafeBitCast((ramp ^ sign) &- sign, to: VoiceBits.self)
        return float(unsafeBitCast(magnitude &>> 1, to: Fixed.self))
        #else
        return float(ramp).magnitude
        #endif
    }

    #if SYNTHCAST_WIDE_VOICES
    private static var foldedUnit: Float { 1 / 1_073_741_824 }  // |ramp|/2 over 2³⁰
    #else
    private static var foldedUnit: Float { 1 / 2_147_483_648 }
    #endif

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
        #if SYNTHCAST_WIDE_VOICES
        _mm256_cvtepi32_ps(unsafeBitCast(value, to: SIMD4<Int64>.self))
        #else
        Lanes(value)
        #endif
    }

    // MARK: Shapes (one call per sample)

    @inline(__always)
    mutating func saw(_ pitch: Pitch, gain: Float, sub level: Float?, into out: inout BLEPAccumulator) {
        let wrapped = advance(pitch)
        out.current = multiplyAdd(float(ramp), Lanes(repeating: gain / Self.half), out.current)
        addSub(level, gain, into: &out)
        if wrapped.anySet {
            let sub = level ?? 0
            // The saw falls by 2 where the phase wraps, and the sub flips.
            let jump = ((-2 - 2 * sub * subSign) * gain).kept(where: wrapped)
            flipSub(wrapped, sub: sub, gain: gain, into: &out)
            out.addStep(jump, samplesSince: sinceWrap(pitch, wrapped))
        }
    }

    @inline(__always)
    mutating func pulse(_ pitch: Pitch, width edge: Fixed, gain: Float, sub level: Float?, into out: inout BLEPAccumulator) {
        let previous = ramp
        let wrapped = advance(pitch)
        let high = ramp .< edge
        out.current += Lanes(repeating: -gain).replacing(with: gain, where: high)
        addSub(level, gain, into: &out)
        let fell = .!high .& ((previous .< edge) .| wrapped)
        if (wrapped .| fell).anySet {
            let sub = level ?? 0
            let rise = ((2 - 2 * sub * subSign) * gain).kept(where: wrapped)
            flipSub(wrapped, sub: sub, gain: gain, into: &out)
            let fall = Lanes(repeating: -2 * gain).kept(where: fell)
            if (wrapped .& fell).anySet {
                // A pulse narrower than a sample's step rose and fell in one lane.
                out.addStep(rise, samplesSince: sinceWrap(pitch, wrapped))
                out.addStep(fall, samplesSince: since(ramp &- edge, pitch, fell))
            } else {
                // Otherwise each lane has one edge at most, and one correction serves both.
                let atFall = unsafeBitCast(fell, to: Fixed.self)
                let distance = ((ramp &- Int32.min) & ~atFall) | ((ramp &- edge) & atFall)
                out.addStep(rise + fall, samplesSince: since(distance, pitch, wrapped .| fell))
            }
        }
    }

    @inline(__always)
    mutating func triangle(_ pitch: Pitch, gain: Float, sub level: Float?, into out: inout BLEPAccumulator) {
        let previous = ramp
        ramp &+= pitch.step
        // (1 - 4·|phase - ½| + sign·sub)·gain = (1 - 2·|saw|)·gain
        out.current = multiplyAdd(foldedRamp(), Lanes(repeating: -2 * gain * Self.foldedUnit), out.current + gain)
        addSub(level, gain, into: &out)
        // Both corners are where the ramp's sign changes: the peak where it turns
        // non-negative, the wrap (its overflow) where it turns negative. One test finds both.
        if (previous ^ ramp).anySignSet {
            let wrapped = ramp .< previous
            let peaked = unsafeBitCast((previous & ~ramp) &>> 31, to: Mask.self)  // sign bits, not a lane loop
            if let sub = level, sub != 0 {
                let jump = (-2 * sub * gain * subSign).kept(where: wrapped)
                flipSub(wrapped, sub: sub, gain: gain, into: &out)
                out.addStep(jump, samplesSince: sinceWrap(pitch, wrapped))
            }
            // The slope turns from -4 to +4 cycles⁻¹ at the wrap and back at the peak. A lane
            // meets at most one corner per sample, so one correction serves both: past the
            // wrap the distance is the phase itself, past the peak it is the ramp.
            let slope = 8 * gain * pitch.increment
            let bend = slope.kept(where: wrapped) - slope.kept(where: peaked)
            let atPeak = unsafeBitCast(peaked, to: Fixed.self)
            let distance = ((ramp &- Int32.min) & ~atPeak) | (ramp & atPeak)
            out.addCorner(bend, samplesSince: since(distance, pitch, wrapped .| peaked))
        }
    }

    @inline(__always)
    mutating func sine(_ pitch: Pitch, gain: Float, sub level: Float?, into out: inout BLEPAccumulator) {
        let wrapped = advance(pitch)
        out.current += sine(times: gain)
        addSub(level, gain, into: &out)
        if let sub = level, sub != 0, wrapped.anySet {
            let jump = (-2 * sub * gain * subSign).kept(where: wrapped)
            flipSub(wrapped, sub: sub, gain: gain, into: &out)
            out.addStep(jump, samplesSince: sinceWrap(pitch, wrapped))
        }
    }

    // MARK: Mechanics

    /// Adds the sub's naive sample. The sub level is optional so that an oscillator without a
    /// sub (the unison one, called with `nil`) skips it: adding a zero level could not be
    /// folded away in floating point.
    @inline(__always)
    private func addSub(_ sub: Float?, _ gain: Float, into out: inout BLEPAccumulator) {
        if let sub { out.current = multiplyAdd(subSign, Lanes(repeating: sub * gain), out.current) }
    }

    @inline(__always)
    private mutating func advance(_ pitch: Pitch) -> Mask {
        let previous = ramp
        ramp &+= pitch.step
        // The step is under half a cycle, so the ramp fell exactly where it wrapped around.
        return ramp .< previous
    }

    /// Flips the sub where the phase wrapped; the naive sample already added used the old sign.
    @inline(__always)
    private mutating func flipSub(_ wrapped: Mask, sub: Float, gain: Float, into out: inout BLEPAccumulator) {
        out.current -= (2 * sub * gain * subSign).kept(where: wrapped)
        subSign = subSign.replacing(with: -subSign, where: wrapped)
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
        (float(distance) * Self.perUnit * pitch.samplesPerCycle).kept(where: lanes).limited(0, 1)
    }

    /// Truncated to fixed point with one conversion instruction where there is one: the
    /// standard library's vector conversion is generic code that runs lane by lane.
    @inline(__always)
    private static func fixedPoint(_ x: Lanes) -> Fixed {
        #if SYNTHCAST_WIDE_VOICES
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
