import Encoder
import NIOCore

/// The whole MP3 frames one render block produced, in one buffer that every listener is
/// handed (ByteBuffer storage is shared, never copied per listener). Frame `i` of the stream
/// starts at stream sample `i * samplesPerFrame` of the decoded audio.
struct FrameChunk: Sendable {
    let bytes: ByteBuffer
    let firstFrame: Int
    let frameCount: Int

    var endFrame: Int { firstFrame + frameCount }

    /// The frames from `frame` on: a slice of the same storage. Joins are rare, so frame
    /// offsets are found by walking the headers rather than stored with every chunk.
    func frames(from frame: Int) -> ByteBuffer {
        guard frame > firstFrame else { return bytes }
        guard frame < endFrame else { return ByteBuffer() }
        let offset = bytes.withUnsafeReadableBytes { raw -> Int in
            var offset = 0
            for _ in firstFrame..<frame {
                guard let header = MP3FrameHeader(raw, at: offset) else { break }
                offset += header.length
            }
            return offset
        }
        return bytes.getSlice(at: bytes.readerIndex + offset, length: bytes.readableBytes - offset) ?? ByteBuffer()
    }
}
