/// The 4-byte header every MPEG audio frame starts with: enough to know its length and
/// duration without decoding it (ISO/IEC 11172-3 and 13818-3).
public struct MP3FrameHeader: Sendable, Equatable {
    public enum Version: Sendable, Equatable { case mpeg1, mpeg2, mpeg25 }
    public enum ChannelMode: Int, Sendable, Equatable { case stereo, jointStereo, dualChannel, mono }

    public let version: Version
    public let layer: Int
    /// A 16-bit CRC follows the header.
    public let hasCRC: Bool
    public let bitrateKbps: Int
    public let sampleRate: Int
    public let padding: Bool
    public let channelMode: ChannelMode

    public var channels: Int { channelMode == .mono ? 1 : 2 }

    /// Samples per channel in the frame.
    public var samplesPerFrame: Int {
        switch layer {
        case 1: 384
        case 2: 1152
        default: version == .mpeg1 ? 1152 : 576
        }
    }

    /// Bytes in the frame, header included.
    public var length: Int {
        let pad = padding ? 1 : 0
        switch layer {
        case 1: return (12 * bitrateKbps * 1000 / sampleRate + pad) * 4
        case 3 where version != .mpeg1: return 72 * bitrateKbps * 1000 / sampleRate + pad
        default: return 144 * bitrateKbps * 1000 / sampleRate + pad
        }
    }

    /// Parses a header from four bytes, or nil if they are not a valid one (free-format
    /// bitrates count as invalid: their length cannot be known from the header).
    public init?(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        guard b0 == 0xFF, b1 & 0xE0 == 0xE0 else { return nil }
        switch (b1 >> 3) & 0x3 {
        case 0: version = .mpeg25
        case 2: version = .mpeg2
        case 3: version = .mpeg1
        default: return nil
        }
        switch (b1 >> 1) & 0x3 {
        case 1: layer = 3
        case 2: layer = 2
        case 3: layer = 1
        default: return nil
        }
        hasCRC = b1 & 0x1 == 0
        let bitrateIndex = Int(b2 >> 4), rateIndex = Int((b2 >> 2) & 0x3)
        guard bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        bitrateKbps = Self.bitrates(version: version, layer: layer)[bitrateIndex]
        sampleRate = Self.sampleRates(version: version)[rateIndex]
        padding = (b2 >> 1) & 0x1 == 1
        channelMode = ChannelMode(rawValue: Int(b3 >> 6))!
    }

    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        self.init(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3])
    }

    /// A header with these fields, or nil if MPEG audio has no such frame: a layer other than
    /// 1...3, or a bitrate or sample rate the version does not offer.
    public init?(version: Version, layer: Int = 3, hasCRC: Bool = false, bitrateKbps: Int, sampleRate: Int,
                 padding: Bool = false, channelMode: ChannelMode) {
        guard (1...3).contains(layer), bitrateKbps > 0,
              Self.bitrates(version: version, layer: layer).contains(bitrateKbps),
              Self.sampleRates(version: version).contains(sampleRate) else { return nil }
        self.version = version
        self.layer = layer
        self.hasCRC = hasCRC
        self.bitrateKbps = bitrateKbps
        self.sampleRate = sampleRate
        self.padding = padding
        self.channelMode = channelMode
    }

    /// The header of a frame in `configuration`'s stream at `bitrateKbps`: layer III without
    /// CRC, in the channel mode the encoder asks LAME for. Throws what `validated()` throws, or
    /// when the bitrate is not one of the stream's MPEG version.
    public init(stream configuration: EncoderConfiguration, bitrateKbps: Int, padding: Bool = false) throws(EncoderError) {
        let configuration = try configuration.validated()
        guard let header = MP3FrameHeader(version: configuration.mpegVersion == 1 ? .mpeg1 : .mpeg2, bitrateKbps: bitrateKbps,
                                          sampleRate: configuration.sampleRate, padding: padding,
                                          channelMode: configuration.channelMode) else {
            throw .invalidConfiguration("\(bitrateKbps) kbps is not an MP3 bitrate at \(configuration.sampleRate) Hz")
        }
        self = header
    }

    /// The four bytes that carry this header, as `init?(_:_:_:_:)` reads them. The bits the
    /// header type does not keep (private, mode extension, copyright, original, emphasis) are 0.
    public var bytes: [UInt8] {
        let versionBits: UInt8 = switch version {
        case .mpeg1: 0b11
        case .mpeg2: 0b10
        case .mpeg25: 0b00
        }
        let layerBits = UInt8(4 - layer)  // 01 is layer III, 11 layer I
        let bitrateIndex = UInt8(Self.bitrates(version: version, layer: layer).firstIndex(of: bitrateKbps)!)
        let rateIndex = UInt8(Self.sampleRates(version: version).firstIndex(of: sampleRate)!)
        let protectionBit: UInt8 = hasCRC ? 0 : 1, paddingBit: UInt8 = padding ? 1 : 0
        let b1: UInt8 = 0xE0 | versionBits << 3 | layerBits << 1 | protectionBit
        let b2: UInt8 = bitrateIndex << 4 | rateIndex << 2 | paddingBit << 1
        return [0xFF, b1, b2, UInt8(channelMode.rawValue) << 6]
    }

    /// Indexed by the header's sample rate bits.
    private static func sampleRates(version: Version) -> [Int] {
        switch version {
        case .mpeg1: [44100, 48000, 32000]
        case .mpeg2: [22050, 24000, 16000]
        case .mpeg25: [11025, 12000, 8000]
        }
    }

    /// Indexed by the header's bitrate bits; index 0 is free format.
    private static func bitrates(version: Version, layer: Int) -> [Int] {
        switch (version, layer) {
        case (.mpeg1, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448]
        case (.mpeg1, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384]
        case (.mpeg1, _): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        case (_, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256]
        default: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        }
    }
}
