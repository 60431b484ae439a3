import Atomics
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Presets

/// `synthcast serve`: binds the HTTP listener (and the OSC port, if asked), runs the render
/// threads and the idle-session sweep, and stops them all on `shutdown`.
public final class StreamingServer: Sendable {
    public let configuration: ServerConfiguration
    let service: StreamService
    private let loops: MultiThreadedEventLoopGroup
    private let blockingPool: NIOThreadPool
    private let logger: Logger
    private let channel: NIOLockedValueBox<Channel?> = NIOLockedValueBox(nil)
    private let oscChannel: NIOLockedValueBox<Channel?> = NIOLockedValueBox(nil)
    private let sweep: NIOLockedValueBox<RepeatedTask?> = NIOLockedValueBox(nil)
    private let rateLimiter: ControlRateLimiter
    private let openConnections = ManagedAtomic(0)
    private let web = WebAssets.locate()

    public init(configuration: ServerConfiguration, presets: PresetLibrary, logger: Logger = Logger(label: "synthcast.server")) throws {
        self.configuration = try configuration.validated()
        self.logger = logger
        var store: SessionStore?
        if let path = configuration.statePath {
            do { store = try SessionStore(path: path) } catch { throw ServerConfigurationError(error.description) }
        }
        var renderCache: RenderCache?
        if let path = configuration.renderCachePath {
            do { renderCache = try RenderCache(folder: URL(fileURLWithPath: path, isDirectory: true), capacity: configuration.renderCacheBytes) } catch {
                throw ServerConfigurationError(error.message)
            }
        }
        service = StreamService(configuration: self.configuration, presets: presets, logger: logger, store: store, renderCache: renderCache)
        rateLimiter = ControlRateLimiter(rate: self.configuration.controlRequestsPerSecond)
        loops = MultiThreadedEventLoopGroup(numberOfThreads: configuration.networkThreads)
        blockingPool = NIOThreadPool(numberOfThreads: 1)
        blockingPool.start()
        // Before the port opens: a client that gets an answer finds its session back.
        if let store {
            do {
                let (restored, expired) = try service.restoreSessions(from: store, outputsOn: loops)
                logger.info("sessions restored", metadata: ["file": "\(store.path)", "restored": "\(restored)", "expired": "\(expired)"])
            } catch {
                service.shutdown()
                try? loops.syncShutdownGracefully()
                try? blockingPool.syncShutdownGracefully()
                throw ServerConfigurationError(error.description)
            }
        }
    }

    /// The port bound (useful when the configuration asked for port 0).
    public var port: Int { channel.withLockedValue { $0?.localAddress?.port } ?? configuration.port }

    public var baseURL: String { "http://\(configuration.host):\(port)" }

    /// The OSC control's UDP port, once bound; nil without `oscPort` in the configuration.
    public var oscPort: Int? { oscChannel.withLockedValue { $0?.localAddress?.port } }

    /// Binds (to `port`, if given, instead of the configuration's) and starts serving; returns
    /// once the port is open. After a failure to bind it may be called again with another port.
    public func start(port: Int? = nil) throws {
        let port = port ?? configuration.port
        let service = service, logger = logger, rateLimiter = rateLimiter
        let handlers = RouteHandlers(service: service, blockingPool: blockingPool, web: web)
        let openConnections = openConnections, configuration = configuration
        let authority = NIOLockedValueBox("")
        // The stages every request passes; a connection over the limit gets its own chain,
        // which refuses its request.
        let stages = { @Sendable (refusal: ServiceError?) -> MiddlewareChain in
            MiddlewareChain(stages: [
                CORS(),
                Refusals(logger: logger),
                RequestLimits(maxURLBytes: configuration.maxURLBytes, connectionRefusal: refusal),
                ControlRateLimit(limiter: rateLimiter, logger: logger),
                OperatorAccess(adminToken: configuration.adminToken, loopbackIsOperator: configuration.loopbackIsAdmin),
            ])
        }
        let middleware = stages(nil)
        // A listener's backlog in NIO may reach `maxListenerLagSeconds` of audio, and the
        // kernel's send buffer is held near one second (Linux doubles SO_SNDBUF), so a player
        // that stops reading is found and dropped within a bounded time.
        let lagBytes = Int(configuration.maxListenerLagSeconds * Double(configuration.bytesPerSecond))
        let sendBuffer = max(8192, configuration.bytesPerSecond / 2)
        let openFiles = OpenFileLimit.raiseToHard()
        // Listeners and requests are a descriptor each; the rest (state file, render threads,
        // Icecast outputs) need a few dozen.
        if configuration.maxConnections > openFiles - 64 {
            logger.warning("--max-connections is above what the open-files limit allows; past it new connections wait",
                           metadata: ["max_connections": "\(configuration.maxConnections)", "open_files_limit": "\(openFiles)"])
        }
        let acceptFailures = AcceptFailures(statistics: service.statistics, logger: logger)
        let bootstrap = ServerBootstrap(group: loops)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(acceptFailures.handler()) }
            }
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                // Over the connection limit, the connection is still read, so its client is
                // told why (503) before it is closed.
                let open = openConnections.wrappingIncrementThenLoad(ordering: .relaxed)
                channel.closeFuture.whenComplete { _ in openConnections.wrappingDecrement(ordering: .relaxed) }
                let refusal: ServiceError? = open > configuration.maxConnections
                    ? .unavailable("the server has too many connections open (\(configuration.maxConnections)); try again shortly")
                    : nil
                let middleware = refusal.map(stages) ?? middleware
                return channel.eventLoop.makeCompletedFuture {
                    var encoder = HTTPResponseEncoder.Configuration()
                    encoder.automaticallySetFramingHeaders = false
                    var limits = NIOHTTPDecoderLimitConfiguration()
                    limits.maxHeaderListSize = configuration.maxHeaderBytes
                    limits.maxHeaderFieldSize = configuration.maxHeaderBytes / 2
                    limits.maxHeaderFieldCount = configuration.maxHeaderFields
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(RequestDeadline(timeout: .nanoseconds(Int64(configuration.requestTimeoutSeconds * 1e9)),
                                                            statistics: service.statistics, logger: logger))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: false, withEncoderConfiguration: encoder,
                                                             withDecoderLimitConfiguration: limits)
                    try pipeline.addHandler(HeaderLimitResponder(configuration: configuration, statistics: service.statistics, logger: logger))
                    try pipeline.addHandler(HTTPServerProtocolErrorHandler())
                    try pipeline.addHandler(NIOHTTPServerRequestAggregator(maxContentLength: HTTPRequest.maximumBody))
                    try pipeline.addHandler(HTTPConnection(
                        handlers: handlers, middleware: middleware, authority: authority.withLockedValue { $0 },
                        closesAfterReply: refusal != nil, logger: logger))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBuffer))
            .childChannelOption(.writeBufferWaterMark, value: .init(low: lagBytes / 2, high: lagBytes))
            .childChannelOption(.maxMessagesPerRead, value: 4)
        let bound: Channel
        do { bound = try bootstrap.bind(host: configuration.host, port: port).wait() } catch {
            throw ServerConfigurationError("cannot listen on \(configuration.host):\(port): \(error); is another server on that port? Choose one with --port")
        }
        channel.withLockedValue { $0 = bound }
        authority.withLockedValue { $0 = "\(configuration.host):\(self.port)" }
        if let oscPort = configuration.oscPort, oscChannel.withLockedValue({ $0 }) == nil {
            do {
                let osc = try OSCListener.bind(host: configuration.host, port: oscPort, group: loops, service: service)
                oscChannel.withLockedValue { $0 = osc }
            } catch {
                channel.withLockedValue { $0 = nil }
                try? bound.close().wait()
                throw ServerConfigurationError("cannot take OSC on udp \(configuration.host):\(oscPort): \(error); choose another --osc-port")
            }
        }

        let interval = TimeAmount.milliseconds(Int64(min(1000, configuration.idleTimeoutSeconds * 250)))
        let task = loops.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            service.expireIdleSessions()
            service.endSleptSessions()
            service.releaseQuietEngines()
            service.stateWriter?.refreshActivity(of: service.registry.sessions)
            rateLimiter.prune()
        }
        sweep.withLockedValue { $0 = task }
        logger.info("serving", metadata: [
            "url": "\(baseURL)", "bitrate_kbps": "\(configuration.bitrate)", "sample_rate": "\(configuration.sampleRate)",
            "lead_s": "\(configuration.leadSeconds)", "max_sessions": "\(configuration.maxSessions)",
            "render_threads": "\(configuration.renderThreads)", "osc_port": "\(oscPort.map(String.init) ?? "off")",
        ])
    }

    /// Waits until the listening socket closes.
    public func waitUntilClosed() throws {
        try channel.withLockedValue { $0 }?.closeFuture.wait()
    }

    /// Stops accepting, ends every stream, stops the render threads.
    public func shutdown() {
        sweep.withLockedValue { $0?.cancel() }
        try? channel.withLockedValue { $0 }?.close().wait()
        try? oscChannel.withLockedValue { $0 }?.close().wait()
        service.shutdown()
        try? loops.syncShutdownGracefully()
        try? blockingPool.syncShutdownGracefully()
    }

    /// Creates a session as `/create_stream` would, from the same `key=value` pairs
    /// (`preset`, `seed`, parameters); returns its stream, listen-only and HLS URLs.
    public func createSession(_ pairs: [(String, String)]) throws -> (streamURL: String, listenURL: String, hlsURL: String) {
        let session = try service.createSession(QueryParameters(items: pairs.map { (name: $0.0, value: $0.1) }))
        return ("\(baseURL)/stream?id=\(session.token)", "\(baseURL)/stream?id=\(session.listenToken)",
                "\(baseURL)/hls/\(session.listenToken)/live.m3u8")
    }

    // Figures for tests and benchmarks.
    public var sessionCount: Int { service.registry.count }
    public var deadlineMisses: Int { service.statistics.deadlineMisses.current }
    public var droppedListeners: Int { service.statistics.droppedListeners.current }
    public var connectionCount: Int { openConnections.load(ordering: .relaxed) }
}
