import Foundation
import Testing
import TestSupport

/// Runs the built `synthcast` binary as a user would.
@Suite("synthcast command line")
struct CLITests {
    static let root = BuiltProducts.repository
    static var binary: URL { BuiltProducts.synthcast }

    /// Runs `synthcast`, or another `tool` on PATH, from the checkout.
    static func run(_ arguments: [String], in directory: URL = root, tool: String? = nil) throws -> CommandResult {
        try runCommand(tool ?? binary.path, arguments, in: directory)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("render writes a WAV of the asked length, format and rate, and says where")
    func renderWritesWAV() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("tone.wav")
        let result = try Self.run(["render", "--preset", "test-tone", "--seconds", "1.5", "--sample-rate", "48000",
                                   "--channels", "1", "--set", "test_frequency=440", "--out", out.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains(out.path))
        let data = try Data(contentsOf: out)
        #expect(data.count == 44 + 48000 * 3 / 2 * 2)
        #expect(String(decoding: data.prefix(4), as: UTF8.self) == "RIFF")
        func u32(_ offset: Int) -> UInt32 { data[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        func u16(_ offset: Int) -> UInt16 { UInt16(data[offset + 1]) << 8 | UInt16(data[offset]) }
        #expect(u16(22) == 1)  // channels
        #expect(u32(24) == 48000)
        #expect(u32(40) == 48000 * 3 / 2 * 2)
        // The samples: 440 Hz at -12 dBFS peak.
        let samples = stride(from: 44, to: data.count, by: 2).map { Float(Int16(bitPattern: u16($0))) / 32767 }
        let peak = samples.dropFirst(4800).map(abs).max() ?? 0
        #expect(abs(20 * log10(Double(peak)) - -12) < 0.3)
    }

    @Test("render to .mp3 writes a LAME/Info tag: players get the exact length, gaplessly")
    func renderWritesMP3() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("tone.mp3")
        let result = try Self.run(["render", "--preset", "test-tone", "--seconds", "3", "--bitrate", "160", "--out", out.path])
        #expect(result.status == 0, "\(result.error)")
        let bytes = try Data(contentsOf: out)
        #expect(bytes.prefix(2) == Data([0xFF, 0xFB]), "starts with a frame, no ID3")
        let firstFrame = String(decoding: bytes.prefix(417), as: UTF8.self)
        #expect(firstFrame.contains("Info") && firstFrame.contains("LAME"), "LAME/Info tag in the first frame")
        // ffmpeg trims the delay and padding the tag records: exactly 3 s of samples come out.
        let decoded = try Self.run(["-nostdin", "-v", "error", "-i", out.path, "-f", "s16le", "-"], tool: "ffmpeg")
        #expect(decoded.error.isEmpty, "\(decoded.error)")
        #expect(decoded.data.count == 3 * 44100 * 2 * 2)
        let bad = try Self.run(["render", "--seconds", "1", "--sample-rate", "22050", "--bitrate", "320", "--out", folder.appendingPathComponent("x.mp3").path])
        #expect(bad.error.contains("320 kbps is not an MP3 bitrate at 22050 Hz; use one of 32,"), "\(bad.error)")
        let wrong = try Self.run(["render", "--seconds", "1", "--out", folder.appendingPathComponent("x.ogg").path])
        #expect(wrong.error.contains("--out must name a .wav or .mp3 file"))
    }

    @Test("render replaces a longer file of the same name, and names a folder that does not exist")
    func renderReplacesFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, format, size) in [("old.wav", "s16", 44 + 176_400), ("old-f32.wav", "f32", 44 + 352_800), ("old.mp3", "s16", nil)] {
            let out = folder.appendingPathComponent(name)
            try Data(repeating: 0x55, count: 2_000_000).write(to: out)
            let result = try Self.run(["render", "--preset", "test-tone", "--seconds", "1", "--format", format, "--out", out.path])
            #expect(result.status == 0, "\(result.error)")
            let decoded = try Self.run(["-nostdin", "-v", "error", "-i", out.path, "-f", "s16le", "-"], tool: "ffmpeg")
            #expect(decoded.error.isEmpty, "\(name): \(decoded.error)")
            #expect(decoded.data.count == 44100 * 2 * 2, "\(name): nothing of the old file is left")
            if let size {
                #expect(try Data(contentsOf: out).count == size, "\(name): the old file's tail is gone")
            }
        }
        let missing = folder.appendingPathComponent("no-such-folder/x.wav").path
        let result = try Self.run(["render", "--seconds", "1", "--out", missing])
        #expect(result.status != 0)
        #expect(result.error.contains("cannot write \(missing): No such file or directory"), "\(result.error)")
    }

    @Test("render without a preset uses the default one and is faster than real time")
    func renderDefault() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Self.run(["render", "--seconds", "5", "--format", "f32", "--out", folder.appendingPathComponent("d.wav").path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("'default'"))
        #expect(result.output.contains("real time"))
    }

    @Test("bad --set values are refused with the key and the allowed range")
    func badSet() throws {
        let cases: [(String, String)] = [
            ("cutoff=99999", "'cutoff' = 99999 is out of range; allowed 20...20000 Hz"),
            ("cutoff=nan", "'cutoff' must be a finite number"),
            ("wave=square", "allowed: saw, pulse, triangle, sine"),
            ("cutof=100", "did you mean 'cutoff'"),
            ("cutoff", "--set takes key=value"),
        ]
        for (assignment, message) in cases {
            let result = try Self.run(["render", "--seconds", "1", "--set", assignment, "--out", "/tmp/never-written.wav"])
            #expect(result.status != 0)
            #expect(result.error.contains(message), "\(assignment): \(result.error)")
        }
        let rate = try Self.run(["render", "--seconds", "1", "--sample-rate", "96000", "--out", "/tmp/never-written.wav"])
        #expect(rate.error.contains("use one of 22050, 32000, 44100, 48000"))
        let none = try Self.run(["render", "--seconds", "0", "--out", "/tmp/x.wav"])
        #expect(none.error.contains("--seconds must be more than 0"))
        let tooLong = try Self.run(["render", "--seconds", "86400", "--out", "/tmp/never-written.wav"])
        #expect(tooLong.error.contains("a WAV file holds at most 4 GiB: at most 6.8 hours at 44100 Hz stereo s16"), "\(tooLong.error)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.wav"))
    }

    @Test("presets list shows every preset with its description")
    func presetsList() throws {
        let result = try Self.run(["presets", "list"])
        #expect(result.status == 0)
        for name in ["default", "ambient-pad", "test-tone", "test-sweep", "brown-noise-sleep"] {
            #expect(result.output.contains(name))
        }
        #expect(!result.output.contains("INVALID"))
    }

    @Test("presets show prints JSON that loads back")
    func presetsShow() throws {
        let result = try Self.run(["presets", "show", "drone"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(json?["name"] as? String == "drone")
        #expect((json?["params"] as? [String: Any])?.count ?? 0 > 50)
    }

    @Test("presets validate passes good files and names what is wrong in bad ones")
    func presetsValidate() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.json")
        try Data("{\n  \"name\": \"bad\",\n  \"params\": {\"resonance\": 3}\n}\n".utf8).write(to: bad)
        let good = Self.root.appendingPathComponent("presets/rain.json")
        let result = try Self.run(["presets", "validate", good.path, bad.path])
        #expect(result.status == 1)
        #expect(result.output.contains("ok    \(good.path)"))
        #expect(result.output.contains("\(bad.path): 'resonance' = 3 is out of range; allowed 0...1"))
    }

    @Test("serve --session prints a stream URL that ffmpeg plays, and SIGTERM stops it with status 0")
    func servePlaysAndStops() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0", "--session", "test-tone", "--log-level", "warning", "--state", "none"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var printed = ""
        let deadline = Date().addingTimeInterval(20)
        while !printed.contains("listen-only"), Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            printed += String(decoding: data, as: UTF8.self)
        }
        let line = try #require(printed.split(separator: "\n").first { $0.contains("play it:") }, "no URL in: \(printed)")
        let url = try #require(line.split(separator: "'").dropFirst().first.map(String.init))
        #expect(url.hasPrefix("http://127.0.0.1:") && url.contains("/stream?id="))

        // A real player: ffmpeg opens the URL and decodes a second of it.
        let played = try Self.run(["-nostdin", "-v", "error", "-t", "1", "-i", url, "-f", "f32le", "-"], tool: "ffmpeg")
        #expect(played.status == 0, "\(played.error)")
        #expect(played.error.isEmpty, "ffmpeg: \(played.error)")
        let samples = played.data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(samples.count == 2 * 44100)
        #expect(abs(estimatedFrequency(samples.channel(0, of: 2).suffix(22050).map { $0 }, sampleRate: 44100) - 1000) < 1)

        // SIGTERM with a listener connected: its stream ends cleanly and the server exits 0 within 2 s.
        let port = try #require(URLComponents(string: url)?.port)
        let listener = try StreamCapture(port: port, String(url.dropFirst("http://127.0.0.1:\(port)".count)))
        listener.read(for: 0.5)
        let stopping = Date()
        process.terminate()
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(stopping) < 2, "took \(Date().timeIntervalSince(stopping)) s to stop")
        #expect(process.terminationStatus == 0)
        listener.read(for: 1)
        #expect(listener.closedByServer, "the listener's stream did not end")
    }

    @Test("serve refuses bad options and a busy port with a clear message")
    func serveRefusesBadOptions() throws {
        let lead = try Self.run(["serve", "--lead", "0.01"])
        #expect(lead.status != 0)
        #expect(lead.error.contains("--lead must be 0.1...10 seconds"), "\(lead.error)")
        let rate = try Self.run(["serve", "--sample-rate", "12345"])
        #expect(rate.status != 0)
        #expect(rate.error.contains("12345"), "\(rate.error)")

        let blocker = try OccupiedPort()
        let busy = try Self.run(["serve", "--port", String(blocker.port)])
        #expect(busy.status != 0)
        #expect(busy.error.contains("\(blocker.port)") && busy.error.lowercased().contains("in use"), "\(busy.error)")
    }

    @Test("params lists the schema and --help explains the commands")
    func paramsAndHelp() throws {
        let params = try Self.run(["params", "--group", "filter"])
        #expect(params.output.contains("cutoff"))
        #expect(params.output.contains("20...20000 Hz"))
        #expect(!params.output.contains("reverb_mix"))
        let help = try Self.run(["--help"])
        for word in ["render", "presets", "params"] { #expect(help.output.contains(word)) }
        let renderHelp = try Self.run(["render", "--help"])
        #expect(renderHelp.output.contains("--sample-rate"))
    }
}
