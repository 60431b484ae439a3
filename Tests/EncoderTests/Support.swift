import Encoder
import Foundation
import Presets
import Synth
@_exported import TestSupport

/// Encoded audio and what it took to make it.
struct EncodedStream {
    var bytes: [UInt8] = []
    var framesFed = 0
    var delay = 0
    var padding = 0
}

enum Encoding {
    static let presets = PresetLibrary(directory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("presets"))

    /// Renders a preset and encodes it in 1152-frame blocks, flushing at the end.
    static func encode(preset: String, seconds: Double, configuration: EncoderConfiguration = .standard) throws -> EncodedStream {
        let loaded = try presets.load(preset)
        let format = try AudioFormat(sampleRate: configuration.sampleRate, channels: configuration.channels)
        let engine = SynthEngine(format: format, parameters: loaded.parameters, seed: loaded.seed ?? 0)
        let encoder = try MP3Encoder(configuration)
        var stream = EncodedStream(delay: encoder.encoderDelay)
        let block = 1152, total = Int(seconds * Double(configuration.sampleRate))
        let pcm = UnsafeMutablePointer<Float>.allocate(capacity: block * configuration.channels)
        defer { pcm.deallocate() }
        while stream.framesFed < total {
            let frames = min(block, total - stream.framesFed)
            engine.render(into: pcm, frames: frames)
            stream.bytes += try encoder.encode(interleaved: pcm, frames: frames)
            stream.framesFed += frames
        }
        stream.bytes += try encoder.flush()
        stream.padding = encoder.encoderPadding
        return stream
    }
}

