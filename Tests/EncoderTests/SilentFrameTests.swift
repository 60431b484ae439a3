import Encoder
import Foundation
import Testing

@Suite("Silent frame and frame sizes")
struct SilentFrameTests {
    static let configurations = [EncoderConfiguration.standard,
                                 EncoderConfiguration(sampleRate: 44100, channels: 1, bitrate: .constant(96)),
                                 EncoderConfiguration(sampleRate: 22050, channels: 2, bitrate: .constant(64)),
                                 EncoderConfiguration(sampleRate: 48000, channels: 2, bitrate: .variable(quality: 4)),
                                 EncoderConfiguration(sampleRate: 32000, channels: 1, bitrate: .constant(320))]

    @Test("its header reads back from its bytes and matches the configuration", arguments: configurations)
    func headerMatchesConfiguration(configuration: EncoderConfiguration) throws {
        let silence = try SilentFrame(configuration)
        let bytes = silence.bytes
        let header = try #require(MP3FrameHeader(bytes[0], bytes[1], bytes[2], bytes[3]))
        #expect(header == silence.header)
        let kbps: Int
        switch configuration.bitrate {
        case .constant(let rate): kbps = rate
        case .variable: kbps = 32  // the lowest of the ladder
        }
        let version: MP3FrameHeader.Version = configuration.sampleRate >= 32000 ? .mpeg1 : .mpeg2
        #expect(header.version == version && header.layer == 3 && !header.hasCRC && !header.padding)
        #expect(header.bitrateKbps == kbps && header.sampleRate == configuration.sampleRate)
        #expect(header.channels == configuration.channels && header.samplesPerFrame == configuration.samplesPerFrame)
        // An unpadded layer III frame is samples/8 · bitrate / sample rate bytes.
        #expect(bytes.count == configuration.samplesPerFrame / 8 * kbps * 1000 / configuration.sampleRate)
        #expect(bytes.count == header.length)
        let frame = try #require(bytes.withUnsafeBytes { MP3Frame($0, at: 0) })
        #expect(frame.isCleanStart, "a listener can start on it")
    }

    @Test("a run of silent frames decodes as silence in ffmpeg and mpg123, without complaints", arguments: configurations)
    func decodesAsSilence(configuration: EncoderConfiguration) throws {
        let silence = try SilentFrame(configuration)
        let count = 20
        let bytes = Array([[UInt8]](repeating: silence.bytes, count: count).joined())
        #expect(MP3FrameScanner.frames(in: bytes).count == count)
        let ffmpeg = try Decoder.ffmpeg(bytes)
        #expect(ffmpeg.complaints.isEmpty, "ffmpeg: \(ffmpeg.complaints)")
        #expect(ffmpeg.samples.count >= (count - 1) * configuration.samplesPerFrame * configuration.channels, "\(ffmpeg.samples.count) samples")
        #expect(ffmpeg.samples.allSatisfy { $0 == 0 })
        let mpg123 = try Decoder.mpg123(bytes)
        #expect(mpg123.complaints.isEmpty, "mpg123: \(mpg123.complaints)")
    }

    @Test("LAME's frames start with the silent frame's first bytes and fit the largest frame size", arguments: configurations)
    func matchesTheEncodersFrames(configuration: EncoderConfiguration) throws {
        let silence = try SilentFrame(configuration)
        let maximum = try FramedEncoder(configuration).maximumFrameBytes
        let stream = try Encoding.encode(preset: "test-tone", seconds: 1, configuration: configuration)
        let frames = MP3FrameScanner.frames(in: stream.bytes)
        #expect(frames.count > 10)
        for frame in frames {
            #expect(Array(stream.bytes[frame.offset..<(frame.offset + 2)]) == Array(silence.bytes.prefix(2)), "frame at \(frame.offset)")
            #expect(frame.header.channelMode == silence.header.channelMode && frame.header.sampleRate == silence.header.sampleRate)
            #expect(frame.length <= maximum)
            if case .constant = configuration.bitrate {
                #expect(frame.header.bitrateKbps == silence.header.bitrateKbps && frame.length >= maximum - 1)
            }
        }
    }

    @Test("the stream's delays come from the encoder: LAME's, then the decoder's")
    func delays() throws {
        let encoder = try FramedEncoder(), lame = try MP3Encoder()
        #expect(encoder.encoderDelay == lame.encoderDelay)
        #expect(encoder.playbackDelay == encoder.encoderDelay + 529)
    }

    @Test("headers MPEG audio cannot carry are refused")
    func refusedHeaders() {
        #expect(MP3FrameHeader(version: .mpeg2, bitrateKbps: 320, sampleRate: 22050, channelMode: .stereo) == nil)
        #expect(MP3FrameHeader(version: .mpeg1, bitrateKbps: 128, sampleRate: 22050, channelMode: .stereo) == nil)
        #expect(MP3FrameHeader(version: .mpeg1, bitrateKbps: 0, sampleRate: 44100, channelMode: .mono) == nil)
        #expect(throws: EncoderError.self) { _ = try SilentFrame(EncoderConfiguration(sampleRate: 96000)) }
    }
}
