import API
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
            exported = registry.makeCounter(descriptor: metric(name, unit: "total", help: help))
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
    /// Synths and encoders freed from sessions that went quiet.
    let releasedEngines: Counter
    /// MP3 bytes written to listeners.
    let bytesOut: Counter
    /// HLS replies with audio or a playlist: behind a cache, the origin sends each segment
    /// about once.
    let hlsPlaylists: Counter
    let hlsSegments: Counter
    let hlsParts: Counter
    /// Icecast outputs: reconnect attempts, and outputs that gave up.
    let icecastReconnects: Counter
    let icecastFailures: Counter
    /// Batches written to the state file, and batches that failed (disk full, read-only).
    let stateWrites: Counter
    let stateWriteFailures: Counter
    /// Connections the kernel had but the server could not accept (out of file descriptors).
    let acceptFailures: Counter
    /// Downloads rendered, stopped because their client went away, and served from the cache.
    let downloadRenders: Counter
    let downloadRendersStopped: Counter
    let downloadCacheHits: Counter
    /// OSC messages received (a datagram that is not OSC counts as one), and those refused.
    let oscMessages: Counter
    let oscRejected: Counter
    private let sessions: Gauge
    private let listeners: Gauge
    private let renderLoad: Gauge
    private let engines: Gauge

    init() {
        deadlineMisses = Counter(registry, name: "deadline_misses",
                                 help: "Render jobs that started after their listeners' audio had run out")
        droppedListeners = Counter(registry, name: "dropped_listeners",
                                   help: "Listeners disconnected for falling more than --max-lag behind")
        renderedBlocks = Counter(registry, name: "rendered_blocks", help: "Blocks rendered and encoded")
        releasedEngines = Counter(registry, name: "released_engines",
                                  help: "Synths and encoders freed from sessions without listeners for the release time")
        bytesOut = Counter(registry, name: "stream_bytes", help: "MP3 bytes written to listeners")
        hlsPlaylists = Counter(registry, name: "hls_playlist_responses", help: "HLS playlists sent")
        hlsSegments = Counter(registry, name: "hls_segment_responses", help: "HLS segments sent (whole or a byte range)")
        hlsParts = Counter(registry, name: "hls_part_responses", help: "HLS parts (low-latency) sent")
        icecastReconnects = Counter(registry, name: "icecast_reconnects",
                                    help: "Reconnect attempts of Icecast outputs after a failed or dropped connection")
        icecastFailures = Counter(registry, name: "icecast_failures",
                                  help: "Icecast outputs that gave up (refused, or out of retries)")
        stateWrites = Counter(registry, name: "state_writes",
                              help: "Batches of session changes written to the state file (one transaction each)")
        stateWriteFailures = Counter(registry, name: "state_write_failures",
                                     help: "Batches that could not be written to the state file (they are tried again)")
        acceptFailures = Counter(registry, name: "accept_failures",
                                 help: "Failed accepts of new connections, mostly for want of file descriptors")
        downloadRenders = Counter(registry, name: "download_renders", help: "Downloads rendered to the end")
        downloadRendersStopped = Counter(registry, name: "download_renders_stopped",
                                         help: "Download renders stopped because their client went away")
        downloadCacheHits = Counter(registry, name: "download_cache_hits", help: "Downloads served from the render cache")
        oscMessages = Counter(registry, name: "osc_messages", help: "OSC messages received (bundles counted by their messages)")
        oscRejected = Counter(registry, name: "osc_rejected",
                              help: "OSC messages refused: not OSC, unknown address or session, listen-only id, bad value")
        sessions = registry.makeGauge(descriptor: metric("sessions", help: "Live sessions"))
        listeners = registry.makeGauge(descriptor: metric("listeners", help: "Connected listeners"))
        engines = registry.makeGauge(descriptor: metric("session_engines", help: "Sessions holding a synth and an encoder now"))
        renderLoad = registry.makeGauge(descriptor: metric(
            "render_load", help: "Render time per second of audio, summed over sessions (1 = one core busy)"))
    }

    /// Counts a reply by its status code.
    func countResponse(status: Int) {
        registry.makeCounter(descriptor: metric("http_responses", unit: "total", help: "HTTP replies by status code"),
                             labels: [("status", String(status))]).increment()
    }

    /// The Prometheus text exposition, with the gauges read now.
    func exposition(sessions: [Session]) -> String {
        self.sessions.set(Double(sessions.count))
        listeners.set(Double(sessions.reduce(0) { $0 + $1.listenerCount }))
        renderLoad.set(sessions.reduce(0) { $0 + $1.renderLoad })
        engines.set(Double(sessions.filter(\.hasEngine).count))
        let outputs = sessions.flatMap(\.outputs.all).map(\.currentState)
        for state in IcecastOutputInfo.State.allCases {
            registry.makeGauge(descriptor: metric("icecast_outputs", help: "Icecast outputs by state"), labels: [("state", state.rawValue)])
                .set(Double(outputs.filter { $0 == state }.count))
        }
        return registry.emitToString()
    }
}

/// `synthcast_NAME[_UNIT]`, the server's metric names.
private func metric(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(namespace: "synthcast", metricName: name, unitName: unit, helpText: help)
}
