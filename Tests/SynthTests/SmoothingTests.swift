import API
import Testing
@testable import Synth

/// A parameter step must not show up as a step in the audio: the largest sample-to-sample
/// jump across the change stays near the largest jump of steady playing at either setting.
@Suite("Parameter smoothing")
struct SmoothingTests {
    /// Largest jump over `seconds` after a change from `before` to `after` (submitted once
    /// the engine has settled), and the largest jump of steady rendering at each setting.
    static func jumps(base: ParameterSet, key: String, before: ParameterValue, after: ParameterValue, seed: UInt64 = 1)
        throws -> (transition: Float, steadyBefore: Float, steadyAfter: Float)
    {
        var start = base, end = base
        try start.set(key, before)
        try end.set(key, after)
        let settle = 1.0, window = 0.5

        let changing = Render(parameters: start, seed: seed).engine()
        _ = Render.samples(from: changing, seconds: settle)
        try changing.parameters.submit([(key: key, value: after)])
        let transition = Render.samples(from: changing, seconds: window).channel(0, of: 2).largestStep

        func steady(_ parameters: ParameterSet) -> Float {
            let engine = Render(parameters: parameters, seed: seed).engine()
            _ = Render.samples(from: engine, seconds: settle)
            return Render.samples(from: engine, seconds: window).channel(0, of: 2).largestStep
        }
        return (transition, steady(start), steady(end))
    }

    @Test("a 30 dB gain step on a steady tone is ramped")
    func gainStep() throws {
        let tone = try TestPresets.library.load("test-tone").parameters
        let result = try Self.jumps(base: tone, key: "gain", before: .number(-24), after: .number(6))
        // Unsmoothed, a jump from -36 to -6 dBFS at a crest would be ~0.45; steady is ~0.07.
        #expect(result.transition <= result.steadyAfter * 1.1, "\(result)")
    }

    @Test("a cutoff step from 200 Hz to 8 kHz is ramped")
    func cutoffStep() throws {
        var drone = try TestPresets.library.load("drone").parameters
        try drone.set("lfo_to_cutoff", .number(0))
        try drone.set("resonance", .number(0.7))
        let result = try Self.jumps(base: drone, key: "cutoff", before: .number(200), after: .number(8000))
        #expect(result.transition <= max(result.steadyBefore, result.steadyAfter) * 1.25, "\(result)")
    }

    @Test("a test-level step ramps too")
    func levelStep() throws {
        let tone = try TestPresets.library.load("test-tone").parameters
        let result = try Self.jumps(base: tone, key: "test_level", before: .number(-60), after: .number(-6))
        #expect(result.transition <= result.steadyAfter * 1.1, "\(result)")
    }

    /// The test tone's left channel for `seconds` after `key` changes to `value` mid-stream.
    static func toneAfterChange(_ key: String, to value: Double, seconds: Double) throws -> [Float] {
        let engine = try Render(preset: "test-tone").engine()
        _ = Render.samples(from: engine, seconds: 0.5)
        try engine.parameters.submit([(key: key, value: .number(value))])
        return Render.samples(from: engine, seconds: seconds).channel(0, of: 2)
    }

    @Test("a level change glides over the smoothing time (no zipper steps), then settles")
    func levelGlides() throws {
        let after = try Self.toneAfterChange("gain", to: -24, seconds: 0.3)
        func level(_ range: Range<Int>) -> Double { decibels(Array(after[range]).rms * 2.0.squareRoot()) }
        // Gain has a 20 ms time constant: after 5 ms it has moved only part of the way,
        // after 200 ms it has arrived at -12 - 24 = -36 dBFS. The master's limiter puts the
        // output a control block (128 frames) late.
        let early = level(304..<392)  // 4-6 ms
        #expect(early > -22 && early < -13, "level at 5 ms: \(early) dBFS")
        #expect(abs(level(8820..<13230) - -36) < 0.5)
    }

    @Test("a change reaches the output within one control block plus its ramp")
    func changeTakesEffectPromptly() throws {
        let after = try Self.toneAfterChange("test_level", to: -40, seconds: 0.2)
        // 20 ms smoothing: within ~100 ms the level is down by far more than 20 dB.
        let late = Array(after[4410..<8820])
        #expect(decibels(late.rms * 2.0.squareRoot()) < -35)
    }
}
