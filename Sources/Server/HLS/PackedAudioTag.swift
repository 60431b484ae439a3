/// The ID3v2.4 tag at the start of every HLS packed-audio segment and part (RFC 8216 §3.4):
/// a PRIV frame `com.apple.streaming.transportStreamTimestamp` with the 33-bit MPEG-2 90 kHz
/// timestamp of the first sample, and a TIT2 frame with the stream's title, which HLS players
/// show as timed metadata.
enum PackedAudioTag {
    static let timestampOwner = "com.apple.streaming.transportStreamTimestamp"

    /// The tag for audio whose first sample is stream sample `sample` at `sampleRate`.
    static func bytes(firstSample sample: Int, sampleRate: Int, title: String) -> [UInt8] {
        // 90 kHz ticks, wrapping at 2^33 as MPEG-2 timestamps do.
        let ticks = (UInt64(sample) * 90000 / UInt64(sampleRate)) & ((1 << 33) - 1)
        var timestamp = Array(timestampOwner.utf8) + [0]
        for shift in stride(from: 56, through: 0, by: -8) { timestamp.append(UInt8(truncatingIfNeeded: ticks >> UInt64(shift))) }
        // TIT2: text encoding 3 (UTF-8), then the text.
        let titleFrame = [3] + Array(title.prefix(400).utf8)
        let frames = frame("PRIV", timestamp) + frame("TIT2", titleFrame)
        return Array("ID3".utf8) + [4, 0, 0] + syncsafe(frames.count) + frames
    }

    private static func frame(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + syncsafe(body.count) + [0, 0] + body
    }

    /// ID3v2.4 sizes: 28 bits in four bytes of seven.
    private static func syncsafe(_ value: Int) -> [UInt8] {
        [UInt8(value >> 21 & 0x7F), UInt8(value >> 14 & 0x7F), UInt8(value >> 7 & 0x7F), UInt8(value & 0x7F)]
    }
}
