// Encoder measurements on rendered presets (44.1 kHz stereo, 128 kbps CBR unless noted):
//
//   joins    how often frames can start a decode (main_data_begin == 0), with and without the
//            bit reservoir, and what turning the reservoir off costs in SNR against the input
//
//   speed    our encoder beside the `lame` command on the same PCM and settings (alternating
//            rounds, medians), and synth + encoder together per preset, as real-time factors
//
//   swift run -c release EncoderBench joins|speed [--seconds 60] [--rounds 5] [--preset NAME ...]
import Encoder
import Foundation
import Presets
import Synth

var arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.isEmpty ? "joins" : arguments.removeFirst()
var seconds = 60.0
var rounds = 5
var presetNames: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--seconds": seconds = Double(arguments.removeFirst()) ?? seconds
    case "--preset": presetNames.append(arguments.removeFirst())
    case "--rounds": rounds = Int(arguments.removeFirst()) ?? rounds
    default: FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8)); exit(2)
    }
}
let library = PresetLibrary.locate()
if presetNames.isEmpty { presetNames = ["default", "ambient-pad", "techno-pulse", "lo-fi", "rain", "test-tone"] }

/// Interleaved stereo PCM of a preset.
@MainActor func render(_ name: String, seconds: Double) throws -> [Float] {
    let preset = try library.load(name)
    let engine = SynthEngine(parameters: preset.parameters, seed: preset.seed ?? 0)
    var pcm = [Float](repeating: 0, count: Int(seconds * 44100) * 2)
    pcm.withUnsafeMutableBufferPointer { buffer in
        var done = 0
        while done < buffer.count / 2 {
            let frames = min(4096, buffer.count / 2 - done)
            engine.render(into: buffer.baseAddress! + 2 * done, frames: frames)
            done += frames
        }
    }
    return pcm
}

func encode(_ pcm: [Float], _ configuration: EncoderConfiguration) throws -> (bytes: [UInt8], delay: Int) {
    let encoder = try MP3Encoder(configuration)
    var bytes: [UInt8] = []
    try pcm.withUnsafeBufferPointer { buffer in
        var done = 0
        while done < buffer.count / 2 {
            let frames = min(1152, buffer.count / 2 - done)
            bytes += try encoder.encode(interleaved: buffer.baseAddress! + 2 * done, frames: frames)
            done += frames
        }
    }
    bytes += try encoder.flush()
    return (bytes, encoder.encoderDelay)
}

/// Decodes with ffmpeg to interleaved float.
func decode(_ bytes: [UInt8]) throws -> [Float] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-bench-\(UUID().uuidString).mp3")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-f", "f32le", "-"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
}

/// Signal-to-noise ratio of the decoded audio against the input, aligned by the decoder's
/// output delay (found by cross-correlation around LAME's reported delay).
func snr(input: [Float], decoded: [Float], delay: Int) -> Double {
    func error(at shift: Int) -> (signal: Double, noise: Double) {
        var signal = 0.0, noise = 0.0
        let start = 44100 * 2, end = min(input.count, decoded.count - 2 * shift) - 44100 * 2
        var i = start
        while i < end {
            let x = Double(input[i]), y = Double(decoded[i + 2 * shift])
            signal += x * x
            noise += (x - y) * (x - y)
            i += 1
        }
        return (signal, noise)
    }
    let best = ((delay - 600)...(delay + 600)).min { error(at: $0).noise < error(at: $1).noise } ?? delay
    let (signal, noise) = error(at: best)
    return 10 * log10(signal / max(noise, 1e-30))
}

switch mode {
case "joins":
    print("Join points at 128 kbps CBR, 44.1 kHz stereo, \(Int(seconds)) s per preset")
    print("preset            reservoir: clean frames  longest gap   SNR  | no reservoir: clean   SNR   | SNR cost")
    for name in presetNames {
        let pcm = try render(name, seconds: seconds)
        var row = name.padding(toLength: 18, withPad: " ", startingAt: 0)
        var snrs: [Double] = []
        for reservoir in [true, false] {
            let configuration = EncoderConfiguration(bitReservoir: reservoir)
            let (bytes, delay) = try encode(pcm, configuration)
            let frames = MP3FrameScanner.frames(in: bytes)
            let clean = frames.filter(\.isCleanStart).count
            var longest = 0, gap = 0
            for frame in frames { gap = frame.isCleanStart ? 0 : gap + 1; longest = max(longest, gap) }
            let quality = snr(input: pcm, decoded: try decode(bytes), delay: delay)
            snrs.append(quality)
            let share = String(format: "%5.1f %%", 100 * Double(clean) / Double(max(frames.count, 1)))
            if reservoir {
                row += "\(share)  \(String(format: "%6.2f s", Double(longest) * 1152 / 44100))  \(String(format: "%5.1f dB", quality))"
            } else {
                row += "  |  \(share)  \(String(format: "%5.1f dB", quality))"
            }
        }
        row += String(format: "  |  %5.2f dB", snrs[0] - snrs[1])
        print(row)
    }
case "speed":
    try speed()
default:
    FileHandle.standardError.write(Data("modes: joins, speed\n".utf8))
    exit(2)
}

func wallSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = start.duration(to: .now).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

@MainActor func speed() throws {
    // The same 16-bit PCM for both: quantised once, written as WAV for lame, as floats for us.
    let pcm = try render("default", seconds: seconds).map { (max(-1, min(1, $0)) * 32767).rounded() / 32767 }
    let wav = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-bench.wav")
    let mp3 = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-bench.mp3")
    defer { try? FileManager.default.removeItem(at: wav); try? FileManager.default.removeItem(at: mp3) }
    try wavFile(pcm).write(to: wav)

    print("Encoder speed, 128 kbps CBR, algorithm quality 5, 44.1 kHz stereo, \(Int(seconds)) s of the default preset, median of \(rounds) rounds")
    print("setting                     ours (x real time)   lame command   ours / lame")
    for reservoir in [false, true] {
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<rounds {
            let time = try wallSeconds { _ = try encode(pcm, EncoderConfiguration(bitReservoir: reservoir)) }
            ours.append(seconds / time)
            var arguments = ["--silent", "-b", "128", "--cbr", "-q", "5"]
            if !reservoir { arguments.append("--nores") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["lame"] + arguments + [wav.path, mp3.path]
            theirs.append(seconds / (try wallSeconds { try process.run(); process.waitUntilExit() }))
        }
        let label = reservoir ? "bit reservoir (files)" : "no reservoir (streams)"
        print(label.padding(toLength: 28, withPad: " ", startingAt: 0)
              + String(format: "%10.1f %18.1f %13.3f", median(ours), median(theirs), median(ours) / median(theirs)))
    }

    print("\nSynth + encoder, per preset (streams: no reservoir), x real time on one core")
    let library = PresetLibrary.locate()
    for name in (try? library.names()) ?? ["default"] {
        let preset = try library.load(name)
        var factors: [Double] = []
        for _ in 0..<max(3, rounds / 2) {
            let engine = SynthEngine(parameters: preset.parameters, seed: preset.seed ?? 0)
            let encoder = try MP3Encoder()
            let block = UnsafeMutablePointer<Float>.allocate(capacity: 2 * 1152)
            defer { block.deallocate() }
            let frames = Int(seconds / 4 * 44100)
            let time = try wallSeconds {
                var done = 0
                while done < frames {
                    engine.render(into: block, frames: 1152)
                    _ = try encoder.encode(interleaved: block, frames: 1152)
                    done += 1152
                }
            }
            factors.append(Double(frames) / 44100 / time)
        }
        print(name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%8.1f", median(factors)))
    }
}

/// A 16-bit stereo WAV file of the samples.
func wavFile(_ samples: [Float]) -> Data {
    var data = Data()
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    let bytes = UInt32(samples.count * 2)
    data.append(contentsOf: Array("RIFF".utf8)); append(36 + bytes); data.append(contentsOf: Array("WAVEfmt ".utf8))
    append(UInt32(16)); append(UInt16(1)); append(UInt16(2)); append(UInt32(44100)); append(UInt32(44100 * 4))
    append(UInt16(4)); append(UInt16(16)); data.append(contentsOf: Array("data".utf8)); append(bytes)
    for sample in samples { append(Int16(sample * 32767)) }
    return data
}
