import Foundation
import Testing
import TestSupport

/// Every music and noise preset as a listener gets it (60 s, MP3 at the stream's 128 kbps),
/// measured with ffmpeg's EBU R128 meter: -16 LUFS ± 1 LU integrated, true peak at most
/// -1 dBTP, and a loudness range the normalization does not squeeze by more than 1 LU.
@Suite("loudness of the presets")
struct LoudnessTests {
    static let target = -16.0
    static let musicAndNoise = ["default"] + shippedPresets.filter { !$0.hasPrefix("test-") }
    static let shippedPresets: [String] = {
        let folder = BuiltProducts.repository.appendingPathComponent("presets")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// What ffmpeg's ebur128 filter says of a file.
    struct Measurement {
        let integrated: Double
        let range: Double
        let truePeak: Double
    }

    /// Renders `seconds` of a preset to MP3 (the built-in default for "default") and measures it.
    static func measure(_ preset: String, seconds: Int = 60, settings: [String] = []) throws -> Measurement {
        let folder = try CLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("\(preset).mp3")
        let choice = preset == "default" ? [] : ["--preset", preset]
        let rendered = try CLITests.run(["render"] + choice + ["--seconds", "\(seconds)", "--bitrate", "128", "--out", out.path, "--quiet"]
                                        + settings.flatMap { ["--set", $0] })
        #expect(rendered.status == 0, "\(rendered.error)")
        let meter = try CLITests.run(["-nostdin", "-hide_banner", "-nostats", "-i", out.path, "-af", "ebur128=peak=true", "-f", "null", "-"],
                                     tool: "ffmpeg")
        // The summary at the end: "I: -16.0 LUFS", "LRA: 2.3 LU", "Peak: -2.7 dBFS".
        let summary = meter.error.components(separatedBy: "Summary:").last ?? ""
        func value(_ label: String) -> Double {
            let line = summary.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + ":") }
            return line.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Double($0) } ?? .nan
        }
        return Measurement(integrated: value("I"), range: value("LRA"), truePeak: value("Peak"))
    }

    @Test("every music and noise preset: -16 LUFS ± 1, true peak ≤ -1 dBTP, LRA squeezed by ≤ 1 LU", arguments: musicAndNoise)
    func presetMeetsTheTarget(_ preset: String) throws {
        let normalized = try Self.measure(preset)
        let unnormalized = try Self.measure(preset, settings: ["normalize=off"])
        #expect(abs(normalized.integrated - Self.target) <= 1, "\(preset): \(normalized.integrated) LUFS")
        #expect(normalized.truePeak <= -1, "\(preset): \(normalized.truePeak) dBTP")
        #expect(normalized.range >= unnormalized.range - 1, "\(preset): LRA \(unnormalized.range) -> \(normalized.range) LU")
    }

    @Test("the loudness parameter moves the target; test signals keep their level")
    func targetAndTestSignals() throws {
        let quiet = try Self.measure("rain", settings: ["loudness=-23"])
        #expect(abs(quiet.integrated - -23) <= 1, "\(quiet.integrated) LUFS")
        // A -12 dBFS sine in both channels is -12.4 LUFS at 1 kHz, normalized or not.
        let tone = try Self.measure("test-tone", seconds: 10)
        let toneOff = try Self.measure("test-tone", seconds: 10, settings: ["normalize=off"])
        #expect(abs(tone.integrated - -12.4) <= 0.2, "\(tone.integrated) LUFS")
        #expect(abs(tone.integrated - toneOff.integrated) <= 0.05)
    }
}
