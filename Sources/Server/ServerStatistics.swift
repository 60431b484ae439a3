import Prometheus
import Synchronization

/// Counters every part of the server adds to, from any thread, and the Prometheus registry
/// `/metrics` shows them from. Each counter is also kept in an atomic, so the server (and its
/// tests) can read it back.
final class ServerStatistics: Sendable {
    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        private let exported: Prometheus.Counter

        init(_ registry: PrometheusCollectorRegistry, name: String, help: String) {
            exported = registry.makeCounter(name: name, help: help)
        }

        func add(_ amount: Int) {
            value.wrappingAdd(amount, ordering: .relaxed)
            exported.increment(by: Int64(amount))
        }

        var current: Int { value.load(ordering: .relaxed) }
    }

    let registry = PrometheusCollectorRegistry()
    /// Render jobs that started after their listeners' audio had already run out.
    let deadlineMisses: Counter
    /// Listeners disconnected for falling too far behind.
    let droppedListeners: Counter
    let renderedBlocks: Counter
    /// MP3 bytes written to listeners.
    let bytesOut: Counter
    private let sessions: Gauge
    private let listeners: Gauge
    private let renderLoad: Gauge

    init() {
        deadlineMisses = Counter(registry, name: "synthcast_deadline_misses_total",
                                 help: "Render jobs that started after their listeners' audio had run out")
        droppedListeners = Counter(registry, name: "synthcast_dropped_listeners_total",
                                   help: "Listeners disconnected for falling more than --max-lag behind")
        renderedBlocks = Counter(registry, name: "synthcast_rendered_blocks_total", help: "Blocks rendered and encoded")
        bytesOut = Counter(registry, name: "synthcast_stream_bytes_total", help: "MP3 bytes written to listeners")
        sessions = registry.makeGauge(name: "synthcast_sessions", help: "Live sessions")
        listeners = registry.makeGauge(name: "synthcast_listeners", help: "Connected listeners")
        renderLoad = registry.makeGauge(name: "synthcast_render_load",
                                        help: "Render time per second of audio, summed over sessions (1 = one core busy)")
    }

    /// Counts a reply by its status code.
    func countResponse(status: Int) {
        registry.makeCounter(name: "synthcast_http_responses_total", labels: [("status", String(status))],
                             help: "HTTP replies by status code").increment()
    }

    /// The Prometheus text exposition, with the gauges read now.
    func exposition(sessions: [Session]) -> String {
        self.sessions.set(Double(sessions.count))
        listeners.set(Double(sessions.reduce(0) { $0 + $1.listenerCount }))
        renderLoad.set(sessions.reduce(0) { $0 + $1.renderLoad })
        return registry.emitToString()
    }
}
