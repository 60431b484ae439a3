import API
import Encoder
import Foundation
import Presets
import Synth
import Testing

@Suite("Joining a stream mid-way")
struct JoinPointTests {
    /// A stream as the server will make it: rendered and encoded in frame-sized blocks,
    /// with a chance to change parameters before each block.
    static func stream(preset: String, seconds: Double, configuration: EncoderConfiguration = .standard,
                       before: (_ inputSample: Int, SynthEngine) throws -> Void = { _, _ in }) throws -> (frames: [[UInt8]], encoded: [EncodedFrame], delay: Int) {
        let loaded = try Encoding.presets.load(preset)
        let engine = SynthEngine(parameters: loaded.parameters, seed: loaded.seed ?? 0)
        let encoder = try FramedEncoder(configuration)
        var frames: [[UInt8]] = [], encoded: [EncodedFrame] = []
        let pcm = UnsafeMutablePointer<Float>.allocate(capacity: 2 * 1152)
        defer { pcm.deallocate() }
        func keep(_ frame: EncodedFrame) { frames.append(Array(frame.bytes)); encoded.append(frame) }
        var done = 0
        while done < Int(seconds * 44100) {
            try before(done, engine)
            engine.render(into: pcm, frames: 1152)
            try encoder.encode(interleaved: pcm, frames: 1152, onFrame: keep)
            done += 1152
        }
        try encoder.finish(onFrame: keep)
        return (frames, encoded, encoder.encoderDelay)
    }

    @Test("every frame of a stream is a join point, and its clock position is exact")
    func everyFrameJoins() throws {
        let (frames, encoded, delay) = try Self.stream(preset: "lo-fi", seconds: 10)
        #expect(encoded.allSatisfy { $0.isJoinPoint })
        #expect(encoded.enumerated().allSatisfy { $0.element.index == $0.offset && $0.element.firstInputSample == $0.offset * 1152 - delay })
        #expect(frames.count * 1152 >= 10 * 44100 + delay)
    }

    /// Per-frame RMS of a capture's decode beside the whole stream's decode at the same
    /// place, and the largest sample difference per frame. The capture's start is found by
    /// matching its fourth to sixth frames, where any decoder has long settled.
    static func compare(capture: [Float], full: [Float], near expected: Int, frames: Int = 6)
        -> [(rms: Double, reference: Double, difference: Float, secondGranule: Double, referenceSecondGranule: Double)]
    {
        let probe = Array(capture[(3 * 1152)..<(6 * 1152)])
        let candidates = max(0, expected - 3000)...min(full.count - probe.count - 3 * 1152, expected + 3000)
        let offset = candidates.min { a, b in
            zip(probe, full[(a + 3 * 1152)...]).map { abs($0 - $1) }.max()! < zip(probe, full[(b + 3 * 1152)...]).map { abs($0 - $1) }.max()!
        } ?? expected
        return (0..<frames).map { frame in
            let range = (frame * 1152)..<((frame + 1) * 1152)
            let mine = Array(capture[range]), theirs = Array(full[(offset + range.lowerBound)..<(offset + range.upperBound)])
            return (mine.rms, theirs.rms, zip(mine, theirs).map { abs($0 - $1) }.max()!,
                    Array(mine[576...]).rms, Array(theirs[576...]).rms)
        }
    }

    @Test("captures started at join points decode with zero errors and play from their first frame")
    func capturesDecodeCleanly() throws {
        let (frames, _, _) = try Self.stream(preset: "techno-pulse", seconds: 20)
        let full = try Decoder.ffmpeg(Array(frames.joined())).samples.channel(0, of: 2)
        let starts = [1, 2, 17, 63, 100, 171, 250, 333, 400, 512, 600, frames.count / 2, frames.count - 40]
        for start in starts {
            let capture = Array(frames[start..<min(start + 200, frames.count)].joined())
            let ffmpeg = try Decoder.ffmpeg(capture)
            #expect(ffmpeg.complaints.isEmpty, "ffmpeg, capture from frame \(start): \(ffmpeg.complaints)")
            let mpg123 = try Decoder.mpg123(capture)
            #expect(mpg123.complaints.isEmpty, "mpg123, capture from frame \(start): \(mpg123.complaints)")
            // The first frame sounds: its first granule lacks only the overlap with the frame
            // before (as at any decoder start), its second is there in full. From the second
            // frame on the capture is the stream, sample for sample.
            let frameLevels = Self.compare(capture: ffmpeg.samples.channel(0, of: 2), full: full, near: start * 1152)
            #expect(frameLevels[0].secondGranule > 0.7 * frameLevels[0].referenceSecondGranule, "frame 0 of capture from \(start): \(frameLevels[0])")
            #expect(frameLevels.dropFirst().allSatisfy { $0.difference < 1e-3 }, "capture from \(start): \(frameLevels)")
        }
    }

    @Test("with LAME's bit reservoir a mid-stream capture starts with a silent frame (why streams turn it off)")
    func reservoirBreaksJoins() throws {
        let (frames, encoded, _) = try Self.stream(preset: "techno-pulse", seconds: 10, configuration: EncoderConfiguration(bitReservoir: true))
        #expect(!encoded.dropFirst().contains { $0.isJoinPoint }, "with the reservoir, no frame after the first starts clean")
        let full = try Decoder.ffmpeg(Array(frames.joined())).samples.channel(0, of: 2)
        let capture = try Decoder.ffmpeg(Array(frames[100..<300].joined())).samples.channel(0, of: 2)
        let frameLevels = Self.compare(capture: capture, full: full, near: 100 * 1152)
        // Decoders report no error, but the first frame comes out (nearly) silent: a dropout.
        #expect(frameLevels[0].rms < 0.1 * frameLevels[0].reference, "\(frameLevels[0])")
    }

    @Test("a parameter change is heard at the sample it was made, within one frame")
    func changeLandsOnTime() throws {
        let changeAt = 2 * 44100 / 1152 * 1152  // a block boundary near 2 s
        let (frames, _, _) = try Self.stream(preset: "test-tone", seconds: 4) { sample, engine in
            if sample == changeAt { try engine.parameters.submit([(key: "test_frequency", value: .number(2000))]) }
        }
        let decoded = try Decoder.ffmpeg(Array(frames.joined())).samples.channel(0, of: 2)
        // The tone starts at input sample 0, so its onset in the decoded audio fixes the clock.
        let onset = decoded.firstIndex { abs($0) > 0.1 } ?? 0
        let window = 256
        let changed = stride(from: onset, to: decoded.count - window, by: window / 4).first { start in
            estimatedFrequency(Array(decoded[start..<(start + window)]), sampleRate: 44100) > 1100
        } ?? -1
        #expect(abs(changed - (onset + changeAt)) <= 1152, "change heard at \(changed - onset), made at \(changeAt)")
    }
}
