import Foundation
import Presets
@_exported import TestSupport
@testable import Synth

/// Renders offline through the public engine API, as the CLI and server do.
struct Render {
    var format: AudioFormat = .standard
    var parameters = ParameterSet()
    var seed: UInt64 = 0

    init(format: AudioFormat = .standard, parameters: ParameterSet = ParameterSet(), seed: UInt64 = 0) {
        self.format = format
        self.parameters = parameters
        self.seed = seed
    }

    init(preset name: String, format: AudioFormat = .standard) throws {
        let preset = try TestPresets.library.load(name)
        self.init(format: format, parameters: preset.parameters, seed: preset.seed ?? 0)
    }

    func engine() -> SynthEngine {
        SynthEngine(format: format, parameters: parameters, seed: seed)
    }

    /// Interleaved samples of `seconds` of audio.
    func samples(seconds: Double, blockFrames: Int = 512) -> [Float] {
        Render.samples(from: engine(), seconds: seconds, blockFrames: blockFrames)
    }

    static func samples(from engine: SynthEngine, seconds: Double, blockFrames: Int = 512) -> [Float] {
        let frames = Int(seconds * Double(engine.format.sampleRate))
        return samples(from: engine, frames: frames, blockFrames: blockFrames)
    }

    static func samples(from engine: SynthEngine, frames: Int, blockFrames: Int = 512) -> [Float] {
        let channels = engine.format.channels
        var output = [Float](repeating: .nan, count: frames * channels)
        output.withUnsafeMutableBufferPointer { buffer in
            var done = 0
            while done < frames {
                let count = min(blockFrames, frames - done)
                engine.render(into: buffer.baseAddress! + done * channels, frames: count)
                done += count
            }
        }
        return output
    }
}

enum TestPresets {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("presets")
    static let library = PresetLibrary(directory: directory)
    static var shippedNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}
