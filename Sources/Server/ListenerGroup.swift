import Logging
import NIOCore

/// A session's listeners on one event loop. A new block reaches the group with one task on
/// its loop, which writes to every member there: one hop per loop per block, not one per
/// listener. Members are only read and changed on `eventLoop`.
final class ListenerGroup: @unchecked Sendable {
    let eventLoop: EventLoop
    private var members: [ObjectIdentifier: Listener] = [:]
    /// `members` in an array, made again after a change: a delivery walks it for every block,
    /// and walking a dictionary's values costs a retain and a release per listener.
    private var walk: ContiguousArray<Listener> = []
    private var walkIsCurrent = true
    private let logger: Logger

    init(eventLoop: EventLoop, logger: Logger) {
        self.eventLoop = eventLoop
        self.logger = logger
    }

    func add(_ listener: Listener) {
        eventLoop.assertInEventLoop()
        members[ObjectIdentifier(listener)] = listener
        walkIsCurrent = false
    }

    func remove(_ listener: Listener) {
        eventLoop.assertInEventLoop()
        members[ObjectIdentifier(listener)] = nil
        walkIsCurrent = false
    }

    /// Writes `chunk` to every member, and counts the bytes once for all of them.
    func deliver(_ chunk: FrameChunk, statistics: ServerStatistics) {
        eventLoop.assertInEventLoop()
        if !walkIsCurrent {
            walk = ContiguousArray(members.values)
            walkIsCurrent = true
        }
        var written = 0
        walk.withUnsafeBufferPointer { listeners in
            for listener in listeners { written += listener.send(chunk, logger: logger) }
        }
        statistics.bytesOut.add(written)
    }

    func finishAll() {
        eventLoop.assertInEventLoop()
        for listener in members.values { listener.finish() }
    }
}
