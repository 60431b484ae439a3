import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// Sessions rendered as files for download: a bounded number at once, on threads of their
/// own that run below the live streams' priority, and the cache of finished ones.
final class Downloads: Sendable {
    let cache: RenderCache?
    let limit: Int
    private let pool: NIOThreadPool
    private let active = Atomic<Int>(0)

    init(cache: RenderCache?, limit: Int) {
        self.cache = cache
        self.limit = limit
        pool = NIOThreadPool(numberOfThreads: limit)
        pool.start()
    }

    func shutdown() { try? pool.syncShutdownGracefully() }

    var activeRenders: Int { active.load(ordering: .relaxed) }

    /// Takes one of the `limit` render slots; false when all are taken. `render` gives it back.
    func reserve() -> Bool {
        var current = active.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = active.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Renders `recipe` in a reserved slot, off the event loops, into the cache (or a file
    /// unlinked once open); the file opened, or nil when `stop` cut the render short.
    func render(_ recipe: DownloadRecipe, on eventLoop: EventLoop,
                stop: @escaping @Sendable () -> Bool) -> EventLoopFuture<(body: FileBody, modified: Date)?> {
        pool.runIfActive(eventLoop: eventLoop) { [self] in
            defer { active.subtract(1, ordering: .relaxed) }
            // On Linux a nice value is the calling thread's own: the streams' render threads come first.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            let path = cache?.partialPath(for: recipe.cacheName) ?? NSTemporaryDirectory() + "synthcast-download-\(UUID().uuidString).part"
            let finished: Bool
            do { finished = try recipe.render(to: path, stop: stop) } catch {
                unlink(path)
                throw error
            }
            guard finished else {
                unlink(path)
                return nil
            }
            guard let cache else {
                defer { unlink(path) }
                return RenderCache.open(path, markUsed: false)
            }
            try cache.store(path, as: recipe.cacheName)
            return cache.open(recipe.cacheName)
        }
    }
}
