/// One whole MP3 frame found in a byte stream: where it is, how long it plays, and whether
/// a decoder can start on it cleanly.
public struct MP3Frame: Sendable, Equatable {
    public let header: MP3FrameHeader
    /// Byte offset of the frame in the bytes it was found in.
    public let offset: Int
    /// Layer III only: how many bytes of this frame's audio data sit in earlier frames (the
    /// bit reservoir). Zero means the frame decodes without anything before it.
    public let mainDataBegin: Int?

    public var length: Int { header.length }
    public var range: Range<Int> { offset..<(offset + header.length) }
    public var samples: Int { header.samplesPerFrame }

    /// A listener joining here decodes without errors: the frame needs no reservoir bytes.
    public var isCleanStart: Bool { (mainDataBegin ?? 0) == 0 }

    /// Reads the frame at `offset` if a valid, complete one is there.
    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard let header = MP3FrameHeader(bytes, at: offset), offset + header.length <= bytes.count else { return nil }
        self.header = header
        self.offset = offset
        if header.layer == 3 {
            // The side information starts after the header and its CRC.
            let side = offset + 4 + (header.hasCRC ? 2 : 0)
            guard side + 2 <= offset + header.length else { return nil }
            mainDataBegin = header.version == .mpeg1
                ? Int(bytes[side]) << 1 | Int(bytes[side + 1] >> 7)
                : Int(bytes[side])
        } else {
            mainDataBegin = nil
        }
    }
}
