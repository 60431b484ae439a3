import API
import Dispatch

/// Performs effects and polls the server, off the UI thread, one request at a time: because
/// polls and changes share one serial queue, a poll started after a change sees it, and says so
/// (`appliedThrough`). Results come back to the UI as commands through the inbox.
final class ServerWorker: @unchecked Sendable {
    /// 12.5 session lists a second: meters and counts refresh at least ten times a second even
    /// when a knob's request takes a tick (bench/tui measures it), and changes others make
    /// show well within 0.5 s.
    static let pollInterval = DispatchTimeInterval.milliseconds(80)

    private let control: SynthcastControl
    private let inbox: Inbox
    private let queue = DispatchQueue(label: "synthcast.tui.server")
    private var timer: DispatchSourceTimer?
    /// The newest ticket whose request has completed (queue only).
    private var appliedThrough = 0
    private var lastFailure: String?

    init(control: SynthcastControl, inbox: Inbox) {
        self.control = control
        self.inbox = inbox
    }

    /// Starts polling. A timer on the serial queue itself: ticks that fall while a request
    /// runs are merged, so a slow server gets fewer polls rather than a queue of them.
    func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: Self.pollInterval)
        timer.setEventHandler { [weak self] in self?.poll() }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        timer?.cancel()
        queue.sync {}
    }

    func perform(_ effect: Effect) {
        queue.async { self.run(effect) }
    }

    private func poll() {
        do {
            let sessions = try control.sessions()
            lastFailure = nil
            inbox.post(.sessionsLoaded(sessions, appliedThrough: appliedThrough))
        } catch {
            // Said once, not ten times a second.
            if lastFailure != error.message { inbox.post(.connectionLost(error.message)) }
            lastFailure = error.message
        }
    }

    private func run(_ effect: Effect) {
        switch effect {
        case .setParameters(let values, let session, let ticket):
            report(ticket: ticket) { () throws(ControlError) in try control.setParameters(values, of: session) }
        case .loadPreset(let name, let session, let transition, let ticket):
            report(ticket: ticket) { () throws(ControlError) in try control.loadPreset(name, into: session, transition: transition) }
        case .createSession(let preset):
            report(ticket: nil) { () throws(ControlError) in inbox.post(.sessionCreated(try control.createSession(preset: preset))) }
        case .endSession(let id):
            report(ticket: nil) { () throws(ControlError) in try control.endSession(id) }
        case .savePreset(let name, let session, let overwrite):
            report(ticket: nil) { () throws(ControlError) in try save(session, as: name, overwrite: overwrite) }
        case .refreshPresets:
            report(ticket: nil) { () throws(ControlError) in inbox.post(.presetsLoaded(try control.presets())) }
        case .setSleepTimer(let session, let seconds):
            report(ticket: nil) { () throws(ControlError) in try control.setSleepTimer(of: session, after: seconds) }
        case .cancelSleepTimer(let session):
            report(ticket: nil) { () throws(ControlError) in try control.cancelSleepTimer(of: session) }
        case .quit:
            break
        }
    }

    private func report(ticket: Int?, _ request: () throws(ControlError) -> Void) {
        do { try request() } catch { inbox.post(.failed(error.message, ticket: ticket)) }
        if let ticket { appliedThrough = max(appliedThrough, ticket) }
    }

    /// Stores the session's seed and values as a preset on the server, which checks the name
    /// and the values as it checks any preset; a name already taken is replaced only after the
    /// user said so. Nothing is written on this machine (unless the server runs on it).
    private func save(_ id: String, as name: String, overwrite: Bool) throws(ControlError) {
        let session = try control.session(id)
        let document = PresetDocument(
            name: name, description: "Saved from session \(session.shortID), started from preset '\(session.preset)'.",
            seed: session.seed, params: session.params)
        switch try control.savePreset(document, overwrite: overwrite) {
        case .saved(let summary): inbox.post(.presetSaved(summary))
        case .exists: inbox.post(.presetExists(name: name))
        }
    }
}
