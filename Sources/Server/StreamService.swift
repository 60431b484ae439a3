import API
import Encoder
import Foundation
import Logging
import NIOCore
import Presets
import Synth

/// What the URLs do, apart from HTTP: create sessions from a preset, a seed and parameter
/// overrides, change their parameters, find them for listening, expire idle ones. The HTTP
/// layer parses requests into calls here and turns the results into replies.
final class StreamService: Sendable {
    let configuration: ServerConfiguration
    let registry: SessionRegistry
    let scheduler: RenderScheduler
    let statistics = ServerStatistics()
    /// What a default session costs on this machine, measured at start-up: the estimate for
    /// sessions whose own load is not measured yet.
    let typicalSessionLoad: Double
    let presets: PresetLibrary
    let logger: Logger
    /// Saves sessions to the state file; nil when sessions live in memory only.
    let stateWriter: SessionStateWriter?
    let downloads: Downloads

    /// What every session's synth and encoder are made with.
    let producerSettings: StreamProducer.Settings

    /// `configuration` must be validated (`StreamingServer` does it).
    init(configuration: ServerConfiguration, presets: PresetLibrary, logger: Logger, store: SessionStore? = nil, renderCache: RenderCache? = nil) {
        self.configuration = configuration
        downloads = Downloads(cache: renderCache, limit: configuration.maxConcurrentRenders)
        producerSettings = StreamProducer.Settings(format: try! configuration.audioFormat, encoder: configuration.encoderConfiguration,
                                                   framesPerBlock: configuration.framesPerBlock,
                                                   framesPerWrite: configuration.framesPerWrite)
        self.presets = presets
        self.logger = logger
        registry = SessionRegistry(maxSessions: configuration.maxSessions)
        typicalSessionLoad = configuration.assumedSessionLoad ?? Self.calibrate(producerSettings)
        let frameSeconds = Double(configuration.encoderConfiguration.samplesPerFrame) / Double(configuration.sampleRate)
        let slackSeconds = configuration.pacingLeadSeconds - Double(configuration.framesPerBlock + 1) * frameSeconds
        scheduler = RenderScheduler(threadCount: configuration.renderThreads,
                                    slack: .nanoseconds(Int64(max(0, slackSeconds) * 1e9)), statistics: statistics)
        let statistics = statistics
        stateWriter = store.map { SessionStateWriter(store: $0, statistics: statistics, logger: logger) }
    }

    /// Stops rendering and ends every stream. The sessions stay in the state file, for the
    /// next start.
    func shutdown() {
        stateWriter?.refreshActivity(of: registry.sessions)
        scheduler.shutdown()
        downloads.shutdown()
        for session in registry.sessions { session.end() }
        stateWriter?.stop()
    }

    // MARK: Control

    /// `create_stream`: `preset`, `seed` and any parameter `key=value`, all checked before
    /// anything is built. Blocking work (preset file, synth and encoder set-up): call it off
    /// the event loops.
    func createSession(_ query: QueryParameters) throws(ServiceError) -> Session {
        var seed: UInt64?
        if let text = try query.value(of: "seed") {
            guard let value = Seed.parse(text) else { throw .badRequest("'seed' takes \(Seed.allowedDescription), got '\(text.prefix(40))'") }
            seed = value
        }
        let timer = try query.value(of: "sleep").map { (text: String) throws(ServiceError) in try SleepTimer(sleep: text) }
        let assignments = try query.assignments(excluding: ["preset", "seed", "sleep"])
        let session = try createSession(presetName: try query.value(of: "preset"), seed: seed) { (parameters: inout ParameterSet) throws(ParameterError) in
            for (key, text) in assignments { try parameters.set(key, text: text) }
        }
        if let timer { session.setTimer(timer) }
        return session
    }

    /// A new session from a preset (default: the built-in one), a seed (default: the preset's,
    /// else random) and changes on top, applied all or nothing.
    func createSession(presetName: String?, seed: UInt64?,
                       applying changes: (inout ParameterSet) throws(ParameterError) -> Void) throws(ServiceError) -> Session {
        try registry.checkCapacity()
        try admit("a new session")
        var preset = Preset.standard
        if let presetName { preset = try loadPreset(named: presetName) }
        return try createSession(preset: preset, seed: seed, applying: changes)
    }

    /// A new session from a preset already loaded (`synthcast push` takes a file too).
    func createSession(preset: Preset, seed: UInt64?,
                       applying changes: (inout ParameterSet) throws(ParameterError) -> Void) throws(ServiceError) -> Session {
        var parameters = preset.parameters
        do { try changes(&parameters) } catch { throw .badRequest(error.description) }
        let seed = seed ?? preset.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))

        let session = Session(producerSettings, parameters: parameters, seed: seed, presetName: preset.name,
                              configuration: configuration, statistics: statistics, logger: logger,
                              token: .random(node: configuration.nodeID), listenToken: .random(node: configuration.nodeID))
        try registry.insert(session)
        saveState(of: session)
        logger.info("session created", metadata: ["session": "\(session.token.short)", "preset": "\(preset.name)", "seed": "\(seed)"])
        return session
    }

    /// A preset by name from the presets folder; names only, never paths. A missing one is a
    /// bad request by default (it was a parameter), or `missing` (404 for /presets/NAME).
    func loadPreset(named name: String, missing: ServiceError.Kind = .badRequest) throws(ServiceError) -> Preset {
        guard PresetLibrary.isValidName(name) else {
            throw .badRequest("'preset' takes a preset name (letters, digits, '-', '_'), got '\(name.prefix(80))'")
        }
        do { return try presets.load(name) } catch { throw ServiceError(kind: missing, message: error.message) }
    }

    /// `set_param`: every `key=value` applied together at one sample, or none of them; with
    /// `glide=SECONDS`, they move there over that time.
    /// Returns the values now in force for the keys given.
    func setParameters(_ query: QueryParameters) throws(ServiceError) -> [(key: String, value: ParameterValue)] {
        let session = try controlledSession(try query.value(of: "id"))
        let glide = try GlideTime.parse(try query.value(of: "glide"))
        let assignments = try query.assignments(excluding: ["id", "glide"])
        guard !assignments.isEmpty else {
            throw .badRequest("no parameter given: add key=value pairs, e.g. /set_param?id=TOKEN&cutoff=800 (`synthcast params` lists the keys)")
        }
        return try change(session, keys: assignments.map(\.0)) { () throws(ParameterError) in
            try session.parameters.submit(texts: assignments.map { (key: $0.0, text: $0.1) }, glide: glide)
        }
    }

    /// The session a control token names; a listen-only id may not change it (403).
    func controlledSession(_ id: String?) throws(ServiceError) -> Session {
        let (session, access) = try registry.find(id)
        guard access == .control else {
            throw .forbidden("this id is listen-only: it can play the stream but not change it; use the session's control token")
        }
        return session
    }

    /// Submits a batch of changes (`set_param` or PATCH), marks the session active, names the
    /// change in its stream title, and returns the values now in force for `keys`.
    func change(_ session: Session, keys: [String],
                submit: () throws(ParameterError) -> ParameterSet) throws(ServiceError) -> [(key: String, value: ParameterValue)] {
        let inForce: ParameterSet
        do { inForce = try submit() } catch { throw .badRequest(error.description) }
        session.touch()
        saveState(of: session)
        let values = keys.map { key in
            let spec = ParameterSchema.spec(forKey: key)!
            return (key: key, value: spec.externalValue(inForce[spec.id]))
        }
        session.describeChange(values.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        logger.debug("parameters set", metadata: ["session": "\(session.token.short)", "changes": "\(keys.count)"])
        return values
    }

    /// `stream`: the session an id (control or listen-only) plays.
    func sessionToPlay(_ query: QueryParameters) throws(ServiceError) -> Session {
        let (session, _) = try registry.find(try query.value(of: "id"))
        return session
    }

    // MARK: Admission

    /// Refuses work that would leave the render threads too little headroom: a new session,
    /// or a listener that would wake a quiet one. Sessions whose load is not yet measured are
    /// counted at the mean of the measured ones (or the start-up calibration when there are none).
    func admit(_ what: String) throws(ServiceError) {
        let active = registry.sessions.filter(\.isPlaying)
        let measured = active.compactMap(\.measuredRenderLoad)
        let typical = measured.isEmpty ? typicalSessionLoad : measured.reduce(0, +) / Double(measured.count)
        // A download's render takes a whole core while it runs.
        let load = measured.reduce(0, +) + Double(active.count - measured.count) * typical + Double(downloads.activeRenders)
        let limit = Double(configuration.renderThreads) * configuration.maxRenderLoad
        guard load + typical <= limit else {
            let figures = String(format: "load %.2f of %.2f cores allowed", load, limit)
            throw .unavailable("the server is at its render capacity (\(figures)), so \(what) would make every stream stutter; try again later")
        }
    }

    /// Renders and encodes one second of the default preset, timed, the best of three.
    private static func calibrate(_ settings: StreamProducer.Settings) -> Double {
        guard let producer = try? StreamProducer(settings, parameters: ParameterMailbox(initial: Preset.standard.parameters),
                                                 seed: 0, startingAtFrame: 0) else { return 0.05 }
        let blocks = max(1, settings.format.sampleRate / producer.blockSamples)
        var best = Double.infinity
        for _ in 0..<3 {
            let started = NIODeadline.now()
            for _ in 0..<blocks {
                _ = try? producer.renderBlock()
                _ = producer.takePending()
            }
            let seconds = Double((NIODeadline.now() - started).nanoseconds) * 1e-9
            best = min(best, seconds / (Double(blocks * producer.blockSamples) / Double(settings.format.sampleRate)))
        }
        return best
    }

    // MARK: Upkeep

    /// Frees the synth and encoder of sessions nobody has listened to for the release time.
    func releaseQuietEngines(now: NIODeadline = .now()) {
        let cutoff = now - .nanoseconds(Int64(configuration.engineReleaseSeconds * 1e9))
        for session in registry.sessions where session.hasEngine {
            // Freed here, outside the scheduler's lock.
            let released = scheduler.whileIdle(session) { session.releaseEngine(ifQuietSince: cutoff) } ?? nil
            if released != nil {
                statistics.releasedEngines.add(1)
                logger.debug("engine released", metadata: ["session": "\(session.token.short)"])
            }
        }
    }

    /// Ends sessions idle longer than the idle timeout.
    func expireIdleSessions(now: NIODeadline = .now()) {
        let timeout = TimeAmount.nanoseconds(Int64(configuration.idleTimeoutSeconds * 1e9))
        for session in registry.removeExpired(at: now, idleTimeout: timeout) {
            session.end()
            forgetState(of: session, reason: .expired)
            logger.info("session expired", metadata: ["session": "\(session.token.short)", "idle_timeout_s": "\(configuration.idleTimeoutSeconds)"])
        }
    }
}
