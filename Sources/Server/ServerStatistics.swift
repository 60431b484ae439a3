import Synchronization

/// Counters every part of the server adds to, from any thread.
final class ServerStatistics: Sendable {
    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func add(_ amount: Int) { value.wrappingAdd(amount, ordering: .relaxed) }
        var current: Int { value.load(ordering: .relaxed) }
    }

    /// Render jobs that started after their listeners' audio had already run out.
    let deadlineMisses = Counter()
    /// Listeners disconnected for falling too far behind.
    let droppedListeners = Counter()
    let renderedBlocks = Counter()
}
