import AllocationCounter
import Encoder
import Foundation
import Testing

@Suite("MP3 encoder")
struct EncoderTests {
    @Test("test-tone survives encode and a real decode: pitch within 0.1 %, level within 1 dB, no errors")
    func toneThroughFFmpeg() throws {
        let stream = try Encoding.encode(preset: "test-tone", seconds: 5)
        let decoded = try Decoder.ffmpeg(stream.bytes)
        #expect(decoded.complaints.isEmpty, "ffmpeg: \(decoded.complaints)")
        // Skip the encoder delay and the first half second; measure the left channel.
        let left = Array(decoded.samples.channel(0, of: 2).dropFirst(stream.delay + 22050).prefix(3 * 44100))
        let frequency = estimatedFrequency(left, sampleRate: 44100)
        #expect(abs(frequency - 1000) / 1000 < 0.001, "\(frequency) Hz")
        let level = 20 * log10(left.rms * 2.0.squareRoot())
        #expect(abs(level - -12) < 1, "\(level) dBFS")
    }

    @Test("frames × 1152 = encoder delay + PCM fed + padding, and the frames tile the bytes exactly")
    func frameAccounting() throws {
        let stream = try Encoding.encode(preset: "default", seconds: 7.3)
        let frames = MP3FrameScanner.frames(in: stream.bytes)
        #expect(frames.reduce(0) { $0 + $1.length } == stream.bytes.count)
        #expect(frames.first?.offset == 0)
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.range.upperBound == $1.offset })
        #expect(frames.count * 1152 == stream.delay + stream.framesFed + stream.padding,
                "\(frames.count) frames, delay \(stream.delay), fed \(stream.framesFed), padding \(stream.padding)")
        for frame in frames {
            #expect(frame.header.bitrateKbps == 128 && frame.header.sampleRate == 44100 && frame.header.layer == 3)
        }
        #expect(frames.first?.isCleanStart == true)
        // A stream is frames only: no ID3 tag, no Xing/Info frame.
        let head = String(decoding: stream.bytes.prefix(frames.first?.length ?? 0), as: UTF8.self)
        #expect(!head.contains("Xing") && !head.contains("Info") && !head.contains("LAME") && stream.bytes.prefix(3) != [0x49, 0x44, 0x33])
    }

    @Test("encoding into whole frames allocates nothing per block after the first")
    func encodeDoesNotAllocate() throws {
        let encoder = try FramedEncoder()
        let pcm = UnsafeMutablePointer<Float>.allocate(capacity: 2 * 1152)
        defer { pcm.deallocate() }
        for i in 0..<(2 * 1152) { pcm[i] = sin(Float(i) * 0.05) * 0.3 }
        var frames = 0
        try encoder.encode(interleaved: pcm, frames: 1152) { _ in frames += 1 }  // LAME sizes its buffers here
        allocation_counter_start()
        for _ in 0..<400 { try encoder.encode(interleaved: pcm, frames: 1152) { _ in frames += 1 } }
        let allocations = allocation_counter_stop()
        #expect(allocations == 0)
        #expect(frames > 390)
    }

    @Test("a long stream decodes with zero errors in ffmpeg and mpg123")
    func longStreamDecodesCleanly() throws {
        let stream = try Encoding.encode(preset: "lo-fi", seconds: 60)
        let ffmpeg = try Decoder.ffmpeg(stream.bytes)
        #expect(ffmpeg.complaints.isEmpty, "ffmpeg: \(ffmpeg.complaints)")
        #expect(ffmpeg.samples.count == 2 * (stream.delay + stream.framesFed + stream.padding) || ffmpeg.samples.count >= 2 * stream.framesFed)
        let mpg123 = try Decoder.mpg123(stream.bytes)
        #expect(mpg123.complaints.isEmpty, "mpg123: \(mpg123.complaints)")
    }

    @Test("mono, 22.05 kHz and VBR streams decode at their own rate and channel count",
          arguments: [EncoderConfiguration(sampleRate: 44100, channels: 1, bitrate: .constant(96)),
                      EncoderConfiguration(sampleRate: 22050, channels: 2, bitrate: .constant(64)),
                      EncoderConfiguration(sampleRate: 48000, channels: 2, bitrate: .variable(quality: 4)),
                      EncoderConfiguration(sampleRate: 32000, channels: 1, bitrate: .constant(320), algorithmQuality: 2)])
    func otherConfigurations(configuration: EncoderConfiguration) throws {
        let stream = try Encoding.encode(preset: "test-tone", seconds: 2, configuration: configuration)
        let frames = MP3FrameScanner.frames(in: stream.bytes)
        #expect(frames.allSatisfy { $0.header.sampleRate == configuration.sampleRate && $0.header.channels == configuration.channels })
        #expect(frames.count * configuration.samplesPerFrame == stream.delay + stream.framesFed + stream.padding)
        let decoded = try Decoder.ffmpeg(stream.bytes)
        #expect(decoded.complaints.isEmpty, "\(decoded.complaints)")
        // One second from the middle: the near-silent padding at the end has spurious crossings.
        let channel = Array(decoded.samples.channel(0, of: configuration.channels).dropFirst(stream.delay + configuration.sampleRate / 2).prefix(configuration.sampleRate))
        let frequency = estimatedFrequency(channel, sampleRate: Double(configuration.sampleRate))
        #expect(abs(frequency / 1000 - 1) < 0.001, "\(frequency) Hz")
    }

    @Test("invalid configurations are refused up front with what is allowed")
    func invalidConfigurations() {
        func message(_ configuration: EncoderConfiguration) -> String {
            do { _ = try MP3Encoder(configuration); return "accepted" } catch { return error.description }
        }
        #expect(message(.init(sampleRate: 96000)).contains("use one of 22050, 32000, 44100, 48000"))
        #expect(message(.init(channels: 6)) == "6 channels are not supported; use 1 (mono) or 2 (stereo)")
        #expect(message(.init(sampleRate: 22050, bitrate: .constant(320)))
            == "320 kbps is not an MP3 bitrate at 22050 Hz; use one of 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160 kbps")
        #expect(message(.init(bitrate: .constant(100))).contains("100 kbps is not an MP3 bitrate at 44100 Hz"))
        #expect(message(.init(bitrate: .variable(quality: 12))).contains("VBR quality 12 is out of range"))
        #expect(message(.init(algorithmQuality: -1)).contains("algorithm quality -1 is out of range"))
    }

    @Test("oversized blocks and use after flush are errors, not crashes")
    func misuse() throws {
        let encoder = try MP3Encoder(maximumBlockFrames: 1152)
        let pcm = [Float](repeating: 0, count: 2 * 2000)
        #expect(throws: EncoderError.blockTooLarge(frames: 2000, maximum: 1152)) {
            _ = try pcm.withUnsafeBufferPointer { try encoder.encode(interleaved: $0.baseAddress!, frames: 2000) }
        }
        _ = try encoder.flush()
        #expect(throws: EncoderError.finished) { _ = try encoder.flush() }
        #expect(throws: EncoderError.finished) {
            _ = try pcm.withUnsafeBufferPointer { try encoder.encode(interleaved: $0.baseAddress!, frames: 10) }
        }
    }
}
