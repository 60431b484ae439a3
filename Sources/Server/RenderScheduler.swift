import Foundation
import HeapModule
import NIOCore

/// The render threads: a pool sized to the cores that renders and encodes sessions' blocks,
/// earliest deadline first, so every session keeps real time while there is CPU to spare.
/// Nothing here runs on a network event loop. A session is either waiting in the queue or
/// running on exactly one thread, never both, so its synth and encoder need no lock.
///
/// One idle thread at a time (the watcher) sleeps until the earliest deadline; the others
/// sleep until woken. If every idle thread slept until that deadline, each would wake for it
/// and all but one go back to sleep: with many threads, a herd at every deadline.
final class RenderScheduler: @unchecked Sendable {
    private struct Entry: Comparable {
        let deadline: NIODeadline
        let order: UInt64
        let session: Session
        static func < (a: Entry, b: Entry) -> Bool { (a.deadline, a.order) < (b.deadline, b.order) }
        static func == (a: Entry, b: Entry) -> Bool { a.deadline == b.deadline && a.order == b.order }
    }

    private let condition = NSCondition()
    private var queue = Heap<Entry>()
    /// Sessions waiting in the queue or being rendered.
    private var taken = Set<ObjectIdentifier>()
    private var order: UInt64 = 0
    private var running = true
    /// The idle thread sleeping until the head of the queue falls due, and that deadline.
    private var watcher: (thread: Int, deadline: NIODeadline)?
    private let statistics: ServerStatistics
    /// How late a job may start before its listeners' audio runs out: at its deadline a
    /// session is still `lead - block` ahead of the clock, less up to a frame LAME holds back.
    private let slack: TimeAmount

    init(threadCount: Int, slack: TimeAmount, statistics: ServerStatistics) {
        self.slack = slack
        self.statistics = statistics
        for index in 0..<threadCount {
            // Each thread holds the scheduler until its loop sees `shutdown`: a server torn
            // down while a thread is still waking must not leave it reading freed memory.
            let thread = Thread { self.work(thread: index) }
            thread.name = "synthcast-render-\(index)"
            thread.qualityOfService = .userInteractive
            thread.start()
        }
    }

    /// Queues a session to render now, unless it is already queued or rendering (then the
    /// thread that has it looks again when it is done).
    func wake(_ session: Session) {
        condition.lock()
        defer { condition.unlock() }
        guard running, taken.insert(ObjectIdentifier(session)).inserted else { return }
        push(session, at: .now())
    }

    /// Runs `body` while no thread can render `session` (it is neither queued nor rendering,
    /// and stays so until `body` returns); nil, without running it, when a thread has it.
    func whileIdle<T>(_ session: Session, _ body: () -> T) -> T? {
        condition.lock()
        defer { condition.unlock() }
        guard !taken.contains(ObjectIdentifier(session)) else { return nil }
        return body()
    }

    func shutdown() {
        condition.lock()
        running = false
        queue = Heap()
        condition.broadcast()
        condition.unlock()
    }

    private func push(_ session: Session, at deadline: NIODeadline) {
        order &+= 1
        queue.insert(Entry(deadline: deadline, order: order, session: session))
        // An idle thread must look at a job due before the one being watched.
        if watcher.map({ deadline < $0.deadline }) ?? true { condition.signal() }
    }

    private func work(thread: Int) {
        condition.lock()
        while running {
            guard let first = queue.min else {
                condition.wait()
                continue
            }
            let now = NIODeadline.now()
            guard first.deadline <= now else {
                if let watcher, watcher.deadline <= first.deadline {
                    condition.wait()
                    continue
                }
                watcher = (thread, first.deadline)
                let seconds = Double((first.deadline - now).nanoseconds) * 1e-9
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
                if watcher?.thread == thread { watcher = nil }
                continue
            }
            let session = queue.removeMin().session
            // Someone else watches the next deadline while this thread renders.
            if watcher == nil, !queue.isEmpty { condition.signal() }
            condition.unlock()
            if now - first.deadline > slack { statistics.deadlineMisses.add(1) }
            session.renderDueBlocks(now: now)
            condition.lock()
            // The next deadline is read under the lock, so a listener arriving between the
            // render and this check is never missed (see `wake`).
            if running, let next = session.nextDeadline() {
                push(session, at: next)
            } else {
                taken.remove(ObjectIdentifier(session))
            }
        }
        condition.unlock()
    }
}
