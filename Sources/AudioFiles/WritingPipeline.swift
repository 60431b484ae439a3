import Dispatch
import Foundation

/// Renders and writes at once: the caller fills one block while a thread of the pipeline's
/// own converts and writes (or encodes) the one before, so a render to a file takes about as
/// long as the rendering alone on a machine with a second core. Blocks go round a ring of
/// preallocated buffers; nothing is allocated per block.
public final class WritingPipeline: @unchecked Sendable {
    private let writer: AudioFileWriter
    private let blockSamples: Int
    private let buffers: [UnsafeMutablePointer<Float>]
    /// Buffers the caller may fill: it waits here when the writer is behind.
    private let free: DispatchSemaphore
    private let queue = DispatchQueue(label: "synthcast.render.writer")
    private var next = 0
    private let failure = NSLock()
    private var firstError: Error?

    /// `depth` blocks in flight: enough that a writer held up for a moment (the page cache,
    /// a busy core) does not stall the rendering.
    public init(writer: AudioFileWriter, blockSamples: Int, depth: Int = 8) {
        self.writer = writer
        self.blockSamples = blockSamples
        buffers = (0..<depth).map { _ in .allocate(capacity: blockSamples) }
        free = DispatchSemaphore(value: depth)
    }

    deinit { for buffer in buffers { buffer.deallocate() } }

    /// The next buffer to fill with up to `blockSamples` interleaved samples; waits while
    /// every buffer is still being written. Throws the writer's first error.
    public func nextBuffer() throws -> UnsafeMutablePointer<Float> {
        free.wait()
        if let error = failure.withLock({ firstError }) {
            free.signal()
            throw error
        }
        return buffers[next]
    }

    /// Hands over the buffer `nextBuffer` gave, holding `count` samples, to be written.
    public func submit(count: Int) {
        let index = next
        next = (next + 1) % buffers.count
        queue.async { [self] in
            defer { free.signal() }
            guard failure.withLock({ firstError }) == nil else { return }
            do { try writer.write(UnsafeBufferPointer(start: buffers[index], count: count)) } catch {
                failure.withLock { firstError = firstError ?? error }
            }
        }
    }

    /// Waits for every block, then finishes the file. Throws the writer's first error.
    public func finish() throws {
        queue.sync {}
        if let error = failure.withLock({ firstError }) { throw error }
        try writer.finish()
    }
}
