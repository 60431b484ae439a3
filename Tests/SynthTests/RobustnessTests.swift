import API
import Testing
@testable import Synth

@Suite("Robustness")
struct RobustnessTests {
    /// A random value anywhere in a parameter's range, following its curve.
    static func randomParameters(_ random: inout SeededRandom) -> ParameterSet {
        var set = ParameterSet()
        for spec in ParameterSchema.specs {
            try! set.set(spec.key, spec.row.value(atPosition: Double(random.unit())))
        }
        return set
    }

    @Test("300 random in-range parameter sets render finite samples within ±1")
    func randomParameterSets() throws {
        var random = SeededRandom(seed: 2024)
        for trial in 0..<300 {
            let parameters = Self.randomParameters(&random)
            let format = try AudioFormat(sampleRate: AudioFormat.supportedSampleRates[trial % 4], channels: 1 + trial % 2)
            let samples = Render(format: format, parameters: parameters, seed: UInt64(trial)).samples(seconds: 0.3, blockFrames: 1 + trial * 37 % 2048)
            let bad = samples.first { !$0.isFinite || abs($0) > 1 }
            #expect(bad == nil, "trial \(trial): sample \(String(describing: bad)) with \(parameters.externalValues.map { "\($0.key)=\($0.value)" })")
            if bad != nil { return }
        }
    }

    @Test("every parameter at its minimum, then at its maximum, stays finite and below -0.3 dBFS")
    func extremes() throws {
        for position in [0.0, 1.0] {
            var set = ParameterSet()
            for spec in ParameterSchema.specs { try set.set(spec.key, spec.row.value(atPosition: position)) }
            // Also make everything audible at once: test signal at full level, drums, texture.
            try set.set("test_signal", .string("sweep"))
            let samples = Render(parameters: set, seed: 9).samples(seconds: 3)
            let finite = samples.allSatisfy { $0.isFinite }
            #expect(finite)
            #expect(samples.peak <= MasterBus.ceiling, "peak \(samples.peak) at position \(position)")
        }
    }

    @Test("hot presets never pass the -0.3 dBFS ceiling")
    func limiterCeiling() throws {
        for name in ["techno-pulse", "bass-groove", "lo-fi"] {
            var parameters = try TestPresets.library.load(name).parameters
            try parameters.set("gain", .number(12))
            let peak = Render(parameters: parameters, seed: 3).samples(seconds: 4).peak
            #expect(peak <= 0.9661, "\(name) peak \(decibels(Double(peak))) dBFS")
            #expect(peak > 0.5, "\(name) should be driven into the limiter")
        }
    }
}

/// The engine flushes subnormal numbers while it renders (they slow recursions down many
/// times over); the thread that called it must get its own floating-point mode back.
@Suite("Floating-point mode")
struct FloatModeTests {
    @_optimize(none)
    static func quarter(_ x: Float) -> Float { x / 4 }

    @Test("rendering leaves the caller's floating-point mode as it found it")
    func callerModeRestored() throws {
        #expect(Self.quarter(.leastNormalMagnitude).isSubnormal, "subnormals work before")
        _ = try Render(preset: "lo-fi").samples(seconds: 0.5)
        #expect(Self.quarter(.leastNormalMagnitude).isSubnormal, "and still work after the render")
    }
}
