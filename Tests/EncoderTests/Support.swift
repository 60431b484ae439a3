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

/// A real decoder run as a user would: its PCM and whatever it complained about.
struct Decoded {
    let samples: [Float]
    let complaints: String
}

enum Decoder {
    static func write(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-\(UUID().uuidString).mp3")
        try Data(bytes).write(to: url)
        return url
    }

    /// ffmpeg, decoding to 32-bit float at the stream's own rate and channel count.
    static func ffmpeg(_ bytes: [UInt8]) throws -> Decoded {
        let file = try write(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try runCommand("ffmpeg", ["-nostdin", "-v", "error", "-i", file.path, "-f", "f32le", "-"])
        let samples = result.data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return Decoded(samples: samples, complaints: complaints(result))
    }

    /// mpg123 in test mode (decodes everything, writes nothing): errors go to stderr.
    static func mpg123(_ bytes: [UInt8]) throws -> Decoded {
        let file = try write(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        return Decoded(samples: [], complaints: complaints(try runCommand("mpg123", ["-q", "-t", file.path])))
    }

    /// What a decoder said on stderr, plus its exit status when it failed.
    static func complaints(_ result: CommandResult) -> String {
        result.status == 0 ? result.error : result.error + "\n(exit status \(result.status))"
    }
}
