import Foundation
import NIOCore

/// One HLS media segment of a session: whole MP3 frames of the stream, exactly as `/stream`
/// listeners get them, behind the packed-audio tag. Its parts (for low-latency players) are
/// runs of the same frames behind tags of their own; the frames are stored once.
struct HLSSegment: Sendable {
    struct Part: Sendable {
        let index: Int
        /// The part's own packed-audio tag.
        let tag: ByteBuffer
        /// Where the part's frames lie in the segment's `frames`.
        var bytes: Range<Int>
        var frameCount: Int
        /// Set when the part is complete; its bytes never change after that.
        var etag: String?
    }

    let sequence: Int
    let firstFrame: Int
    /// The wall-clock time of the first sample on the session's clock.
    let programDate: Date
    /// The first segment after a quiet spell: the audio (and its clock) starts afresh.
    let discontinuity: Bool
    let tag: ByteBuffer
    private(set) var frames: ByteBuffer
    private(set) var frameCount = 0
    private(set) var parts: [Part] = []
    /// Set when the segment is complete.
    private(set) var etag: String?
    /// The same frames as a transport stream, made when the segment is complete.
    private(set) var transportStream: (bytes: ByteBuffer, etag: String)?

    init(sequence: Int, firstFrame: Int, programDate: Date, discontinuity: Bool, tag: [UInt8], capacity: Int) {
        self.sequence = sequence
        self.firstFrame = firstFrame
        self.programDate = programDate
        self.discontinuity = discontinuity
        self.tag = ByteBuffer(bytes: tag)
        frames = ByteBuffer()
        frames.reserveCapacity(capacity)
    }

    var isComplete: Bool { etag != nil }
    var endFrame: Int { firstFrame + frameCount }
    /// The part being filled, if any.
    var openPart: Part? { parts.last.flatMap { $0.etag == nil ? $0 : nil } }
    var completeParts: Int { parts.count - (openPart == nil ? 0 : 1) }

    mutating func startPart(tag: [UInt8]) {
        parts.append(Part(index: parts.count, tag: ByteBuffer(bytes: tag), bytes: frames.writerIndex..<frames.writerIndex, frameCount: 0))
    }

    /// Appends whole frames to the open part.
    mutating func append(_ bytes: ByteBuffer, frames count: Int) {
        var bytes = bytes
        frames.writeBuffer(&bytes)
        frameCount += count
        parts[parts.count - 1].bytes = parts[parts.count - 1].bytes.lowerBound..<frames.writerIndex
        parts[parts.count - 1].frameCount += count
    }

    mutating func completePart() {
        let part = parts[parts.count - 1]
        parts[parts.count - 1].etag = Self.etag(part.tag, frames.getSlice(at: part.bytes.lowerBound, length: part.bytes.count)!)
    }

    mutating func complete() {
        if openPart != nil { completePart() }
        etag = Self.etag(tag, frames)
    }

    mutating func attach(transportStream bytes: ByteBuffer) {
        transportStream = (bytes, Self.etag(bytes))
    }

    /// The segment's bytes as served: the tag, then the frames.
    var body: [ByteBuffer] { [tag, frames] }

    func body(ofPart index: Int) -> [ByteBuffer] {
        let part = parts[index]
        return [part.tag, frames.getSlice(at: part.bytes.lowerBound, length: part.bytes.count)!]
    }

    private static func etag(_ buffers: ByteBuffer...) -> String { EntityTag.of(buffers) }
}
