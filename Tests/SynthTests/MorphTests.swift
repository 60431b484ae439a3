import API
import Testing
@testable import Synth

/// Changes with a glide: continuous parameters move in a straight line (in the log domain for
/// frequencies and times) over the glide, and discrete ones wait for the next bar.
@Suite("Morphs and glides")
struct MorphTests {
    static let sampleRate = 44100.0

    static func toneEngine(_ settings: [(String, ParameterValue)]) throws -> SynthEngine {
        var parameters = try TestPresets.library.load("test-tone").parameters
        for (key, value) in settings { try parameters.set(key, value) }
        return SynthEngine(parameters: parameters)
    }

    @Test("a frequency glides in the log domain, in a straight line, over the glide time, with no click")
    func frequencyGlidesLogarithmically() throws {
        let engine = try Self.toneEngine([("test_frequency", .number(200))])
        _ = Render.samples(from: engine, seconds: 0.5)
        try engine.parameters.submit([(key: "test_frequency", value: .number(3200))], glide: 2)
        let left = Render.samples(from: engine, seconds: 2.5).channel(0, of: 2)
        // 20 ms windows centred on each half second: four octaves in two seconds is one
        // octave per half second (a linear glide would be at 1700 Hz half-way, not 800).
        let window = Int(0.02 * Self.sampleRate)
        func pitch(at seconds: Double) -> Double {
            let centre = Int(seconds * Self.sampleRate)
            return estimatedFrequency(Array(left[(centre - window / 2)..<(centre + window / 2)]), sampleRate: Self.sampleRate)
        }
        for (seconds, expected) in [(0.5, 400.0), (1.0, 800.0), (1.5, 1600.0), (2.3, 3200.0)] {
            #expect(abs(pitch(at: seconds) / expected - 1) < 0.03, "at \(seconds) s: \(pitch(at: seconds)) Hz, expected \(expected)")
        }
        // No click: the tone's level holds at -12 dBFS through the glide, 5 ms at a time.
        let piece = Int(0.005 * Self.sampleRate)
        let levels = stride(from: 0, to: left.count - piece, by: piece).map { decibels(Double(Array(left[$0..<($0 + piece)]).peak)) }
        #expect(levels.allSatisfy { abs($0 - -12) < 0.5 }, "levels \(levels.min()!) ... \(levels.max()!) dBFS")
    }

    @Test("a discrete change with a glide waits for the next bar; without one it is at once")
    func discreteChangesWaitForTheBar() throws {
        // 120 BPM: a bar of sixteen sixteenths is 2 s, and the first starts at 0.
        for glide in [1.0, 0] {
            let engine = try Self.toneEngine([("tempo", .number(120))])
            _ = Render.samples(from: engine, seconds: 0.5)
            try engine.parameters.submit([(key: "test_signal", value: .string("off"))], glide: glide)
            let left = Render.samples(from: engine, seconds: 2).channel(0, of: 2)
            func level(from start: Double, to end: Double) -> Double {
                decibels(Double(Array(left[Int(start * Self.sampleRate)..<Int(end * Self.sampleRate)]).peak))
            }
            if glide > 0 {
                // Stream time 1.90-1.99 s still sounds; 2.02-2.10 s is silent (but for the DC filter settling, -66 dB).
                #expect(level(from: 1.40, to: 1.49) > -13, "before the bar")
                #expect(level(from: 1.52, to: 1.60) < -50, "after the bar")
            } else {
                #expect(level(from: 0.02, to: 0.10) < -50, "at once")
            }
        }
    }
}
