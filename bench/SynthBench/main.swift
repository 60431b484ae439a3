// Render speed per preset, as a real-time factor on one core: seconds of audio rendered per
// second of wall time, 44.1 kHz stereo, in MP3-frame-sized blocks (1152 frames) as the
// streaming server will ask for them. Each preset is rendered `--rounds` times; the median
// is reported because this machine is shared and noisy.
//
//   swift run -c release SynthBench [--seconds 30] [--rounds 5] [--preset NAME ...] [--block-frames 1152] [--tsv]
import Foundation
import Presets
import Synth

struct Options {
    var seconds = 30.0
    var rounds = 5
    var presets: [String] = []
    var tsv = false
    var blockFrames = 1152

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--seconds": seconds = Double(rest.popFirst() ?? "") ?? seconds
            case "--rounds": rounds = Int(rest.popFirst() ?? "") ?? rounds
            case "--preset": if let name = rest.popFirst() { presets.append(name) }
            case "--tsv": tsv = true
            case "--block-frames": blockFrames = Int(rest.popFirst() ?? "") ?? blockFrames
            default:
                FileHandle.standardError.write(Data("usage: SynthBench [--seconds S] [--rounds N] [--preset NAME ...] [--block-frames F] [--tsv]\n".utf8))
                exit(2)
            }
        }
    }
}

func secondsOfWall(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let elapsed = start.duration(to: .now).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
}

let options = Options(CommandLine.arguments)
let library = PresetLibrary.locate()
let names = options.presets.isEmpty ? ((try? library.names()) ?? ["default"]) : options.presets
let blockFrames = min(max(options.blockFrames, 1), SynthEngine.maximumBlockFrames)
let buffer = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames * 2)
let frames = Int(options.seconds * 44100)

if !options.tsv {
    print("Render speed, 44.1 kHz stereo, \(options.seconds) s of audio per round, median of \(options.rounds) rounds, one core")
    print("preset".padding(toLength: 20, withPad: " ", startingAt: 0) + "  median      min      max   (x real time)")
}
for name in names {
    let preset: Preset
    do { preset = try library.load(name) } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    var factors: [Double] = []
    for _ in 0..<options.rounds {
        let engine = SynthEngine(parameters: preset.parameters, seed: preset.seed ?? 0)
        engine.render(into: buffer, frames: blockFrames)  // warm up caches and lazy globals
        let wall = secondsOfWall {
            var done = 0
            while done < frames {
                engine.render(into: buffer, frames: blockFrames)
                done += blockFrames
            }
        }
        factors.append(Double(frames) / 44100 / wall)
    }
    factors.sort()
    let median = factors[factors.count / 2]
    if options.tsv {
        print("\(name)\t\(median)")
    } else {
        let row = [median, factors.first!, factors.last!].map { String(format: "%8.0f", $0) }.joined(separator: " ")
        print(name.padding(toLength: 20, withPad: " ", startingAt: 0) + row)
    }
}
buffer.deallocate()
