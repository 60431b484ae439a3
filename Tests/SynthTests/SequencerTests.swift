import API
import Foundation
import Testing
@testable import Synth

@Suite("Sequencer")
struct SequencerTests {
    @Test("scale degrees stay in the scale and climb an octave per scale length", arguments: Scale.allCases)
    func scaleDegrees(scale: Scale) {
        let pitchClasses = Set((0..<scale.degreesPerOctave).map { scale.semitones(forDegree: $0) })
        #expect(pitchClasses.count == scale.degreesPerOctave)
        for degree in -20...40 {
            let semitones = scale.semitones(forDegree: degree)
            #expect(pitchClasses.contains(((semitones % 12) + 12) % 12), "\(scale.name) degree \(degree)")
            #expect(scale.semitones(forDegree: degree + scale.degreesPerOctave) == semitones + 12)
            #expect(scale.semitones(forDegree: degree + 1) > semitones)
        }
    }

    @Test("Euclidean rhythms place exactly the asked hits, evenly, rotated")
    func euclidean() {
        for hits in 0...16 {
            let steps = (0..<16).filter { EuclideanRhythm.hits(hits, rotation: 0, at: $0) }
            #expect(steps.count == hits)
            if hits > 1 {
                let gaps = zip(steps, steps.dropFirst() + [steps[0] + 16]).map { $1 - $0 }
                #expect(gaps.max()! - gaps.min()! <= 1, "\(hits) hits: gaps \(gaps)")
            }
        }
        #expect((0..<16).filter { EuclideanRhythm.hits(4, rotation: 0, at: $0) } == [0, 4, 8, 12])  // four on the floor
        #expect((0..<16).filter { EuclideanRhythm.hits(2, rotation: 4, at: $0) } == [4, 12])  // backbeat
    }

    /// The strongest spectral peak of each window, as a MIDI pitch class.
    static func dominantPitchClasses(_ signal: [Float], sampleRate: Double, window: Int = 8192) -> [Int] {
        stride(from: 0, to: signal.count - window, by: window).compactMap { start in
            let spectrum = powerSpectrum(Array(signal[start..<(start + window)]))
            let binWidth = sampleRate / Double(window)
            let low = Int(60 / binWidth), high = Int(2000 / binWidth)
            guard let peak = (low...high).max(by: { spectrum[$0] < spectrum[$1] }), spectrum[peak] > 1e-6 else { return nil }
            let midi = 69 + 12 * log2(Double(peak) * binWidth / 440)
            return ((Int(midi.rounded()) % 12) + 12) % 12
        }
    }

    @Test("the default melody plays in its key: D minor pentatonic")
    func melodyStaysInKey() throws {
        // Pure tones make the spectral peak the played note.
        var parameters = ParameterSet()
        for (key, value) in [("wave", "sine"), ("lfo_shape", "sine")] { try parameters.set(key, .string(value)) }
        for (key, value) in [("detune", 0.0), ("sub_level", 0), ("delay_mix", 0), ("reverb_mix", 0), ("lfo_to_pitch", 0),
                             ("amp_release", 0.05), ("cutoff", 20000), ("filter_env", 0)] {
            try parameters.set(key, .number(value))
        }
        let signal = Render(parameters: parameters, seed: 11).samples(seconds: 24).channel(0, of: 2)
        let classes = Self.dominantPitchClasses(signal, sampleRate: 44100)
        let inKey: Set<Int> = [2, 5, 7, 9, 0]  // D F G A C
        #expect(classes.count > 80)
        let outside = classes.filter { !inKey.contains($0) }
        #expect(outside.count <= classes.count / 20, "pitch classes outside the key: \(outside)")
        #expect(Set(classes).count >= 4, "a melody, not one note: \(Set(classes))")
    }

    @Test("changing root and scale mid-stream moves the melody to the new key")
    func keyChange() throws {
        var parameters = ParameterSet()
        try parameters.set("wave", .string("sine"))
        for (key, value) in [("detune", 0.0), ("sub_level", 0), ("delay_mix", 0), ("reverb_mix", 0), ("amp_release", 0.05),
                             ("cutoff", 20000), ("filter_env", 0)] {
            try parameters.set(key, .number(value))
        }
        let engine = Render(parameters: parameters, seed: 11).engine()
        _ = Render.samples(from: engine, seconds: 2)
        try engine.parameters.submit([(key: "root", value: .string("E")), (key: "scale", value: .string("whole-tone"))])
        _ = Render.samples(from: engine, seconds: 1)  // let notes of the old key ring out
        let classes = Self.dominantPitchClasses(Render.samples(from: engine, seconds: 20).channel(0, of: 2), sampleRate: 44100)
        let wholeToneFromE: Set<Int> = [4, 6, 8, 10, 0, 2]
        let outside = classes.filter { !wholeToneFromE.contains($0) }
        #expect(outside.count <= classes.count / 20, "outside E whole-tone: \(outside)")
    }
}
