/// How to encode: sample rate, channels, bitrate mode and LAME's algorithm quality.
/// `validated()` refuses combinations MP3 cannot carry, saying what is allowed, before a
/// LAME handle is ever made.
public struct EncoderConfiguration: Sendable, Equatable {
    public enum Bitrate: Sendable, Equatable {
        /// Constant bitrate in kbps: every frame the same size, which makes pacing exact.
        case constant(Int)
        /// Variable bitrate, LAME quality 0 (best) ... 9.
        case variable(quality: Int)
    }

    public var sampleRate: Int
    public var channels: Int
    public var bitrate: Bitrate
    /// LAME's algorithm quality, 0 (slowest, best) ... 9 (fastest); 5 is its default speed/quality point.
    public var algorithmQuality: Int
    /// Let frames borrow bits from earlier frames (LAME's bit reservoir). Off for streams:
    /// at 128 kbps LAME's reservoir never empties after the first frame (measured on every
    /// preset, BENCHMARKS.md), so no later frame could start a listener's decode cleanly;
    /// without it every frame can, at an SNR cost within ±0.5 dB. Files keep it on.
    public var bitReservoir: Bool = false

    /// 128 kbps CBR, 44.1 kHz stereo, every frame a clean join point: what a stream uses.
    public static let standard = EncoderConfiguration(sampleRate: 44100, channels: 2, bitrate: .constant(128), algorithmQuality: 5)

    public init(sampleRate: Int = 44100, channels: Int = 2, bitrate: Bitrate = .constant(128), algorithmQuality: Int = 5, bitReservoir: Bool = false) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitrate = bitrate
        self.algorithmQuality = algorithmQuality
        self.bitReservoir = bitReservoir
    }

    public static let sampleRates = [22050, 32000, 44100, 48000]

    /// MPEG-1 (32, 44.1, 48 kHz) and MPEG-2 (22.05 kHz) allow different bitrate ladders;
    /// Synthcast offers the part of each from 32 kbps up.
    public static func bitrates(forSampleRate sampleRate: Int) -> [Int] {
        sampleRate >= 32000
            ? [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
            : [32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    }

    /// MPEG version of the frames: 1 at 32 kHz and above, 2 below.
    public var mpegVersion: Int { sampleRate >= 32000 ? 1 : 2 }

    /// Samples per channel in one frame.
    public var samplesPerFrame: Int { mpegVersion == 1 ? 1152 : 576 }

    /// Joint stereo lets LAME code each frame as left/right or mid/side, whichever costs less.
    public var channelMode: MP3FrameHeader.ChannelMode { channels == 1 ? .mono : .jointStereo }

    public func validated() throws(EncoderError) -> EncoderConfiguration {
        guard Self.sampleRates.contains(sampleRate) else {
            throw .invalidConfiguration("sample rate \(sampleRate) Hz is not supported; use one of \(Self.sampleRates.map(String.init).joined(separator: ", "))")
        }
        guard channels == 1 || channels == 2 else {
            throw .invalidConfiguration("\(channels) channels are not supported; use 1 (mono) or 2 (stereo)")
        }
        switch bitrate {
        case .constant(let kbps):
            let allowed = Self.bitrates(forSampleRate: sampleRate)
            guard allowed.contains(kbps) else {
                throw .invalidConfiguration("\(kbps) kbps is not an MP3 bitrate at \(sampleRate) Hz; use one of \(allowed.map(String.init).joined(separator: ", ")) kbps")
            }
        case .variable(let quality):
            guard (0...9).contains(quality) else {
                throw .invalidConfiguration("VBR quality \(quality) is out of range; use 0 (best) ... 9 (smallest)")
            }
        }
        guard (0...9).contains(algorithmQuality) else {
            throw .invalidConfiguration("algorithm quality \(algorithmQuality) is out of range; use 0 (best, slowest) ... 9 (fastest)")
        }
        return self
    }
}
