import ArgumentParser
import Dispatch
import Foundation
import Logging
import Presets
import Server

/// `synthcast serve`: the streaming server on its own, without the TUI.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sessions as endless MP3 streams over HTTP.",
        discussion: """
        URLs:
          GET /create_stream[?preset=NAME&seed=N&key=value...]  a new session's token
          GET /stream?id=TOKEN                                  its endless MP3 stream
          GET /set_param?id=TOKEN&key=value[&key=value...]      change it at once
        Send `Accept: application/json` to /create_stream to get the token, the stream URL and a \
        listen-only URL (which plays the stream but cannot change it).

        JSON API (docs/openapi.json): POST /sessions, GET /sessions, GET|DELETE /sessions/ID, \
        GET|PATCH /sessions/ID/params, POST /sessions/ID/preset, GET|POST /sessions/ID/outputs \
        (push to Icecast), DELETE /sessions/ID/outputs/OID, GET /sessions/ID/download?seconds=N \
        (a render as a file), GET /params, GET /presets, GET|PUT|DELETE /presets/NAME, \
        GET /health, GET /metrics.

        OSC (--osc-port PORT, UDP): /synthcast/TOKEN/KEY VALUE sets a parameter as set_param does \
        (int, float, double, string, T/F), /synthcast/TOKEN/preset NAME loads a preset; the messages \
        of a bundle apply together at one sample. Nothing is ever sent back.

        In a browser, http://HOST:PORT/ is a gallery of presets and /play/TOKEN a session's page \
        with a player and its knobs.

        Example:
          synthcast serve --port 8000 &
          TOKEN=$(curl -s 'http://127.0.0.1:8000/create_stream?preset=ambient-pad')
          mpv "http://127.0.0.1:8000/stream?id=$TOKEN"
          curl "http://127.0.0.1:8000/set_param?id=$TOKEN&cutoff=600&reverb_mix=0.5"
        """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port).")
    var port = 8000

    @Option(name: .long, help: "UDP port for OSC control on the --host address (0: any free port). Default: off. /synthcast/TOKEN/KEY VALUE sets a parameter, /synthcast/TOKEN/preset NAME loads a preset; a bundle applies at one sample.")
    var oscPort: Int?

    @Option(name: .long, help: "Seconds of audio a new listener gets at once; also the most the server runs ahead of a listener, so a change is heard within it.")
    var lead = 0.5

    @OptionGroup var format: StreamFormatOptions

    @Option(name: .long, help: "Most sessions at once; more get 503.")
    var maxSessions = 64

    @Option(name: .long, help: "Seconds a session may go without listeners or control calls before it ends.")
    var idleTimeout = 300.0

    @Option(name: .long, help: "Seconds of audio a listener may fall behind before it is disconnected.")
    var maxLag = 4.0

    @Option(name: .long, help: "Refuse new sessions (503) when the measured render load would pass this share of the render threads.")
    var maxRenderLoad = 0.8

    @Option(name: .long, help: "HLS segment length in seconds (0.5-10), rounded to whole MP3 frames; each segment has four low-latency parts.")
    var hlsSegment = 2.0

    @Option(name: .long, help: "Most open connections, listeners included; past it a request gets 503.")
    var maxConnections = 4096

    @Option(name: .long, help: "Seconds a connection has to send a whole request (against slow clients); past it, 408 and close.")
    var requestTimeout = 10.0

    @Option(name: .long, help: "Control requests (create, set_param, PATCH, DELETE...) per second per client address, bursts of twice that; past it, 429. 0: no limit.")
    var rateLimit = 50.0

    @Option(name: .long, help: "Render threads (synth and encoder). Default: one per core.")
    var renderThreads: Int?

    @Option(name: .long, help: "Folder of the shipped preset files (read-only through the API). Default: $SYNTHCAST_PRESETS, else ./presets.")
    var presets: String?

    @Option(name: .long, help: "Folder where presets saved through the API (PUT /presets/NAME, the TUI's s) go. Default: $SYNTHCAST_USER_PRESETS, else $XDG_DATA_HOME/synthcast/presets, else ~/.local/share/synthcast/presets.")
    var userPresets: String?

    @Option(name: .long, help: "Token that lets remote clients list all sessions (Authorization: Bearer TOKEN). Requests from this machine need none.")
    var adminToken: String?

    @Option(name: .long, help: "Create a session of this preset at start-up and print its URLs.")
    var session: String?

    @OptionGroup var state: StateOptions

    @Option(name: .long, help: "The longest download (GET /sessions/ID/download?seconds=N) in seconds.")
    var maxDownloadSeconds = 3600.0

    @Option(name: .long, help: "Downloads rendering at once; more get 503. Default: half the cores, at least one.")
    var maxRenders: Int?

    @Option(name: .long, help: ArgumentHelp("Folder where finished downloads are kept and served again as files, or 'none'. Default: $XDG_CACHE_HOME/synthcast/renders, else ~/.cache/synthcast/renders.", valueName: "path|none"))
    var renderCache: String?

    @Option(name: .long, help: "Most megabytes the render cache holds; the least recently downloaded files go first.")
    var renderCacheSize = 1024

    @Option(name: .long, help: "This node's name (1-8 letters and digits) when several run behind nginx: its tokens start with NAME. so deploy/nginx/cluster.conf routes each to its node.")
    var nodeId: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.oscPort = oscPort
        configuration.leadSeconds = lead
        configuration.bitrate = format.bitrate
        configuration.sampleRate = format.sampleRate
        configuration.channels = format.channels
        configuration.maxSessions = maxSessions
        configuration.idleTimeoutSeconds = idleTimeout
        configuration.maxListenerLagSeconds = maxLag
        if let renderThreads { configuration.renderThreads = renderThreads }
        configuration.adminToken = adminToken
        configuration.maxRenderLoad = maxRenderLoad
        configuration.hlsSegmentSeconds = hlsSegment
        configuration.maxConnections = maxConnections
        configuration.requestTimeoutSeconds = requestTimeout
        configuration.controlRequestsPerSecond = rateLimit
        configuration.statePath = state.path(default: "sessions.sqlite")
        configuration.nodeID = nodeId
        configuration.maxDownloadSeconds = maxDownloadSeconds
        if let maxRenders { configuration.maxConcurrentRenders = maxRenders }
        configuration.renderCachePath = renderCache == "none" ? nil : renderCache ?? ServerConfiguration.defaultRenderCachePath()
        configuration.renderCacheBytes = Int64(renderCacheSize) << 20
        let library = PresetLibrary.locate(folder: presets, userFolder: userPresets)

        var logger = Logger(label: "synthcast")
        logger.logLevel = logLevel
        let server: StreamingServer
        do {
            server = try StreamingServer(configuration: configuration, presets: library, logger: logger)
            try server.start()
        } catch let error as ServerConfigurationError {
            throw CLIError(error.description)
        }
        // Before the line below, which tests wait for.
        if let oscPort = server.oscPort {
            say("OSC control on udp://\(configuration.host):\(oscPort) (/synthcast/TOKEN/KEY VALUE, /synthcast/TOKEN/preset NAME)")
        }
        say("Synthcast is serving at \(server.baseURL) (open it in a browser; Ctrl-C stops it)")
        if let session {
            let urls = try server.createSession([("preset", session)])
            say("""
                Session '\(session)':
                  play it:        mpv '\(urls.streamURL)'   (or VLC, ffplay, a browser)
                  listen-only:    \(urls.listenURL)
                  HLS (browsers, phones, caches): \(urls.hlsURL)
                  change it:      curl '\(urls.streamURL.replacingOccurrences(of: "/stream?", with: "/set_param?"))&cutoff=800'
                """)
        }
        // SIGINT and SIGTERM stop accepting, end the streams and exit 0.
        onStopSignals {
            server.shutdown()
            Foundation.exit(0)
        }
        try server.waitUntilClosed()
    }

    /// Writes a line at once (print is block-buffered when stdout is a pipe).
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
