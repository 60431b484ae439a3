import Foundation

/// A real decoder run as a user would: its PCM and whatever it complained about.
public struct Decoded: Sendable {
    public let samples: [Float]
    public let complaints: String
}

public enum Decoder {
    public static func write(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-\(UUID().uuidString).mp3")
        try Data(bytes).write(to: url)
        return url
    }

    /// ffmpeg, decoding to 32-bit float at the stream's own rate and channel count.
    public static func ffmpeg(_ bytes: [UInt8]) throws -> Decoded {
        let file = try write(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try runCommand("ffmpeg", ["-nostdin", "-v", "error", "-i", file.path, "-f", "f32le", "-"])
        let samples = result.data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return Decoded(samples: samples, complaints: complaints(result))
    }

    /// mpg123 in test mode (decodes everything, writes nothing): errors go to stderr.
    public static func mpg123(_ bytes: [UInt8]) throws -> Decoded {
        let file = try write(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        return Decoded(samples: [], complaints: complaints(try runCommand("mpg123", ["-q", "-t", file.path])))
    }

    /// What a decoder said on stderr, plus its exit status when it failed.
    public static func complaints(_ result: CommandResult) -> String {
        result.status == 0 ? result.error : result.error + "\n(exit status \(result.status))"
    }
}
