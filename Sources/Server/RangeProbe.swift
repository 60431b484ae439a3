import Encoder

/// Safari and iOS first ask for `Range: bytes=0-1` and play only if the server answers 206
/// with those bytes; then they ask for `bytes=0-` and get the live stream. A live stream has
/// no length, so only such a probe of the first bytes is answered as a range: the first
/// bytes of any frame of the stream (its sync word and version, layer and protection bits).
/// Every other Range header is answered with the whole stream (200), as Icecast does.
struct RangeProbe {
    let last: Int

    init?(_ header: String?) {
        guard let header, header.hasPrefix("bytes=0-") else { return nil }
        guard let last = Int(header.dropFirst("bytes=0-".count)), (0...1).contains(last) else { return nil }
        self.last = last
    }

    func reply(configuration: ServerConfiguration) -> Reply {
        // 0xFF then 111 (sync), version (11 = MPEG-1, 10 = MPEG-2), layer III (01), no CRC (1).
        let version: UInt8 = configuration.encoderConfiguration.mpegVersion == 1 ? 0b11 : 0b10
        let header: [UInt8] = [0xFF, 0xE0 | version << 3 | 0b01 << 1 | 1]
        var reply = Reply(status: .partialContent, contentType: "audio/mpeg", body: "")
        reply.bytes = Array(header[0...last])
        reply.extraHeaders = [("Content-Range", "bytes 0-\(last)/*")]
        return reply
    }
}
