import Encoder

/// Safari and iOS first ask for `Range: bytes=0-1` and play only if the server answers 206
/// with those bytes; then they ask for `bytes=0-` and get the live stream. A live stream has
/// no length, so only such a probe of the first bytes is answered as a range: the first
/// bytes of any frame of the stream (its sync word and version, layer and protection bits),
/// taken from the Encoder module's silent frame. Every other Range header is answered with
/// the whole stream (200), as Icecast does.
struct RangeProbe {
    /// The last byte asked for: 0 or 1.
    let last: Int

    init?(_ header: String?) {
        guard let header, header.hasPrefix("bytes=0-") else { return nil }
        guard let last = Int(header.dropFirst("bytes=0-".count)), (0...1).contains(last) else { return nil }
        self.last = last
    }

    /// 206 Partial Content.
    let statusCode = 206
    let contentType = "audio/mpeg"
    /// The value of the reply's `Content-Range` header; `*` because a live stream has no length.
    var contentRange: String { "bytes 0-\(last)/*" }

    /// The bytes asked for. Throws only for a configuration MP3 cannot carry, which a running
    /// server has already refused.
    func firstBytes(of stream: EncoderConfiguration) throws(EncoderError) -> [UInt8] {
        try Array(SilentFrame(stream).bytes[0...last])
    }
}
