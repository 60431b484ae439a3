/// Finds whole frames in MP3 bytes from anywhere: our encoder's output, a file, or garbage.
///
/// Until it has locked onto a stream, a candidate header counts only if another matching
/// header follows right after its frame (or the frame ends exactly at the end of the bytes),
/// so random bytes that happen to look like a sync word are skipped. Once locked, a frame
/// whose header matches the stream (version, layer, sample rate, channel mode) counts even if
/// junk follows it; after junk or a truncated frame it resynchronises on the next real frame.
public enum MP3FrameScanner {
    public static func frames(in bytes: UnsafeRawBufferPointer) -> [MP3Frame] {
        var frames: [MP3Frame] = []
        var lock: MP3FrameHeader?
        var offset = 0
        while offset + 4 <= bytes.count {
            if let frame = MP3Frame(bytes, at: offset),
               followedByMatchingHeader(frame, in: bytes) || lock.map({ sameStream(frame.header, $0) }) == true {
                frames.append(frame)
                lock = frame.header
                offset = frame.range.upperBound
            } else {
                offset += 1
            }
        }
        return frames
    }

    public static func frames(in bytes: [UInt8]) -> [MP3Frame] {
        bytes.withUnsafeBytes { frames(in: $0) }
    }

    private static func followedByMatchingHeader(_ frame: MP3Frame, in bytes: UnsafeRawBufferPointer) -> Bool {
        let next = frame.range.upperBound
        if next == bytes.count { return true }
        guard let following = MP3FrameHeader(bytes, at: next) else { return false }
        return sameStream(following, frame.header)
    }

    /// Frames of one stream share version, layer, sample rate and channel mode.
    private static func sameStream(_ a: MP3FrameHeader, _ b: MP3FrameHeader) -> Bool {
        a.version == b.version && a.layer == b.layer && a.sampleRate == b.sampleRate && a.channelMode == b.channelMode
    }
}
