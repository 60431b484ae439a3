/// One frame of digital silence in a configuration's stream: its header, then side information
/// and audio data all zero (no reservoir bytes borrowed, no spectral values), which any layer III
/// decoder plays as a frame of zeros and can start on. Built from the header rather than by
/// running LAME, so it costs nothing and is the same on every machine.
///
/// Its first two bytes (sync word, version, layer, no CRC) are those every frame of the stream
/// starts with, which is what a client probing the stream's first bytes is shown.
public struct SilentFrame: Sendable, Equatable {
    public let header: MP3FrameHeader
    public let bytes: [UInt8]

    /// Unpadded, at the stream's bitrate; a VBR stream's at the lowest of its ladder, which is
    /// what a VBR encoder spends on silence. Throws what `EncoderConfiguration.validated()` throws.
    public init(_ configuration: EncoderConfiguration) throws(EncoderError) {
        let kbps = switch configuration.bitrate {
        case .constant(let rate): rate
        case .variable: EncoderConfiguration.bitrates(forSampleRate: configuration.sampleRate)[0]
        }
        header = try MP3FrameHeader(stream: configuration, bitrateKbps: kbps)
        bytes = header.bytes + [UInt8](repeating: 0, count: header.length - 4)
    }
}
