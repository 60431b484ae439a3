import Encoder
import Foundation
import Synth

/// Everything `synthcast serve` can be told, with the defaults a user gets without flags.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 asks the system for a free port (tests use it); `Server.port` tells which it got.
    public var port = 8000
    /// UDP port of the OSC control (`--osc-port`) on `host`; nil: none. 0 asks for a free one,
    /// `StreamingServer.oscPort` tells which.
    public var oscPort: Int?
    /// Seconds of audio a new listener gets at once, and the most the server runs ahead of any
    /// listener's clock. A parameter change is heard within this time.
    public var leadSeconds = 0.5
    /// MP3 frames rendered and sent per block: the batch each listener gets per write
    /// (4 frames are ~0.1 s at 44.1 kHz).
    public var framesPerBlock = 4
    /// A session with no listeners for this long drops its synth and encoder (most of its
    /// memory); a listener who comes later gets a new one, with the parameters in force.
    public var engineReleaseSeconds = 30.0
    /// HLS segment length in seconds, rounded to whole MP3 frames (`--hls-segment`).
    public var hlsSegmentSeconds = 2.0
    public var bitrate = 128
    public var sampleRate = 44100
    public var channels = 2
    public var maxSessions = 64
    /// A session with no listeners and no control calls for this long is ended.
    public var idleTimeoutSeconds = 300.0
    /// A listener whose unsent backlog grows past this many seconds of audio is disconnected.
    public var maxListenerLagSeconds = 4.0
    /// Admission control: new sessions, and listeners that would wake a quiet one, are refused
    /// (503) when the measured render load would pass this share of the render threads
    /// (above 1 oversubscribes them: benchmarks use that to find the raw capacity). The rest
    /// of each core goes to the network threads and the system: at 0.85 a slow phase of the
    /// shared bench machine admitted 3 % past the real capacity (BENCHMARKS.md).
    public var maxRenderLoad = 0.8
    /// What a session is assumed to cost before its own load is measured; nil: measure a
    /// default session at start-up.
    public var assumedSessionLoad: Double?
    /// Render threads; the synth and encoder never run on the network event loops.
    public var renderThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Network event-loop threads.
    public var networkThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Bearer token that grants operator powers (listing all sessions) to remote clients.
    public var adminToken: String?
    /// Requests from loopback addresses count as the operator's (tests turn this off).
    public var loopbackIsAdmin = true
    /// Open connections (listeners included); past it, a connection's request gets 503.
    public var maxConnections = 4096
    /// A connection must deliver a whole request within this many seconds of opening or of
    /// its previous reply (against slow-loris); past it, 408 and the connection is closed.
    public var requestTimeoutSeconds = 10.0
    /// Control requests (creating, changing, deleting sessions) per second per client address,
    /// with bursts of twice that; 0 turns the limit off. Past it, 429 with Retry-After.
    public var controlRequestsPerSecond = 50.0
    /// The longest request target (path and query) taken; longer gets 414.
    public var maxURLBytes = 8 * 1024
    /// The request line and headers together; larger gets 431. (A single field may be up
    /// to half of it, and at most `maxHeaderFields` fields.)
    public var maxHeaderBytes = 32 * 1024
    public var maxHeaderFields = 100
    /// Tags this node's tokens (`NODE.` in front) so nginx can route each to its node; nil: no tag.
    public var nodeID: String?
    /// The state file sessions are kept in across restarts (SQLite); nil keeps them in memory only.
    public var statePath: String?
    /// The longest download (`/sessions/{id}/download`), in seconds.
    public var maxDownloadSeconds = 3600.0
    /// Downloads rendering at once; more get 503. Each takes a core while it runs, at a lower
    /// priority than the live streams.
    public var maxConcurrentRenders = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    /// Folder of finished downloads, served again as files; nil keeps none.
    public var renderCachePath: String?
    /// The most the render cache holds; the least recently used files go first.
    public var renderCacheBytes: Int64 = 1 << 30

    /// `$XDG_CACHE_HOME/synthcast/renders`, else `~/.cache/synthcast/renders`.
    public static func defaultRenderCachePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return base + "/synthcast/renders"
    }

    /// `$XDG_STATE_HOME/synthcast/NAME`, else `~/.local/state/synthcast/NAME`.
    public static func defaultStatePath(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return base + "/synthcast/" + name
    }

    public init() {}

    public var encoderConfiguration: EncoderConfiguration {
        EncoderConfiguration(sampleRate: sampleRate, channels: channels, bitrate: .constant(bitrate))
    }

    public var audioFormat: AudioFormat {
        get throws(ServerConfigurationError) {
            do { return try AudioFormat(sampleRate: sampleRate, channels: channels) } catch {
                throw ServerConfigurationError("\(error)")
            }
        }
    }

    /// Of the lead, the time left for a control call to reach the server and for audio to
    /// reach the player: the server paces against `lead - allowance`, so a change is heard
    /// within the lead on the player's clock, not just on the server's (measured on loopback:
    /// 2-5 ms; BENCHMARKS.md).
    static let deliveryAllowanceSeconds = 0.01

    /// MP3 frames collected before they are written to listeners: the most whole blocks that
    /// fit in half the lead (8 frames, 0.209 s, at the defaults), and at least one. Writes per
    /// listener cost the server more than their bytes do, so it writes as seldom as it can
    /// while every listener keeps half the lead of audio in hand. Changes still land on block
    /// boundaries.
    var framesPerWrite: Int {
        let halfLead = Int(pacingLeadSeconds / 2 * Double(sampleRate)) / encoderConfiguration.samplesPerFrame
        return max(1, halfLead / framesPerBlock) * framesPerBlock
    }

    /// About how long an LL-HLS part lasts.
    static let hlsPartSeconds = 0.25

    /// HLS segments of whole frames, each cut into parts of about `hlsPartSeconds` for
    /// low-latency players; the playlist lists six segments, or more where six would last
    /// less than three target durations (RFC 8216 §6.2.2).
    var hlsLayout: HLSWindow.Layout {
        let samplesPerFrame = encoderConfiguration.samplesPerFrame
        let framesPerSegment = max(1, Int((hlsSegmentSeconds * Double(sampleRate) / Double(samplesPerFrame)).rounded()))
        let segmentSeconds = Double(framesPerSegment * samplesPerFrame) / Double(sampleRate)
        let targetDuration = max(1, Int(segmentSeconds.rounded()))
        let largestFrame = 144 * bitrate * 1000 / sampleRate + 1
        // Parts of about a quarter second: a low-latency player starts three parts (its
        // PART-HOLD-BACK) from the live edge, so a change is heard within about a second.
        let framesPerPart = min(framesPerSegment, max(1, Int((Self.hlsPartSeconds * Double(sampleRate) / Double(samplesPerFrame)).rounded())))
        return HLSWindow.Layout(framesPerSegment: framesPerSegment, framesPerPart: framesPerPart,
                                samplesPerFrame: samplesPerFrame, sampleRate: sampleRate,
                                listedSegments: max(6, Int((3 * Double(targetDuration) / segmentSeconds).rounded(.up))),
                                segmentCapacity: framesPerSegment * largestFrame)
    }

    /// How far the render head may run ahead of the session's clock.
    var pacingLeadSeconds: Double { leadSeconds - Self.deliveryAllowanceSeconds }

    /// Bytes per second of the MP3 stream.
    var bytesPerSecond: Int { bitrate * 1000 / 8 }

    /// Checks every value, naming the flag and what is allowed.
    public func validated() throws(ServerConfigurationError) -> ServerConfiguration {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws(ServerConfigurationError) {
            if !ok { throw ServerConfigurationError(message()) }
        }
        try check((0...65535).contains(port), "--port must be in 0...65535, got \(port)")
        if let oscPort { try check((0...65535).contains(oscPort), "--osc-port must be in 0...65535, got \(oscPort)") }
        try check(leadSeconds.isFinite && (0.1...10).contains(leadSeconds), "--lead must be 0.1...10 seconds, got \(leadSeconds)")
        try check((1...16).contains(framesPerBlock), "frames per block must be 1...16, got \(framesPerBlock)")
        try check(hlsSegmentSeconds.isFinite && (0.5...10).contains(hlsSegmentSeconds),
                  "--hls-segment must be 0.5...10 seconds, got \(hlsSegmentSeconds)")
        try check(engineReleaseSeconds.isFinite && engineReleaseSeconds >= 0, "engine release time must be 0 or more seconds, got \(engineReleaseSeconds)")
        try check(maxSessions >= 1, "--max-sessions must be at least 1, got \(maxSessions)")
        try check(idleTimeoutSeconds.isFinite && idleTimeoutSeconds >= 1, "--idle-timeout must be at least 1 second, got \(idleTimeoutSeconds)")
        try check(maxListenerLagSeconds.isFinite && maxListenerLagSeconds >= 1,
                  "--max-lag must be at least 1 second, got \(maxListenerLagSeconds)")
        try check(renderThreads >= 1, "--render-threads must be at least 1, got \(renderThreads)")
        try check(networkThreads >= 1, "network threads must be at least 1, got \(networkThreads)")
        try check(maxRenderLoad.isFinite && maxRenderLoad > 0 && maxRenderLoad <= 100, "--max-render-load must be in (0, 100], got \(maxRenderLoad)")
        try check(maxConnections >= 1, "--max-connections must be at least 1, got \(maxConnections)")
        try check(requestTimeoutSeconds.isFinite && requestTimeoutSeconds > 0 && requestTimeoutSeconds <= 3600,
                  "--request-timeout must be in (0, 3600] seconds, got \(requestTimeoutSeconds)")
        try check(controlRequestsPerSecond.isFinite && controlRequestsPerSecond >= 0,
                  "--rate-limit must be 0 (off) or a positive number of requests per second, got \(controlRequestsPerSecond)")
        try check(maxURLBytes >= 256 && maxHeaderBytes >= 2 * maxURLBytes && maxHeaderFields >= 8,
                  "request limits: URLs of at least 256 bytes, headers at least twice the URL limit, at least 8 fields")
        try check(maxDownloadSeconds.isFinite && maxDownloadSeconds >= 1 && maxDownloadSeconds <= 86400,
                  "--max-download-seconds must be 1...86400, got \(maxDownloadSeconds)")
        try check(maxConcurrentRenders >= 1, "--max-renders must be at least 1, got \(maxConcurrentRenders)")
        try check(renderCacheBytes >= 0, "--render-cache-size must be 0 or more MB, got \(renderCacheBytes >> 20)")
        if let nodeID {
            try check(SessionToken.isValidNode(nodeID), "--node-id takes 1 to 8 letters and digits, got '\(nodeID.prefix(20))'")
        }
        _ = try audioFormat
        do { _ = try encoderConfiguration.validated() } catch { throw ServerConfigurationError("\(error)") }
        let blockSeconds = Double(framesPerBlock * encoderConfiguration.samplesPerFrame) / Double(sampleRate)
        try check(blockSeconds < pacingLeadSeconds,
                  "--lead (\(leadSeconds) s) must be longer than one block of \(framesPerBlock) frames (\(String(format: "%.3f", blockSeconds)) s) plus \(Self.deliveryAllowanceSeconds) s")
        return self
    }
}

public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
