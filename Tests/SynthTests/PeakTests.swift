import Testing
@testable import Synth

@Suite("Output peak for level meters")
struct PeakTests {
    /// Renders calls of whole control blocks and checks each reported peak against the largest
    /// |sample| the call handed out. Returns the largest of them all.
    @discardableResult
    static func expectExactPeaks(_ engine: SynthEngine, _ label: String) -> Float {
        var loudest: Float = 0
        for frames in [1152, 128, 4608, 256, 2304, 1152] {
            for round in 0..<4 {
                let block = Render.samples(from: engine, frames: frames, blockFrames: frames)
                let expected = block.map(\.magnitude).max()!
                #expect(engine.takePeak() == expected, "\(label): \(frames) frames, round \(round)")
                loudest = max(loudest, expected)
            }
        }
        return loudest
    }

    @Test("the engine's peak is the largest |sample| rendered since the last call, bit for bit",
          arguments: ["test-tone", "techno-pulse", "bass-groove", "arpeggio", "lo-fi"])
    func exactPerCall(preset: String) throws {
        let engine = try Render(preset: preset).engine()
        let loudest = Self.expectExactPeaks(engine, preset)
        #expect(loudest > 0, "\(preset) renders sound")
    }

    @Test("the peak stays exact when the limiter and clipper rewrite blocks")
    func exactThroughTheLimiter() throws {
        var render = try Render(preset: "techno-pulse")
        try render.parameters.set(.gain, number: 12)
        let loudest = Self.expectExactPeaks(render.engine(), "techno-pulse at +12 dB")
        #expect(loudest <= MasterBus.ceiling)
    }

    @Test("the master bus reports its output's peak on both of its paths")
    func masterBusPaths() {
        let frames = ControlBlock.frames
        var master = MasterBus(sampleRate: 44100)
        let left = UnsafeMutablePointer<Float>.allocate(capacity: frames)
        let right = UnsafeMutablePointer<Float>.allocate(capacity: frames)
        defer { left.deallocate(); right.deallocate() }
        let unity = MasterBus.Controls(startGain: 1, gain: 1, startWidth: 1, width: 1)
        var limitedBlocks = 0
        // Quiet blocks pass the gain pass only; loud ones, and those while the limiter
        // releases, go through the limiter and clipper too.
        for (index, amplitude) in [Float(0.1), 0.5, 2, 3, 0.9, 0.2, 0.05].enumerated() {
            for i in 0..<frames {
                let saw = Float((index * frames + i) % 50) / 25 - 1
                left[i] = amplitude * saw
                right[i] = -0.7 * amplitude * saw
            }
            let input = (0..<frames).map { max(left[$0].magnitude, right[$0].magnitude) }.max()!
            master.process(unity, left: left, right: right)
            let output = (0..<frames).map { max(left[$0].magnitude, right[$0].magnitude) }.max()!
            #expect(master.takePeak(keepingLastBlock: false) == output, "block \(index), amplitude \(amplitude)")
            if output < 0.9 * input { limitedBlocks += 1 }
        }
        #expect(limitedBlocks >= 2, "the loud blocks were limited")
    }

    @Test("calls that end inside a control block report the peak of every control block they touch")
    func callsAcrossControlBlocks() throws {
        let engine = try Render(preset: "techno-pulse").engine()
        let block = ControlBlock.frames, frames = 1000, calls = 32  // 32 000 frames: 250 control blocks
        var samples: [Float] = [], reported: [Float] = []
        for _ in 0..<calls {
            samples += Render.samples(from: engine, frames: frames, blockFrames: frames)
            reported.append(engine.takePeak())
        }
        let framePeaks = stride(from: 0, to: samples.count, by: 2).map { max(samples[$0].magnitude, samples[$0 + 1].magnitude) }
        for call in 0..<calls {
            let first = call * frames / block * block
            let end = ((call + 1) * frames + block - 1) / block * block
            #expect(reported[call] == framePeaks[first..<end].max()!, "call \(call)")
        }
    }

    @Test("mono output reports the stereo peak, which bounds its downmix")
    func monoIsBounded() throws {
        let engine = try Render(preset: "techno-pulse", format: AudioFormat(sampleRate: 44100, channels: 1)).engine()
        for call in 0..<20 {
            let block = Render.samples(from: engine, frames: 1152, blockFrames: 1152)
            #expect(engine.takePeak() >= block.map(\.magnitude).max()!, "call \(call)")
        }
    }
}
