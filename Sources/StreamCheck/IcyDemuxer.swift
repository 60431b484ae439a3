import NIOCore

/// Separates SHOUTcast/Icecast in-band metadata from the audio: after every `interval`
/// bytes of audio comes one length byte (in units of 16 bytes) and that many bytes of
/// `StreamTitle='...';`, zero-padded. Without an interval everything is audio.
struct IcyDemuxer {
    private enum State {
        case audio(left: Int)
        case lengthByte
        case metadata(left: Int)
    }

    let interval: Int?
    private var state: State
    private var metadata: [UInt8] = []

    init(interval: Int?) {
        self.interval = interval
        state = .audio(left: interval ?? .max)
    }

    /// Splits `buffer`: audio goes to `audio` in as few pieces as the blocks allow, each
    /// title to `title`.
    mutating func separate(_ buffer: ByteBuffer, audio: (ByteBuffer) -> Void, title: (String) -> Void) {
        var buffer = buffer
        while buffer.readableBytes > 0 {
            switch state {
            case .audio(let left):
                let count = min(left, buffer.readableBytes)
                audio(buffer.readSlice(length: count)!)
                state = count == left ? .lengthByte : .audio(left: left - count)
            case .lengthByte:
                let units = Int(buffer.readInteger(as: UInt8.self)!)
                metadata.removeAll(keepingCapacity: true)
                state = units == 0 ? .audio(left: interval ?? .max) : .metadata(left: units * 16)
            case .metadata(let left):
                let count = min(left, buffer.readableBytes)
                metadata += buffer.readBytes(length: count)!
                if count == left {
                    if let text = Self.streamTitle(in: metadata) { title(text) }
                    state = .audio(left: interval ?? .max)
                } else {
                    state = .metadata(left: left - count)
                }
            }
        }
    }

    /// The text of `StreamTitle='...';` in a metadata block. ICY has no escape for the quote,
    /// so the title ends at the last `';` of its field.
    static func streamTitle(in block: [UInt8]) -> String? {
        let text = String(decoding: block.prefix { $0 != 0 }, as: UTF8.self)
        guard let start = text.range(of: "StreamTitle='") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "';StreamUrl=")?.lowerBound ?? rest.range(of: "';", options: .backwards)?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
