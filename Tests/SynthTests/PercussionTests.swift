import API
import Foundation
import Testing
@testable import Synth

/// The drums and the noise texture keep their sound: levels, pitch and spectral tilt, measured
/// on each part alone (no voices, no effects).
@Suite("Drums and texture")
struct PercussionTests {
    static func alone(_ preset: String, _ settings: [String: ParameterValue]) throws -> Render {
        var parameters = try TestPresets.library.load(preset).parameters
        let quiet: [String: ParameterValue] = ["style": .string("off"), "reverb_mix": .number(0), "delay_mix": .number(0),
                                               "normalize": .bool(false)]
        for (key, value) in quiet.merging(settings, uniquingKeysWith: { $1 }) {
            try parameters.set(key, value)
        }
        return Render(parameters: parameters, seed: 42)
    }

    /// Mean power density, averaged over frames of 8192 samples, in bands of an octave.
    static func octaveDensities(_ signal: [Float], from low: Double, octaves: Int) -> [Double] {
        let size = 8192
        var power = [Double](repeating: 0, count: size / 2 + 1)
        for start in stride(from: 0, to: signal.count - size, by: size) {
            for (bin, value) in powerSpectrum(Array(signal[start..<start + size])).enumerated() { power[bin] += value }
        }
        let binHz = 44100.0 / Double(size)
        return (0..<octaves).map { octave in
            let bins = Int(low * pow(2, Double(octave)) / binHz)..<Int(low * pow(2, Double(octave + 1)) / binHz)
            return bins.reduce(0) { $0 + power[$1] } / Double(bins.count)
        }
    }

    /// dB per octave of a least-squares line through the octave densities.
    static func slope(_ densities: [Double]) -> Double {
        let levels = densities.map { 10 * log10($0) }
        let n = Double(levels.count), meanX = (n - 1) / 2, meanY = levels.reduce(0, +) / n
        let covariance = levels.enumerated().reduce(0) { $0 + (Double($1.offset) - meanX) * ($1.element - meanY) }
        let variance = levels.indices.reduce(0) { $0 + (Double($1) - meanX) * (Double($1) - meanX) }
        return covariance / variance
    }

    @Test("the kick is a loud low thump")
    func kick() throws {
        let signal = try Self.alone("techno-pulse", ["snare_hits": .number(0), "hat_hits": .number(0)])
            .samples(seconds: 4).channel(0, of: 2)
        // Measured before the drums were vectorized: RMS 0.181, peak 0.723 (the master then
        // compressed from -3 dBFS; now its limiter holds the kick at its -2 dBTP ceiling).
        #expect(abs(signal.rms - 0.181) < 0.02, "rms \(signal.rms)")
        #expect(abs(signal.peak - MasterBus.ceiling) < 0.01, "peak \(signal.peak)")
        let densities = Self.octaveDensities(signal, from: 25, octaves: 8)  // 25 Hz ... 6.4 kHz
        #expect(densities.firstIndex(of: densities.max()!)! <= 2, "the most power lies below 200 Hz")
    }

    @Test("snare and hat sound, the hat brighter")
    func snareAndHat() throws {
        let snare = try Self.alone("techno-pulse", ["kick_hits": .number(0), "hat_hits": .number(0)]).samples(seconds: 4).channel(0, of: 2)
        let hat = try Self.alone("techno-pulse", ["kick_hits": .number(0), "snare_hits": .number(0), "hat_hits": .number(8)])
            .samples(seconds: 4).channel(0, of: 2)
        // Before: snare RMS 0.046, hat RMS 0.011.
        #expect(abs(snare.rms - 0.046) < 0.008, "snare rms \(snare.rms)")
        #expect(abs(hat.rms - 0.011) < 0.003, "hat rms \(hat.rms)")
        let snareBands = Self.octaveDensities(snare, from: 125, octaves: 7), hatBands = Self.octaveDensities(hat, from: 125, octaves: 7)
        // The hat's top octave (8-16 kHz) over its 250-500 Hz octave beats the snare's by far.
        #expect(hatBands[6] / hatBands[1] > 30 * snareBands[6] / snareBands[1])
    }

    @Test("texture colors keep their tilt: white 0, pink -3, brown -6 dB per octave",
          arguments: [("white", 0.0), ("pink", -3.0), ("brown", -6.0)])
    func noiseColor(color: String, expected: Double) throws {
        let signal = try Self.alone("brown-noise-sleep", ["texture_color": .string(color), "texture_tone": .number(20000)])
            .samples(seconds: 6).channel(1, of: 2)
        // 250 Hz ... 8 kHz (brown's integrator turns flat below ~140 Hz).
        let slope = Self.slope(Self.octaveDensities(signal, from: 250, octaves: 5))
        #expect(abs(slope - expected) < 0.8, "\(color): \(slope) dB/octave")
    }
}
