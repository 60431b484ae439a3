import Encoder
import Foundation
import Logging
import Presets
@testable import Server
@_exported import TestSupport

/// A real server on 127.0.0.1 and a free port, for one test.
final class TestServer {
    let server: StreamingServer
    var port: Int { server.port }
    var configuration: ServerConfiguration { server.configuration }
    var statistics: ServerStatistics { server.service.statistics }

    /// The folder presets saved through the API go to: a fresh temporary one, removed with the
    /// server (nil unless asked for: such a server saves nothing).
    let userPresets: URL?

    static let presets = PresetLibrary(directory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("presets"))

    /// `logs`, when given, records what the server logs at notice level and above;
    /// `savesPresets` gives the server a user presets folder of its own (`userPresets`).
    init(logs: LogRecorder? = nil, savesPresets: Bool = false, _ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        var logger = logs.map { logs in Logger(label: "synthcast.test-server") { _ in logs } } ?? Logger(label: "synthcast.test-server")
        logger.logLevel = logs == nil ? .error : .notice
        let userPresets = savesPresets
            ? FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-user-presets-\(UUID().uuidString)", isDirectory: true)
            : nil
        self.userPresets = userPresets
        let presets = userPresets.map { PresetLibrary(directory: Self.presets.directory, userDirectory: $0) } ?? Self.presets
        server = try StreamingServer(configuration: configuration, presets: presets, logger: logger)
        try server.start()
    }

    deinit {
        server.shutdown()
        if let userPresets { try? FileManager.default.removeItem(at: userPresets) }
    }

    func get(_ target: String, version: String = "1.1", headers: [String: String] = [:]) throws -> HTTPTestResponse {
        try httpGet(port: port, target, version: version, headers: headers)
    }

    /// `/create_stream` with a query; the token it returned.
    func createStream(_ query: String = "") throws -> String {
        let response = try get("/create_stream" + (query.isEmpty ? "" : "?" + query))
        guard response.status == 200 else { throw TestClientError("create_stream failed: \(response.statusLine) \(response.text)") }
        return response.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func session(_ token: String) throws -> Session {
        try server.service.registry.find(token).0
    }

    func stream(_ token: String, version: String = "1.1", headers: [String: String] = [:], receiveBuffer: Int? = nil) throws -> StreamCapture {
        try StreamCapture(port: port, "/stream?id=\(token)", version: version, headers: headers, receiveBuffer: receiveBuffer)
    }
}

/// A log handler that keeps the messages it is given (with their metadata), so a test can
/// check that a refusal was logged.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lock.withLock { lines.append("\(event.level) \(event.message) \(fields)") }
    }

    var messages: [String] { lock.withLock { lines } }

    func contains(_ text: String) -> Bool { messages.contains { $0.contains(text) } }
}

/// Seconds of audio in whole MP3 frames.
func audioSeconds(_ bytes: some Collection<UInt8>, sampleRate: Double = 44100) -> Double {
    let frames = MP3FrameScanner.frames(in: Array(bytes))
    return Double(frames.reduce(0) { $0 + $1.samples }) / sampleRate
}

/// The frames of a capture as byte arrays, to compare two listeners frame by frame.
func frameBytes(_ bytes: [UInt8]) -> [[UInt8]] {
    MP3FrameScanner.frames(in: bytes).map { Array(bytes[$0.range]) }
}

extension StreamCapture {
    /// Audio that arrived within `seconds` of the first byte: the join burst.
    func audioReceived(within seconds: Double) -> Double {
        let count = arrivals.last { $0.time <= seconds }?.bytes ?? 0
        return audioSeconds(bytes[0..<count])
    }

    /// How far the audio received strays from real time plus the burst, as a fraction.
    var realTimeError: Double {
        let burst = audioReceived(within: 0.05)
        let expected = (arrivals.last?.time ?? 0) + burst
        return abs(audioSeconds(bytes) - expected) / expected
    }
}
