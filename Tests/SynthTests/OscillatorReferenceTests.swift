import Foundation
import Testing
@testable import Synth

/// The voice oscillators (`VoiceGroup`: naive waveforms per sample, then corrections around
/// the samples with a discontinuity, written into the block in place) against a reference
/// written the plain way: one sample at a time in Double, each discontinuity located exactly
/// and smoothed with a cubic B-spline kernel integrated numerically, not with the
/// implementation's polynomials.
@Suite("Oscillators against a reference")
struct OscillatorReferenceTests {
    // MARK: The kernel: naive step or corner convolved with the centred cubic B-spline

    /// The centred cubic B-spline, support [-2, 2].
    static func bSpline(_ x: Double) -> Double {
        let a = abs(x)
        if a >= 2 { return 0 }
        if a >= 1 { return (2 - a) * (2 - a) * (2 - a) / 6 }
        return (4 - 6 * a * a + 3 * a * a * a) / 6
    }

    /// ∫ f from -2 to x, piece by piece between the spline's knots, by 5-point Gauss-Legendre
    /// (exact for polynomials up to degree 9, so for the spline and its integral).
    static func integral(_ f: (Double) -> Double, to x: Double) -> Double {
        let nodes = [0.0, -0.538_469_310_105_683, 0.538_469_310_105_683, -0.906_179_845_938_664, 0.906_179_845_938_664]
        let weights = [0.568_888_888_888_889, 0.478_628_670_499_366, 0.478_628_670_499_366,
                       0.236_926_885_056_189, 0.236_926_885_056_189]
        var total = 0.0
        var low = -2.0
        for knot in [-1.0, 0, 1, 2] where low < x {
            let high = min(knot, x)
            let half = (high - low) / 2, middle = (high + low) / 2
            for (node, weight) in zip(nodes, weights) { total += weight * half * f(middle + half * node) }
            low = high
        }
        return total
    }

    /// What a unit step at 0 needs added at offset `x` to become band-limited.
    static func stepCorrection(_ x: Double) -> Double {
        integral(bSpline, to: x) - (x >= 0 ? 1 : 0)
    }

    /// The same for a unit change of slope (per sample) at 0.
    static func cornerCorrection(_ x: Double) -> Double {
        integral({ integral(bSpline, to: $0) }, to: x) - max(x, 0)
    }

    // MARK: The reference oscillator

    enum Shape: String, CaseIterable, CustomStringConvertible {
        case saw, pulse, triangle, sine
        var description: String { rawValue }
    }

    /// One voice's oscillator in the implementation's fixed-point phase (the same 2⁻³² steps,
    /// so both meet each discontinuity in the same sample), everything else in Double.
    struct ReferenceOscillator {
        let shape: Shape
        var ramp: Int32
        let step: Int32
        let edge: Int32
        var subSign = 1.0

        init(shape: Shape, phase: Float, increment: Float, width: Float) {
            self.shape = shape
            ramp = Int32((Double(phase) - 0.5) * 4_294_967_296)
            step = BandLimitedOscillator.Pitch(increment: VoiceLanes(repeating: increment)).step[0]
            edge = BandLimitedOscillator.pulseEdge(width: width)[0]
        }

        /// Cycles per sample, exactly as the phase moves.
        var increment: Double { Double(step) / 4_294_967_296 }

        /// Ramp units as a distance in samples.
        func samples(_ units: Double) -> Double { units / 4_294_967_296 / increment }

        /// A discontinuity in this sample: `t` samples before the sample's time.
        struct Event { var t: Double; var step: Double; var corner: Double }

        /// Advances one sample; returns the naive value (gain 1, sub at `sub`) and the
        /// discontinuities passed on the way.
        mutating func next(sub: Double) -> (value: Double, events: [Event]) {
            let previous = ramp
            ramp &+= step
            let wrapped = ramp < previous
            let saw = Double(ramp) / 2_147_483_648
            let sinceWrap = samples(Double(ramp) + 2_147_483_648)
            var events: [Event] = []
            if wrapped {
                events.append(Event(t: sinceWrap, step: -2 * sub * subSign, corner: 0))
                subSign = -subSign
            }
            let value: Double
            switch shape {
            case .saw:
                value = saw
                if wrapped { events.append(Event(t: sinceWrap, step: -2, corner: 0)) }
            case .pulse:
                value = ramp < edge ? 1 : -1
                if wrapped { events.append(Event(t: sinceWrap, step: 2, corner: 0)) }
                // The falling edge, where the phase passed it: within the step, or on either
                // side of the wrap.
                let before = previous < edge, after = ramp >= edge
                if (before && after) || (wrapped && (before || after)) {
                    events.append(Event(t: samples(Double(ramp &- edge)), step: -2, corner: 0))
                }
            case .triangle:
                value = 1 - 2 * abs(saw)
                let slopeChange = 8 * increment
                if wrapped { events.append(Event(t: sinceWrap, step: 0, corner: slopeChange)) }
                if previous < 0 && ramp >= 0 { events.append(Event(t: samples(Double(ramp)), step: 0, corner: -slopeChange)) }
            case .sine:
                value = sin(2 * Double.pi * (saw + 1) / 2)
            }
            return (value + sub * subSign, events)
        }
    }

    /// The reference for one voice: naive samples plus every discontinuity's correction over
    /// the two samples before it, its own and the one after; output two samples late, as the
    /// implementation's is.
    static func reference(shape: Shape, phases: (Float, Float), increments: [(Float, Float)], width: Float,
                          mixes: [VoiceGroup.Mix]) -> [Double] {
        let frames = VoiceGroupRig.frames
        var main = ReferenceOscillator(shape: shape, phase: phases.0, increment: increments[0].0, width: width)
        var unison = ReferenceOscillator(shape: shape, phase: phases.1, increment: increments[0].1, width: width)
        var signal = [Double](repeating: 0, count: mixes.count * frames + 4)
        for (block, mix) in mixes.enumerated() {
            let mainStep = increments[block].0, unisonStep = increments[block].1
            main = ReferenceOscillator(shape: shape, continuing: main, increment: mainStep, width: width)
            unison = ReferenceOscillator(shape: shape, continuing: unison, increment: unisonStep, width: width)
            for i in 0..<frames {
                let n = block * frames + i + 2  // two samples late
                let fraction = Double(i + 1) / Double(frames)
                let level = (0..<4).map { Double(mix.start[$0]) + (Double(mix.end[$0]) - Double(mix.start[$0])) * fraction }
                let (mainValue, mainEvents) = main.next(sub: level[2])
                signal[n] += level[0] * mainValue
                apply(mainEvents, gain: level[0], at: n, to: &signal)
                if mix.usesUnison {
                    let (unisonValue, unisonEvents) = unison.next(sub: 0)
                    signal[n] += level[1] * unisonValue
                    apply(unisonEvents, gain: level[1], at: n, to: &signal)
                }
            }
        }
        return Array(signal.prefix(mixes.count * frames))
    }

    static func apply(_ events: [ReferenceOscillator.Event], gain: Double, at n: Int, to signal: inout [Double]) {
        for event in events {
            for offset in -2...1 {
                let x = event.t + Double(offset)
                signal[n + offset] += gain * (event.step * stepCorrection(x) + event.corner * cornerCorrection(x))
            }
        }
    }

    // MARK: Tests

    /// Eight voices from low to near Nyquist, some detuned far enough that the unison runs at
    /// another speed; blocks that change pitch, switch the unison on and ramp every level.
    @Test("every shape, with sub, unison and ramped levels, matches the reference within 1e-4",
          arguments: Shape.allCases)
    func matchesReference(shape: Shape) {
        let phases: SIMD8<Float> = [0, 0.31, 0.77, 0.5, 0.12, 0.999, 0.45, 0.66]
        let unisonPhases: SIMD8<Float> = [0.5, 0.2, 0.9, 0.01, 0.6, 0.33, 0.8, 0.25]
        let low: SIMD8<Float> = [0.0011, 0.0034, 0.0093, 0.021, 0.047, 0.083, 0.17, 0.31]
        let high: SIMD8<Float> = [0.0015, 0.0051, 0.012, 0.035, 0.061, 0.12, 0.23, 0.42]
        let width: Float = 0.93  // within a step of a whole cycle for the fast voices
        var mixes: [VoiceGroup.Mix] = []
        var increments: [(SIMD8<Float>, SIMD8<Float>)] = []
        var levels = SIMD4<Float>(0.8, 0, 0.5, 0)
        for block in 0..<24 {
            var next = levels
            switch block % 6 {
            case 1: next = [0.6, 0.4, 0.5, 0]      // the unison fades in
            case 3: next = [0.7, 0.3, 0.9, 0]      // the sub rises
            case 5: next = [0.8, 0, 0.25, 0]       // the unison fades out
            default: break
            }
            mixes.append(VoiceGroup.Mix(start: levels, end: next))
            levels = next
            let main = block % 4 < 2 ? low : high
            increments.append((main, main * (block % 3 == 0 ? 1.003 : 1.06)))
        }

        var rig = VoiceGroupRig(phases: phases, unisonPhases: unisonPhases)
        var rendered: [SIMD8<Float>] = []
        for (mix, pair) in zip(mixes, increments) {
            switch shape {
            case .saw: rendered += rig.render(SawShape.self, increments: pair.0, unisonIncrements: pair.1, width: width, mix: mix)
            case .pulse: rendered += rig.render(PulseShape.self, increments: pair.0, unisonIncrements: pair.1, width: width, mix: mix)
            case .triangle: rendered += rig.render(TriangleShape.self, increments: pair.0, unisonIncrements: pair.1, width: width, mix: mix)
            case .sine: rendered += rig.render(SineShape.self, increments: pair.0, unisonIncrements: pair.1, width: width, mix: mix)
            }
        }

        for lane in 0..<8 {
            let expected = Self.reference(shape: shape, phases: (phases[lane], unisonPhases[lane]),
                                          increments: increments.map { ($0.0[lane], $0.1[lane]) }, width: width, mixes: mixes)
            var worst = 0.0, worstAt = 0
            for (n, frame) in rendered.enumerated() where abs(Double(frame[lane]) - expected[n]) > worst {
                worst = abs(Double(frame[lane]) - expected[n])
                worstAt = n
            }
            #expect(worst < 1e-4, "\(shape), voice \(lane): off by \(worst) at sample \(worstAt)")
        }
    }

    @Test("the reference's kernels are the 4-point polyBLEP's: they vanish outside ±2 and sum the step's share")
    func kernelsAreSane() {
        #expect(abs(Self.stepCorrection(-2)) < 1e-12 && abs(Self.stepCorrection(2)) < 1e-12)
        #expect(abs(Self.cornerCorrection(-2)) < 1e-12 && abs(Self.cornerCorrection(2)) < 1e-12)
        // An odd kernel about the step: corrections at ±x cancel.
        #expect(abs(Self.stepCorrection(0.3) + Self.stepCorrection(-0.3)) < 1e-12)
        // t⁴/24 two samples before, as in Välimäki et al.
        #expect(abs(Self.stepCorrection(-1.5) - pow(0.5, 4) / 24) < 1e-12)
    }
}

extension OscillatorReferenceTests.ReferenceOscillator {
    /// The same oscillator with a new block's pitch: the phase and the sub's sign go on.
    init(shape: OscillatorReferenceTests.Shape, continuing previous: Self, increment: Float, width: Float) {
        self.init(shape: shape, phase: 0, increment: increment, width: width)
        ramp = previous.ramp
        subSign = previous.subSign
    }
}
