import Encoder
import Foundation
import Presets
import Synth

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
        let (out, err) = try run("ffmpeg", ["-nostdin", "-v", "error", "-i", file.path, "-f", "f32le", "-"])
        let samples = out.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return Decoded(samples: samples, complaints: err)
    }

    /// mpg123 in test mode (decodes everything, writes nothing): errors go to stderr.
    static func mpg123(_ bytes: [UInt8]) throws -> Decoded {
        let file = try write(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        let (_, err) = try run("mpg123", ["-q", "-t", file.path])
        return Decoded(samples: [], complaints: err)
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> (Data, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so a chatty decoder cannot fill the pipe and stall.
        nonisolated(unsafe) var errors = Data()
        let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        let text = String(decoding: errors, as: UTF8.self)
        return (output, process.terminationStatus == 0 ? text : text + "\n(exit status \(process.terminationStatus))")
    }
}

extension Array where Element == Float {
    func channel(_ index: Int, of channels: Int) -> [Float] {
        stride(from: index, to: count, by: channels).map { self[$0] }
    }

    var rms: Double { (reduce(0.0) { $0 + Double($1) * Double($1) } / Double(Swift.max(count, 1))).squareRoot() }
}

func estimatedFrequency(_ signal: [Float], sampleRate: Double) -> Double {
    var crossings: [Double] = []
    for i in 1..<signal.count where signal[i - 1] < 0 && signal[i] >= 0 {
        crossings.append(Double(i - 1) + Double(-signal[i - 1]) / Double(signal[i] - signal[i - 1]))
    }
    guard crossings.count > 1 else { return 0 }
    return Double(crossings.count - 1) / ((crossings.last! - crossings.first!) / sampleRate)
}
