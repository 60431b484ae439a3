import NIOCore

/// The buffers a session's frames are written into, reused round-robin. A delivered buffer is
/// shared with the join history and the listeners' socket queues for a second or two; by the
/// time the ring comes back to it they have let go, and `clear()` reuses its storage rather
/// than allocating. If a listener still holds it (a slow one, not yet dropped), `clear()`
/// gives this slot fresh storage instead, so delivered bytes are never overwritten.
struct DeliveryBuffers {
    private var buffers: [ByteBuffer]
    private var index = 0

    init(count: Int, capacity: Int, allocator: ByteBufferAllocator) {
        buffers = (0..<count).map { _ in allocator.buffer(capacity: capacity) }
    }

    /// The buffer being filled.
    var current: ByteBuffer {
        get { buffers[index] }
        _modify { yield &buffers[index] }
    }

    /// Hands out the filled buffer and moves on to the next, emptied.
    mutating func take() -> ByteBuffer {
        let filled = buffers[index]
        index = (index + 1) % buffers.count
        buffers[index].clear()
        return filled
    }
}
