import NIOCore

/// SHOUTcast/Icecast in-band metadata: a player that sends `Icy-MetaData: 1` is told
/// `icy-metaint` and gets, after every `interval` bytes of audio, one length byte (in units
/// of 16 bytes) and that many bytes of `StreamTitle='...';`, zero-padded. A block of length
/// zero means "no change", so the title is sent only when it changed.
enum IcyMetadata {
    /// Bytes of audio between blocks: about one second at 128 kbps, as common servers use.
    static let interval = 16_000

    /// The block that says nothing changed.
    static let unchanged: ByteBuffer = {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0))
        return buffer
    }()

    /// A block carrying `title`, cut (at a character boundary) to the 4080 bytes a block can hold.
    static func block(title: String) -> ByteBuffer {
        // ICY has no escape for the quote that ends the title, so a typographic one stands in.
        var text = title.replacingOccurrences(of: "'", with: "’")
        let overhead = "StreamTitle='';".utf8.count
        while text.utf8.count + overhead > 255 * 16 { text.removeLast() }
        let payload = Array("StreamTitle='\(text)';".utf8)
        let units = (payload.count + 15) / 16
        var buffer = ByteBuffer()
        buffer.reserveCapacity(1 + units * 16)
        buffer.writeInteger(UInt8(units))
        buffer.writeBytes(payload)
        buffer.writeRepeatingByte(0, count: units * 16 - payload.count)
        return buffer
    }
}
