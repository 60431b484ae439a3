import API
import ArgumentParser
import AudioFiles
import Encoder
import Foundation
import Presets
import Synth

/// `synthcast render`: a preset to a WAV or MP3 file, faster than real time, with a progress bar.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a preset to a WAV or MP3 file.",
        discussion: """
        Without --preset the default preset is used (the one a new session gets).
        --set may be repeated and applies on top of the preset: --set cutoff=800 --set wave=pulse.
        The file type follows --out: .wav (16-bit or float PCM) or .mp3 (LAME, with a LAME/Info
        tag so players show the exact length and play it gaplessly).
        """
    )

    @Option(name: .long, help: "Preset name (from the presets folder) or path to a preset JSON file.")
    var preset: String?

    @Option(name: .long, help: "Length of the render in seconds (up to 24 hours).")
    var seconds: Double

    @Option(name: .long, help: "Seed of the generative sequencer; overrides the preset's seed. Default: the preset's, else 0.")
    var seed: UInt64?

    @Option(name: .customLong("set"), parsing: .singleValue, help: ArgumentHelp("Set a parameter, key=value (repeatable).", valueName: "key=value"))
    var assignments: [String] = []

    @Option(name: .long, help: "Sample rate in Hz: 22050, 32000, 44100 or 48000.")
    var sampleRate: Int = 44100

    @Option(name: .long, help: "1 (mono) or 2 (stereo).")
    var channels: Int = 2

    @Option(name: .long, help: "Sample format of a WAV file: s16 (16-bit PCM) or f32 (32-bit float).")
    var format: WAVWriter.SampleFormat = .s16

    @Option(name: .long, help: "MP3 constant bitrate in kbps (32-320; up to 160 at 22050 Hz).")
    var bitrate: Int = 192

    @Option(name: .long, help: "MP3 variable bitrate instead, LAME quality 0 (best) ... 9 (smallest).")
    var vbr: Int?

    @Option(name: .long, help: "Folder of preset files. Default: $SYNTHCAST_PRESETS, else ./presets.")
    var presets: String?

    @Option(name: .long, help: "Output file: .wav or .mp3.")
    var out: String

    @Flag(name: .long, help: "No progress bar, even on a terminal.")
    var quiet = false

    func validate() throws {
        guard seconds > 0, seconds <= 86_400, seconds.isFinite else {
            throw ValidationError("--seconds must be more than 0 and at most 86400 (24 hours)")
        }
        guard out.lowercased().hasSuffix(".wav") || out.lowercased().hasSuffix(".mp3") else {
            throw ValidationError("--out must name a .wav or .mp3 file")
        }
        if let seed, !Seed.range.contains(seed) {
            throw ValidationError("--seed takes \(Seed.allowedDescription), got \(seed)")
        }
    }

    func run() throws {
        let library = PresetLibrary.locate(folder: presets)
        var chosen = Preset.standard
        if let name = preset {
            chosen = try library.load(name)
        }
        var parameters = chosen.parameters
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw CLIError("--set takes key=value, got '\(assignment)'")
            }
            let key = String(assignment[..<equals]), value = String(assignment[assignment.index(after: equals)...])
            try parameters.set(key, text: value)
        }
        let audioFormat = try AudioFormat(sampleRate: sampleRate, channels: channels)

        let totalFrames = Int64((seconds * Double(sampleRate)).rounded())
        let blockFrames = OfflineRender.blockFrames
        let writer: AudioFileWriter
        if out.lowercased().hasSuffix(".mp3") {
            let mode: EncoderConfiguration.Bitrate = vbr.map { .variable(quality: $0) } ?? .constant(bitrate)
            do { writer = try MP3FileWriter(path: out, format: audioFormat, bitrate: mode, maximumBlockFrames: blockFrames) } catch { throw writing(error) }
        } else {
            let bytesPerFrame = Int64(channels * (format == .s16 ? 2 : 4))
            let maximumFrames = (Int64(UInt32.max) - 44) / bytesPerFrame
            guard totalFrames <= maximumFrames else {
                let hours = Double(maximumFrames) / Double(sampleRate) / 3600
                throw CLIError("a WAV file holds at most 4 GiB: at most \(String(format: "%.1f", hours)) hours at \(audioFormat) \(format.rawValue); render less or in parts")
            }
            do { writer = try WAVWriter(path: out, format: audioFormat, sampleFormat: format) } catch { throw writing(error) }
        }
        let engine = SynthEngine(format: audioFormat, parameters: parameters, seed: seed ?? chosen.seed ?? 0)
        let progress = ProgressBar(total: totalFrames, enabled: !quiet)
        let started = ContinuousClock.now
        do {
            try OfflineRender.run(engine, frames: totalFrames, into: writer) { done in
                progress.update(done)
                return true
            }
        } catch { throw writing(error) }
        progress.finish()
        let elapsed = started.duration(to: .now)
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let speed = wall > 0 ? String(format: "%.0fx real time", seconds / wall) : "instant"
        let path = URL(fileURLWithPath: out).standardizedFileURL.path
        print("Rendered \(formatSeconds(seconds)) of '\(chosen.name)' (seed \(engine.seed), \(audioFormat)) to \(path) in \(String(format: "%.2f", wall)) s, \(speed).")
    }
}

extension Render {
    /// A writer's error as the user reads it: a file's already names the file.
    private func writing(_ error: Error) -> Error {
        error is AudioFileError ? CLIError("\(error)") : CLIError("cannot write \(out): \(error)")
    }
}

func formatSeconds(_ seconds: Double) -> String { "\(NumberText.format(seconds)) s" }

/// An error whose message is already written for the user.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension WAVWriter.SampleFormat: ExpressibleByArgument {}
