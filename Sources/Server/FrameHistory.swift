import DequeModule

/// The most recent chunks of a session, so a listener who joins mid-stream starts with a
/// burst of audio (at a frame boundary: stream frames are all clean join points) instead of
/// waiting for the next block. Only a little more than the lead is kept.
struct FrameHistory {
    private var chunks = Deque<FrameChunk>()

    var endFrame: Int? { chunks.last?.endFrame }

    mutating func append(_ chunk: FrameChunk) { chunks.append(chunk) }

    /// Forgets chunks that end before `frame`.
    mutating func discard(before frame: Int) {
        while let first = chunks.first, first.endFrame <= frame { chunks.removeFirst() }
    }

    mutating func removeAll() { chunks.removeAll() }

    /// Every frame from `frame` on, as shared slices.
    func frames(from frame: Int) -> [FrameChunk] {
        chunks.filter { $0.endFrame > frame }.map { chunk in
            let start = max(frame, chunk.firstFrame)
            return FrameChunk(bytes: chunk.frames(from: start), firstFrame: start, frameCount: chunk.endFrame - start)
        }
    }
}
