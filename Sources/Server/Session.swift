import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Synth

/// One endless stream: its parameters and seed, its synth and encoder while it plays, the
/// recent frames, its listeners and the clock that paces them. Rendering happens on a render
/// thread (the scheduler gives a session to one thread at a time); joins, leaves and control
/// calls come from the event loops; the shared state between them sits behind one lock that
/// is never held while rendering or writing.
///
/// The synth and encoder (most of a session's memory) are made when the session first has to
/// render and dropped once it has been quiet for a while, so idle sessions cost little.
final class Session: @unchecked Sendable {
    let token: SessionToken
    let listenToken: SessionToken
    let createdAt: NIODeadline
    let statistics: ServerStatistics
    let maxLagSeconds: Double
    /// Changes go here from any thread; the engine, whenever there is one, reads them.
    let parameters: ParameterMailbox
    let seed: UInt64
    /// Icecast mounts this session is the source of.
    let outputs = SessionOutputs()

    private let settings: StreamProducer.Settings
    /// Touched only by the render thread that has the session's turn, or (to release it)
    /// while the scheduler guarantees no thread has it.
    private var producer: StreamProducer?
    /// The sleep timer version the producer's engine has been told of (render thread only).
    private var appliedTimerVersion = 0
    private let samplesPerFrame: Int
    private let sampleRate: Double
    private let leadSamples: Double
    /// Listeners are written to when this much audio has collected (or sooner, when their
    /// margin ahead of the clock would drop below `lead - write interval`).
    private let writeIntervalSamples: Double
    /// An HLS viewer counts as present while it fetches within this long.
    private let hlsPresence: TimeAmount
    private let logger: Logger
    private let state: NIOLockedValueBox<State>

    private struct State {
        var history = FrameHistory()
        /// The same frames cut into HLS segments.
        var hls: HLSWindow
        /// The last HLS request for this session: its viewers keep it playing for a while.
        var hlsSeen: NIODeadline?
        var groups: [ObjectIdentifier: ListenerGroup] = [:]
        /// Stream listeners, Icecast outputs included: each keeps the session playing.
        var listenerCount = 0
        /// The Icecast outputs among them.
        var outputCount = 0
        var pacing = Pacing.quiet
        /// The index of the next frame to be published.
        var nextFrame = 0
        var lastActivity: NIODeadline
        /// When the last listener left (or the session was made): the engine is released
        /// after a quiet spell.
        var quietSince: NIODeadline?
        /// Whether the session holds a synth and an encoder now.
        var hasEngine = false
        var ended = false
        /// The preset the session started from, or the last one loaded into it.
        var presetName: String
        /// The sleep timer, and a count of its changes for the render thread to pick up.
        var timer: SleepTimer?
        var timerVersion = 0
        /// What ICY players show, and a count of its changes.
        var title: (text: String, version: Int)
        /// Render time per second of audio, smoothed over the last blocks: this session's share
        /// of one core.
        var renderLoad = 0.0
        /// Blocks measured so far; the load is trusted once there are enough.
        var measuredBlocks = 0
        /// The peak of the last published block, 0...1; 0 while the session is quiet.
        var level: Float = 0

        /// A stream listener is connected, an HLS request is waiting for audio, or an HLS
        /// viewer fetched within `presence`.
        func hasAudience(at now: NIODeadline, presence: TimeAmount) -> Bool {
            listenerCount > 0 || hls.hasWaiters || hlsSeen.map { now - $0 < presence } ?? false
        }
    }

    /// Whether the session's clock runs. It starts when the first audio after a quiet spell
    /// is handed out, so the first listener's clock and the session's agree.
    private enum Pacing {
        case quiet
        /// Woken by a listener; the clock will start at this stream frame.
        case starting(atFrame: Int)
        case running(StreamClock)
    }

    /// A new session, or (`token`, `listenToken`, `createdAt` and `now` given) one restored from
    /// the state file, last active at `now`.
    init(_ settings: StreamProducer.Settings, parameters: ParameterSet, seed: UInt64, presetName: String,
         configuration: ServerConfiguration, statistics: ServerStatistics, logger: Logger,
         token: SessionToken = .random(), listenToken: SessionToken = .random(), createdAt: NIODeadline? = nil, now: NIODeadline = .now()) {
        self.token = token
        self.listenToken = listenToken
        self.settings = settings
        self.parameters = ParameterMailbox(initial: parameters)
        self.seed = seed
        self.statistics = statistics
        self.logger = logger
        self.createdAt = createdAt ?? now
        samplesPerFrame = settings.encoder.samplesPerFrame
        sampleRate = Double(configuration.sampleRate)
        leadSamples = configuration.pacingLeadSeconds * sampleRate
        writeIntervalSamples = Double(settings.framesPerWrite * samplesPerFrame)
        maxLagSeconds = configuration.maxListenerLagSeconds
        let hls = configuration.hlsLayout
        hlsPresence = .nanoseconds(Int64(3 * Double(hls.targetDuration) * 1e9))
        state = NIOLockedValueBox(State(hls: HLSWindow(layout: hls), lastActivity: now, quietSince: now, presetName: presetName,
                                        title: ("Synthcast: \(presetName)", 0)))
    }

    /// Players connected to the stream (Icecast outputs are not counted).
    var listenerCount: Int { state.withLockedValue { $0.listenerCount - $0.outputCount } }
    /// Whether the session renders now: it has a listener, or an HLS viewer came lately.
    var isPlaying: Bool {
        state.withLockedValue { state in
            if case .quiet = state.pacing { return false }
            return true
        }
    }
    var hasEngine: Bool { state.withLockedValue { $0.hasEngine } }
    var hasEnded: Bool { state.withLockedValue { $0.ended } }
    var renderLoad: Double { state.withLockedValue { $0.renderLoad } }
    /// The peak level of the latest audio, 0...1 linear; 0 when nobody listens (nothing renders).
    var level: Float { state.withLockedValue { $0.level } }

    /// The render load once enough blocks were measured to trust it, else nil.
    var measuredRenderLoad: Double? {
        state.withLockedValue { $0.measuredBlocks >= 20 ? $0.renderLoad : nil }
    }

    /// The stream title for ICY metadata: the preset, and the last change made.
    var title: (text: String, version: Int) { state.withLockedValue { $0.title } }

    var presetName: String { state.withLockedValue { $0.presetName } }

    func describeChange(_ change: String) {
        state.withLockedValue { state in
            state.title = ("Synthcast: \(state.presetName) · \(change)", state.title.version + 1)
        }
    }

    /// Loads a preset into the running session: every parameter glides to the preset's value,
    /// over `transition` seconds if it is not 0 (discrete ones switch at the next bar).
    func load(_ preset: Preset, transition: Double = 0) -> ParameterSet {
        let inForce = parameters.replace(with: preset.parameters, glide: transition)
        state.withLockedValue { state in
            state.presetName = preset.name
            state.title = ("Synthcast: \(preset.name)", state.title.version + 1)
        }
        return inForce
    }

    var timer: SleepTimer? { state.withLockedValue { $0.timer } }

    /// Sets or (with nil) cancels the sleep timer; the render thread applies it at its next block.
    func setTimer(_ timer: SleepTimer?) {
        state.withLockedValue { state in
            state.timer = timer
            state.timerVersion += 1
        }
    }

    /// A control call counts as activity: it keeps a quiet session from expiring.
    func touch(now: NIODeadline = .now()) {
        state.withLockedValue { $0.lastActivity = now }
    }

    /// When it was last active: a listener joined or left, a control call came; while it has
    /// an audience, it is active now.
    func lastActivity(at now: NIODeadline = .now()) -> NIODeadline {
        state.withLockedValue { $0.hasAudience(at: now, presence: hlsPresence) ? now : $0.lastActivity }
    }

    var hasAudience: Bool { state.withLockedValue { $0.hasAudience(at: .now(), presence: hlsPresence) } }

    func isExpired(at now: NIODeadline, idleTimeout: TimeAmount) -> Bool {
        // An output (streaming or retrying) keeps its session, as a listener does.
        !outputs.areLive && state.withLockedValue { $0.listenerCount == 0 && now - $0.lastActivity > idleTimeout }
    }

    // MARK: Listeners (event loops)

    struct Join {
        let group: ListenerGroup
        /// The frames a new listener starts with: from the frame under the clock to the newest.
        let burst: [FrameChunk]
        let firstFrame: Int
        /// True when this listener woke a quiet session: it must be scheduled to render.
        let wokeSession: Bool
    }

    /// Registers a listener (or an Icecast output) on `eventLoop`; nil once the session has ended.
    func join(on eventLoop: EventLoop, asOutput: Bool = false, now: NIODeadline = .now()) -> Join? {
        state.withLockedValue { state in
            guard !state.ended else { return nil }
            let woke = Self.wake(&state)
            state.listenerCount += 1
            if asOutput { state.outputCount += 1 }
            state.lastActivity = now
            let key = ObjectIdentifier(eventLoop)
            let group = state.groups[key] ?? ListenerGroup(eventLoop: eventLoop, logger: logger)
            state.groups[key] = group
            // The first whole frame at or after the clock, so this listener's clock is never
            // behind the session's and the server never runs more than the lead ahead of it.
            var firstFrame = state.nextFrame
            if case .running(let clock) = state.pacing {
                firstFrame = Int((clock.position(at: now) / Double(samplesPerFrame)).rounded(.up))
            }
            return Join(group: group, burst: state.history.frames(from: firstFrame), firstFrame: firstFrame, wokeSession: woke)
        }
    }

    func leave(asOutput: Bool = false, now: NIODeadline = .now()) {
        state.withLockedValue { state in
            state.listenerCount -= 1
            if asOutput { state.outputCount -= 1 }
            state.lastActivity = now
            if !state.hasAudience(at: now, presence: hlsPresence) { Self.quieten(&state, at: now) }
        }
    }

    /// An HLS request (playlist, segment or part) came: the viewer counts as present for a
    /// while. Returns true when that woke a quiet session (it must be scheduled to render);
    /// nil once the session has ended.
    func noteHLSViewer(now: NIODeadline = .now()) -> Bool? {
        state.withLockedValue { state in
            guard !state.ended else { return nil }
            state.hlsSeen = now
            state.lastActivity = now
            return Self.wake(&state)
        }
    }

    /// A copy of the HLS window: segments are shared, not copied.
    var hlsWindow: HLSWindow { state.withLockedValue { $0.hls } }

    /// Completes `promise` once the HLS window has `wanted`, at once if it has it now; after
    /// `timeout` it fails with `HLSWaitTimedOut`. Fails with `HLSSessionEnded` if the session ends.
    func whenHLSHas(_ wanted: HLSWindow.Wanted, on eventLoop: EventLoop, timeout: TimeAmount) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        // The promise is completed outside the lock: its callbacks may come back here.
        let id = state.withLockedValue { state -> Int? in
            if state.ended || state.hls.isSatisfied(wanted) { return nil }
            return state.hls.wait(for: wanted, promise: promise)
        }
        guard let id else {
            if state.withLockedValue({ $0.ended }) { promise.fail(HLSSessionEnded()) } else { promise.succeed(()) }
            return promise.futureResult
        }
        let deadline = eventLoop.scheduleTask(in: timeout) { [self] in
            if state.withLockedValue({ $0.hls.cancel(id) }) { promise.fail(HLSWaitTimedOut()) }
        }
        promise.futureResult.whenComplete { [self] _ in
            deadline.cancel()
            // The viewer's presence runs from when its answer goes out.
            state.withLockedValue { $0.hlsSeen = .now() }
        }
        return promise.futureResult
    }

    /// A quiet session resumes where it stopped: at the next frame, the first its new
    /// audience gets. Returns whether it was quiet.
    private static func wake(_ state: inout State) -> Bool {
        guard case .quiet = state.pacing else { return false }
        state.pacing = .starting(atFrame: state.nextFrame)
        state.history.removeAll()
        state.hls.markGap()
        state.quietSince = nil
        return true
    }

    private static func quieten(_ state: inout State, at now: NIODeadline) {
        state.pacing = .quiet
        state.level = 0
        state.quietSince = now
    }

    /// Ends the session: listeners get a clean close, rendering stops.
    func end() {
        let (groups, waiters) = state.withLockedValue { state -> ([ListenerGroup], [EventLoopPromise<Void>]) in
            state.ended = true
            state.pacing = .quiet
            state.level = 0
            defer { state.groups.removeAll() }
            return (Array(state.groups.values), state.hls.takeAllWaiters())
        }
        for group in groups { group.eventLoop.execute { group.finishAll() } }
        for waiter in waiters { waiter.fail(HLSSessionEnded()) }
        for output in outputs.removeAll() { _ = output.stop() }
    }

    // MARK: Rendering (render threads)

    /// Renders every block that is due at `now`: the render head may run at most the lead
    /// ahead of the clock.
    func renderDueBlocks(now: NIODeadline) {
        do {
            var now = now
            let producer: StreamProducer
            let clock: StreamClock
            let pacing = state.withLockedValue { state in
                // The last HLS viewer stopped fetching (stream listeners leave by closing).
                if case .running = state.pacing, !state.hasAudience(at: now, presence: hlsPresence) { Self.quieten(&state, at: now) }
                return state.pacing
            }
            switch pacing {
            case .quiet:
                return
            case .starting(let frame):
                producer = try self.producer ?? makeProducer(startingAtFrame: frame)
                try producer.renderBlock()
                now = .now()
                let start = Double(frame * samplesPerFrame)
                clock = StreamClock(anchorSample: start, anchorTime: now, sampleRate: sampleRate)
                state.withLockedValue { state in
                    if case .starting = state.pacing { state.pacing = .running(clock) }
                }
                publish(producer.takePending(), playhead: start, level: producer.lastPeak)
            case .running(let running):
                guard let existing = self.producer else { return }
                producer = existing
                clock = running
            }
            let playhead = clock.position(at: now)
            var rendered = 0
            while Double(producer.renderHead) + Double(producer.blockSamples) <= playhead + leadSamples {
                applyTimer(to: producer, clock: clock)
                let started = NIODeadline.now()
                try producer.renderBlock()
                let seconds = Double((NIODeadline.now() - started).nanoseconds) * 1e-9
                record(load: seconds / (Double(producer.blockSamples) / sampleRate))
                rendered += 1
                if producer.pendingFrames >= settings.framesPerWrite || margin(of: producer, at: playhead) < leadSamples - writeIntervalSamples {
                    publish(producer.takePending(), playhead: playhead, level: producer.lastPeak)
                }
            }
            // Catching up (a listener just woke the session, or the thread was late): the
            // listeners get all of it now, a whole lead's worth.
            if rendered > 1, producer.pendingFrames > 0 {
                publish(producer.takePending(), playhead: playhead, level: producer.lastPeak)
            }
        } catch {
            logger.error("ending a session whose encoder failed", metadata: ["session": "\(token.short)", "error": "\(error)"])
            end()
        }
    }

    /// When the next block falls due, or nil if none will (no listeners, or ended).
    func nextDeadline() -> NIODeadline? {
        switch state.withLockedValue({ $0.pacing }) {
        case .quiet: nil
        case .starting: .now()
        case .running(let clock):
            producer.map { clock.time(atPosition: Double($0.renderHead) + Double($0.blockSamples) - leadSamples) }
        }
    }

    /// Drops the synth and encoder of a session quiet since before `cutoff`, and returns them
    /// (to be freed outside any lock). Only while no render thread has the session.
    func releaseEngine(ifQuietSince cutoff: NIODeadline) -> StreamProducer? {
        let quiet = state.withLockedValue { state -> Bool in
            guard case .quiet = state.pacing, let since = state.quietSince, since < cutoff, state.hasEngine else { return false }
            state.hasEngine = false
            // The HLS segments go with the engine: the next audience starts a new run of them.
            state.hls.removeAll()
            return true
        }
        guard quiet else { return nil }
        defer { producer = nil }
        return producer
    }

    /// Tells the engine of a new or cancelled sleep timer: the fade's wall-clock start becomes
    /// the engine frame heard then (at once, if that has passed).
    private func applyTimer(to producer: StreamProducer, clock: StreamClock) {
        let (timer, version) = state.withLockedValue { ($0.timer, $0.timerVersion) }
        guard version != appliedTimerVersion else { return }
        appliedTimerVersion = version
        let engine = producer.engine
        guard let timer else {
            engine.cancelFadeOut()
            return
        }
        // Stream samples count from the producer's first, plus the coder's delay.
        let engineOffset = producer.renderHead - engine.framesRendered
        let frame = Int64(clock.position(at: timer.fadeStart)) - engineOffset
        let remaining = Double((timer.end - clock.time(atPosition: Double(producer.renderHead))).nanoseconds) * 1e-9
        if frame >= engine.framesRendered {
            engine.fadeOut(startingAtFrame: frame, seconds: timer.fadeSeconds)
        } else {
            engine.fadeOut(startingAtFrame: engine.framesRendered, seconds: max(0.1, remaining))
        }
    }

    private func makeProducer(startingAtFrame frame: Int) throws -> StreamProducer {
        let made = try StreamProducer(settings, parameters: parameters, seed: seed, startingAtFrame: frame)
        producer = made
        appliedTimerVersion = 0
        state.withLockedValue { $0.hasEngine = true }
        return made
    }

    /// Audio the listeners have ahead of the clock, in samples.
    private func margin(of producer: StreamProducer, at playhead: Double) -> Double {
        Double((producer.framesEmitted - producer.pendingFrames) * samplesPerFrame) - playhead
    }

    private func record(load: Double) {
        state.withLockedValue { state in
            state.renderLoad += (load - state.renderLoad) * 0.1
            state.measuredBlocks += 1
        }
        statistics.renderedBlocks.add(1)
    }

    private func publish(_ chunk: FrameChunk, playhead: Double, level: Float) {
        // A frame's wall-clock time: the session's clock runs at the sample rate from now.
        let wallNow = Date()
        let date = { [samplesPerFrame, sampleRate] (frame: Int) in
            wallNow.addingTimeInterval((Double(frame * samplesPerFrame) - playhead) / sampleRate)
        }
        let (groups, satisfied) = state.withLockedValue { state -> ([ListenerGroup], [EventLoopPromise<Void>]) in
            state.level = level
            state.nextFrame = chunk.endFrame
            state.history.append(chunk)
            // Keep what a listener joining now would get, and nothing older.
            state.history.discard(before: Int(playhead) / samplesPerFrame)
            let satisfied = state.hls.append(chunk, title: state.title.text, date: date)
            return (Array(state.groups.values), satisfied)
        }
        for group in groups { group.eventLoop.execute { group.deliver(chunk, statistics: self.statistics) } }
        for waiter in satisfied { waiter.succeed(()) }
    }
}

/// An HLS request waited for audio longer than it may.
struct HLSWaitTimedOut: Error {}
/// The session ended while an HLS request waited.
struct HLSSessionEnded: Error {}
