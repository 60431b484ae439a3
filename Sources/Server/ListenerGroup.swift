import Logging
import NIOCore

/// A session's listeners on one event loop. A new block reaches the group with one task on
/// its loop, which writes to every member there: one hop per loop per block, not one per
/// listener. Members are only read and changed on `eventLoop`.
final class ListenerGroup: @unchecked Sendable {
    let eventLoop: EventLoop
    private var members: [ObjectIdentifier: Listener] = [:]
    private let logger: Logger

    init(eventLoop: EventLoop, logger: Logger) {
        self.eventLoop = eventLoop
        self.logger = logger
    }

    func add(_ listener: Listener) {
        eventLoop.assertInEventLoop()
        members[ObjectIdentifier(listener)] = listener
    }

    func remove(_ listener: Listener) {
        eventLoop.assertInEventLoop()
        members[ObjectIdentifier(listener)] = nil
    }

    /// Writes `chunk` to every member, and counts the bytes once for all of them.
    func deliver(_ chunk: FrameChunk, statistics: ServerStatistics) {
        eventLoop.assertInEventLoop()
        var written = 0
        for listener in members.values { written += listener.send(chunk, logger: logger) }
        statistics.bytesOut.add(written)
    }

    func finishAll() {
        eventLoop.assertInEventLoop()
        for listener in members.values { listener.finish() }
    }
}
