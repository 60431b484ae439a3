import Encoder
import Foundation
import Testing
@testable import Synth

extension SeededRandom {
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

@Suite("MP3 frame parsing")
struct FrameScannerTests {
    static let stream: [UInt8] = (try? Encoding.encode(preset: "arpeggio", seconds: 3).bytes) ?? []

    @Test("headers decode as the standard says")
    func knownHeaders() {
        // MPEG-1 layer III, 128 kbps, 44.1 kHz, no padding, joint stereo, no CRC.
        let header = MP3FrameHeader(0xFF, 0xFB, 0x90, 0x44)
        #expect(header?.version == .mpeg1 && header?.layer == 3 && header?.bitrateKbps == 128)
        #expect(header?.sampleRate == 44100 && header?.length == 417 && header?.channelMode == .jointStereo)
        #expect(header?.samplesPerFrame == 1152 && header?.hasCRC == false)
        // MPEG-2 layer III, 64 kbps, 22.05 kHz, padded, mono.
        let mpeg2 = MP3FrameHeader(0xFF, 0xF3, 0x82, 0xC0)
        #expect(mpeg2?.version == .mpeg2 && mpeg2?.bitrateKbps == 64 && mpeg2?.sampleRate == 22050)
        #expect(mpeg2?.length == 72 * 64000 / 22050 + 1 && mpeg2?.channels == 1 && mpeg2?.samplesPerFrame == 576)
        // Reserved version, layer, bitrate and sample rate are refused, as is free format.
        for bytes: [UInt8] in [[0xFF, 0xEB, 0x90, 0], [0xFF, 0xF9, 0x90, 0], [0xFF, 0xFB, 0xF0, 0], [0xFF, 0xFB, 0x9C, 0], [0xFF, 0xFB, 0x00, 0], [0xFE, 0xFB, 0x90, 0]] {
            #expect(MP3FrameHeader(bytes[0], bytes[1], bytes[2], bytes[3]) == nil)
        }
    }

    @Test("an MP3 made by ffmpeg (ID3v2 tag, Xing frame, MPEG-2) is read frame by frame")
    func foreignFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-foreign-\(UUID().uuidString).mp3")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try runCommand("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3:sample_rate=22050",
                                       "-c:a", "libmp3lame", "-b:a", "48k", "-y", file.path])
        let bytes = [UInt8](try Data(contentsOf: file))
        #expect(bytes.prefix(3) == [0x49, 0x44, 0x33], "ffmpeg writes an ID3v2 tag first")
        let frames = MP3FrameScanner.frames(in: bytes)
        #expect(frames.first.map { $0.offset > 10 } == true, "the tag is skipped")
        #expect(frames.allSatisfy { $0.header.version == .mpeg2 && $0.header.sampleRate == 22050 && $0.samples == 576 })
        // 3 s of audio, plus ffmpeg's Xing frame and LAME's delay and padding.
        let seconds = Double(frames.count * 576) / 22050
        #expect(seconds > 3 && seconds < 3.2, "\(frames.count) frames")
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.range.upperBound == $1.offset })
    }

    @Test("random bytes never crash the scanner and rarely look like frames")
    func randomBytes() {
        var random = SeededRandom(seed: 7)
        var found = 0
        for round in 0..<300 {
            let junk = random.bytes(1 + random.below(8192))
            let frames = MP3FrameScanner.frames(in: junk)
            for frame in frames { #expect(frame.range.upperBound <= junk.count, "round \(round)") }
            found += frames.count
        }
        #expect(found < 30, "\(found) false frames in 300 blocks of noise")
    }

    @Test("garbage between frames and truncation: every intact frame is still found")
    func resynchronisation() {
        let original = MP3FrameScanner.frames(in: Self.stream)
        #expect(original.count > 100)
        var random = SeededRandom(seed: 99)
        for _ in 0..<40 {
            // Rebuild the stream with junk after some frames, then cut it short mid-frame.
            var damaged: [UInt8] = []
            var kept: [[UInt8]] = []
            for frame in original {
                let bytes = Array(Self.stream[frame.range])
                damaged += bytes
                kept.append(bytes)
                if random.below(5) == 0 { damaged += random.bytes(1 + random.below(300)) }
            }
            let cut = damaged.count - 1 - random.below(200)
            damaged = Array(damaged.prefix(cut))
            let found = MP3FrameScanner.frames(in: damaged).map { Array(damaged[$0.range]) }
            // Every frame that survived whole, except possibly one cut or one followed by junk
            // that mimics a header, is found byte for byte.
            let intact = kept.filter { frame in found.contains(frame) }
            #expect(intact.count >= kept.count - 4, "found \(intact.count) of \(kept.count)")
            #expect(Set(found.map { $0.count }).isSubset(of: Set(kept.map { $0.count })))
        }
    }

    @Test("flipping random bytes inside frames never crashes or overruns")
    func corruptedFrames() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<100 {
            var corrupted = Self.stream
            for _ in 0..<50 { corrupted[random.below(corrupted.count)] = UInt8(truncatingIfNeeded: random.next()) }
            for frame in MP3FrameScanner.frames(in: corrupted) {
                #expect(frame.range.upperBound <= corrupted.count)
                #expect(frame.length >= 4)
            }
        }
    }
}
