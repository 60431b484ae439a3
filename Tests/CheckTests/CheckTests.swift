import Encoder
import Foundation
import StreamCheck
import Testing
import TestSupport

/// Runs the built `synthcast check` against a real server and against test servers that
/// serve prepared MP3 bytes: healthy streams pass, and each kind of fault fails with its
/// own one-line reason.
@Suite("synthcast check")
struct CheckTests {
    static func check(_ arguments: [String]) throws -> CommandResult {
        try runCommand(BuiltProducts.synthcast.path, ["check"] + arguments)
    }

    static func report(_ result: CommandResult) throws -> CheckReport {
        try JSONDecoder().decode(CheckReport.self, from: result.data)
    }

    /// The one line `check` prints on stderr when it fails.
    static func failureLine(_ result: CommandResult) -> String {
        result.error.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The frames of a `synthcast render` of the test preset (128 kbps, 44.1 kHz stereo).
    static func renderedFrames(seconds: Double, settings: [String] = []) throws -> [[UInt8]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("tone.mp3")
        let rendered = try runCommand(BuiltProducts.synthcast.path, ["render", "--preset", "test-tone", "--seconds", String(seconds),
                                                                     "--bitrate", "128", "--quiet", "--out", out.path]
                                                                     + settings.flatMap { ["--set", $0] })
        guard rendered.status == 0 else { throw TestClientError("render failed: \(rendered.error)") }
        // The first frame is the LAME/Info tag: no audio, and a live stream has none.
        let bytes = Array(try Data(contentsOf: out))
        return MP3FrameScanner.frames(in: bytes).dropFirst().map { Array(bytes[$0.range]) }
    }

    @Test("a Synthcast stream of the test tone passes, as /stream and as HLS; the wrong tone fails")
    func healthySynthcastStream() throws {
        let server = try ServeProcess()
        let token = try server.createSession(preset: "test-tone")

        let stream = try Self.check(["\(server.baseURL)/stream?id=\(token)", "--seconds", "4", "--expect-tone", "1000", "--json"])
        #expect(stream.status == 0, "\(stream.error)")
        let report = try Self.report(stream)
        #expect(report.healthy && report.failure == nil)
        #expect(report.kind == .stream)
        #expect(report.format?.sampleRate == 44100)
        #expect(report.format?.channels == 2)
        let measured = try #require(report.tone?.measuredHz)
        #expect(abs(measured - 1000) < 1000 * 0.005, "tone \(measured) Hz")
        #expect(report.titles.contains("Synthcast: test-tone"), "\(report.titles)")
        #expect(report.decoding?.errors == 0 && report.decoding?.skippedBytes == 0)
        #expect((report.delivery?.rate ?? 0) >= 0.95, "rate \(String(describing: report.delivery?.rate))")
        #expect(report.listenedSeconds >= 3.9)

        let hls = try Self.check(["\(server.baseURL)/hls/\(token)/live.m3u8", "--seconds", "4", "--expect-tone", "1000", "--json"])
        #expect(hls.status == 0, "\(hls.error)")
        let hlsReport = try Self.report(hls)
        #expect(hlsReport.kind == .hls)
        #expect(hlsReport.decoding?.skippedBytes == 0, "the segments' ID3 tags are not garbage")
        #expect(hlsReport.titles.contains("Synthcast: test-tone"), "ID3 titles: \(hlsReport.titles)")
        #expect(abs((hlsReport.tone?.measuredHz ?? 0) - 1000) < 5)

        let wrong = try Self.check(["\(server.baseURL)/stream?id=\(token)", "--seconds", "2", "--expect-tone", "440"])
        #expect(wrong.status == 1)
        #expect(Self.failureLine(wrong).hasPrefix("check failed: tone 1000."), "\(wrong.error)")
        #expect(Self.failureLine(wrong).hasSuffix("expected 440 Hz ± 0.5 %"), "\(wrong.error)")
    }

    @Test("a URL nobody listens on fails with the connection's error")
    func deadURL() throws {
        // A bound socket that never listens: the port is taken, and connections are refused.
        let (descriptor, port) = try bindLoopback()
        defer { close(descriptor) }
        let result = try Self.check(["http://127.0.0.1:\(port)/stream", "--seconds", "2"])
        #expect(result.status == 1)
        #expect(Self.failureLine(result) == "check failed: cannot connect to 127.0.0.1:\(port): Connection refused", "\(result.error)")
    }

    @Test("the test server's own real-time stream passes: the failures below are the faults'")
    func pacedStreamPasses() throws {
        let server = try PacedAudioServer(pieces: PacedAudioServer.frames(try Self.renderedFrames(seconds: 5)))
        let result = try Self.check([server.url, "--seconds", "3", "--expect-tone", "1000", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let report = try Self.report(result)
        #expect(abs((report.delivery?.rate ?? 0) - 1) < 0.05)
    }

    @Test("an old SHOUTcast reply (ICY 200 OK) with in-band titles passes, titles shown and stripped from the audio")
    func shoutcastTitles() throws {
        let server = try PacedAudioServer(pieces: PacedAudioServer.frames(try Self.renderedFrames(seconds: 5)),
                                          icy: .init(title: "Test Station - 1 kHz"))
        let result = try Self.check([server.url, "--seconds", "3", "--expect-tone", "1000", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let report = try Self.report(result)
        #expect(report.titles == ["Test Station - 1 kHz"])
        #expect(report.decoding?.skippedBytes == 0, "a metadata block left in the audio would be garbage")
    }

    @Test("a silent stream fails as silent")
    func silentStream() throws {
        let frames = try Self.renderedFrames(seconds: 5, settings: ["test_signal=off"])
        let server = try PacedAudioServer(pieces: PacedAudioServer.frames(frames))
        let result = try Self.check([server.url, "--seconds", "3", "--min-level", "-60", "--json"])
        #expect(result.status == 1)
        #expect(Self.failureLine(result).hasPrefix("check failed: silent: RMS "), "\(result.error)")
        #expect(Self.failureLine(result).hasSuffix("dBFS below the -60 dBFS minimum"), "\(result.error)")
        #expect(try Self.report(result).level?.silentStretches == 1)
    }

    @Test("a stream cut inside a frame fails as ended mid-frame; one ending on a frame as ended")
    func cutStream() throws {
        let frames = try Self.renderedFrames(seconds: 2)
        var pieces = PacedAudioServer.frames(frames)
        pieces.append(.init(Array(frames[0].prefix(200)), seconds: 0))
        let cut = try PacedAudioServer(pieces: pieces)
        let result = try Self.check([cut.url, "--seconds", "4"])
        #expect(result.status == 1)
        #expect(Self.failureLine(result).hasPrefix("check failed: the stream ended mid-frame after 2."), "\(result.error)")

        let whole = try PacedAudioServer(pieces: PacedAudioServer.frames(frames))
        let ended = try Self.check([whole.url, "--seconds", "4"])
        #expect(ended.status == 1)
        #expect(Self.failureLine(ended).hasPrefix("check failed: the stream ended after 2."), "\(ended.error)")
    }

    @Test("garbage between frames fails with the bytes skipped")
    func garbage() throws {
        var pieces = PacedAudioServer.frames(try Self.renderedFrames(seconds: 5))
        // No 0xFF, so no false frame header: exactly these bytes are skipped.
        pieces.insert(.init((0..<1234).map { UInt8($0 % 251) }, seconds: 0), at: 40)
        let server = try PacedAudioServer(pieces: pieces)
        let result = try Self.check([server.url, "--seconds", "3"])
        #expect(result.status == 1)
        #expect(Self.failureLine(result) == "check failed: 1234 bytes of garbage skipped (1 resync)", "\(result.error)")
    }

    @Test("a stream paced at half real time fails as falling behind")
    func halfPace() throws {
        let server = try PacedAudioServer(pieces: PacedAudioServer.frames(try Self.renderedFrames(seconds: 5)), speed: 0.5)
        let result = try Self.check([server.url, "--seconds", "3", "--json"])
        #expect(result.status == 1)
        #expect(Self.failureLine(result).hasPrefix("check failed: falls behind real time: 0."), "\(result.error)")
        let rate = try #require(try Self.report(result).delivery?.rate)
        #expect(abs(rate - 0.5) < 0.05, "rate \(rate)")
    }

    @Test("bad arguments are usage errors; --help explains the options and the exit status")
    func argumentsAndHelp() throws {
        for arguments in [["http://127.0.0.1:1/", "--seconds", "0"], ["http://127.0.0.1:1/", "--expect-tone", "-5"],
                          ["http://127.0.0.1:1/", "--min-level", "3"], ["ftp://example.org/x"], []] {
            let result = try Self.check(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.error)")
        }
        // Words as read, whatever the terminal's width made of the lines.
        let help = try Self.check(["--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for words in ["--seconds", "--expect-tone", "--min-level", "--json", "Exit status: 0 when the stream is healthy",
                      "at least 0.95x", "within 0.5 %", "Otherwise 1, with one line on stderr", "64 for bad arguments"] {
            #expect(help.contains(words), "help lacks \(words)")
        }
    }
}
