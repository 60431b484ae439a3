import API
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A session pushed to an Icecast mount as its source. Once Icecast takes the source, the
/// output joins the session like a listener: it gets the session's frames as they are
/// published, which the session already paces to real time with a small lead. The mount's
/// title follows the session's. A failed or dropped connection is retried with backoff, for
/// ever unless `maxRetries` says otherwise; a wrong password, or a mount another source holds
/// when we first connect, fails the output at once.
///
/// Everything but `status` lives on `eventLoop`.
final class IcecastOutput: @unchecked Sendable {
    let id: String
    let mount: IcecastMount
    let session: Session
    let eventLoop: EventLoop
    /// What made it (the password included), kept for the state file.
    let request: IcecastOutputRequest

    private let info: IcecastStreamInfo
    private let maxRetries: Int?
    private let backoff: ReconnectBackoff
    private let writeBufferWaterMark: ChannelOptions.Types.WriteBufferWaterMark
    private let wake: @Sendable (Session) -> Void
    private let statistics: ServerStatistics
    private let logger: Logger
    private let state: NIOLockedValueBox<Status>
    /// Told once when the output gives up (the standalone push exits on it).
    private let onFailure: (@Sendable (IcecastSourceError) -> Void)?

    private struct Status {
        var state = IcecastOutputInfo.State.connecting
        var since = Date()
        var retries = 0
        var error: String?
    }

    private enum Phase {
        case idle
        case connecting
        case streaming(Listener, ListenerGroup, Channel)
        case waiting(Scheduled<Void>)
        case finished
    }

    private var phase = Phase.idle
    /// Failures since the output last streamed: they set the backoff.
    private var failuresInARow = 0
    private var hasStreamed = false
    private var sentTitleVersion = -1
    private var titleCheck: RepeatedTask?

    init(request: IcecastOutputRequest, mount: IcecastMount, info: IcecastStreamInfo, session: Session, eventLoop: EventLoop, maxRetries: Int?,
         backoff: ReconnectBackoff = ReconnectBackoff(), maxLagSeconds: Double, bytesPerSecond: Int,
         statistics: ServerStatistics, logger: Logger, wake: @escaping @Sendable (Session) -> Void,
         onFailure: (@Sendable (IcecastSourceError) -> Void)? = nil) {
        id = SessionToken.random().text.prefix(8).description
        self.request = request
        self.mount = mount
        self.info = info
        self.session = session
        self.eventLoop = eventLoop
        self.maxRetries = maxRetries
        self.backoff = backoff
        let lagBytes = max(16384, Int(maxLagSeconds * Double(bytesPerSecond)))
        writeBufferWaterMark = .init(low: lagBytes / 2, high: lagBytes)
        self.statistics = statistics
        self.logger = logger
        self.wake = wake
        self.onFailure = onFailure
        state = NIOLockedValueBox(Status())
    }

    /// What the API shows.
    var summary: IcecastOutputInfo {
        state.withLockedValue { status in
            IcecastOutputInfo(id: id, url: mount.description, state: status.state,
                              since: status.since.formatted(.iso8601), retries: status.retries, error: status.error)
        }
    }

    var currentState: IcecastOutputInfo.State { state.withLockedValue { $0.state } }

    func start() {
        eventLoop.execute { self.connect() }
    }

    /// Closes the source (Icecast ends the mount cleanly) and stops retrying. The future
    /// completes once the connection is closed.
    func stop() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            let phase = self.phase
            self.phase = .finished
            self.titleCheck?.cancel()
            switch phase {
            case .waiting(let retry):
                retry.cancel()
            case .streaming(let listener, let group, let channel):
                self.leave(listener, group)
                return channel.close().recover { _ in }
            case .idle, .connecting, .finished:
                break
            }
            return self.eventLoop.makeSucceededVoidFuture()
        }
    }

    // MARK: The life cycle (on eventLoop)

    private func connect() {
        switch phase {
        case .idle, .waiting: break
        case .connecting, .streaming, .finished: return
        }
        phase = .connecting
        setStatus(.connecting)
        IcecastConnection.open(mount, info: info, on: eventLoop, writeBufferWaterMark: writeBufferWaterMark).whenComplete { result in
            switch result {
            case .success(let channel): self.started(channel)
            case .failure(let error): self.failed(error as? IcecastSourceError ?? IcecastSourceError(.connection, "\(self.mount): \(error)"))
            }
        }
    }

    private func started(_ channel: Channel) {
        guard case .connecting = phase, let context = try? channel.pipeline.syncOperations.context(handlerType: IcecastSourceSink.self),
              let join = session.join(on: eventLoop, asOutput: true) else {
            // Stopped while connecting, or the session ended.
            channel.close(promise: nil)
            return
        }
        let listener = Listener(context: context, session: session, peer: mount.description, firstFrame: join.firstFrame, metadataInterval: nil)
        join.group.add(listener)
        phase = .streaming(listener, join.group, channel)
        failuresInARow = 0
        hasStreamed = true
        setStatus(.streaming)
        for chunk in join.burst { statistics.bytesOut.add(listener.send(chunk, logger: logger)) }
        if join.wokeSession { wake(session) }
        logger.info("icecast output streaming", metadata: ["session": "\(session.token.short)", "output": "\(id)", "mount": "\(mount)"])
        sentTitleVersion = -1
        updateTitle()
        titleCheck = eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in self.updateTitle() }
        channel.closeFuture.whenComplete { _ in self.dropped(channel) }
    }

    private func dropped(_ channel: Channel) {
        guard case .streaming(let listener, let group, let current) = phase, current === channel else { return }
        leave(listener, group)
        titleCheck?.cancel()
        if session.hasEnded {
            phase = .finished
            return
        }
        failed(IcecastSourceError(.connection, "the connection to \(mount) dropped"))
    }

    private func leave(_ listener: Listener, _ group: ListenerGroup) {
        group.remove(listener)
        session.leave(asOutput: true)
    }

    private func failed(_ error: IcecastSourceError) {
        if case .finished = phase { return }
        // A mount in use after we streamed to it is most likely our own connection, which
        // Icecast has not yet noticed is gone: worth another try.
        let permanent = error.kind == .authentication || (error.kind == .mountInUse && !hasStreamed)
        let retries = state.withLockedValue { $0.retries }
        if permanent || (maxRetries.map { retries >= $0 } ?? false) {
            let reason = permanent ? error.description : "gave up after \(retries) retries: \(error.description)"
            phase = .finished
            setStatus(.failed, error: reason)
            statistics.icecastFailures.add(1)
            logger.error("icecast output failed", metadata: ["session": "\(session.token.short)", "output": "\(id)", "reason": "\(reason)"])
            onFailure?(IcecastSourceError(error.kind, reason))
            return
        }
        failuresInARow += 1
        let delay = backoff.delay(beforeAttempt: failuresInARow)
        state.withLockedValue { $0.retries += 1 }
        statistics.icecastReconnects.add(1)
        setStatus(.retrying, error: error.description)
        logger.warning("icecast output reconnecting", metadata: [
            "session": "\(session.token.short)", "output": "\(id)", "attempt": "\(retries + 1)",
            "in_s": "\(String(format: "%.1f", Double(delay.nanoseconds) * 1e-9))", "reason": "\(error.description)",
        ])
        phase = .waiting(eventLoop.scheduleTask(in: delay) { self.connect() })
    }

    private func updateTitle() {
        guard case .streaming = phase else { return }
        let title = session.title
        guard title.version != sentTitleVersion else { return }
        sentTitleVersion = title.version
        IcecastTitleUpdate.send(title.text, to: mount, on: eventLoop).whenComplete { result in
            switch result {
            case .success(200): break
            case .success(let status):
                self.logger.warning("icecast refused the title update", metadata: ["output": "\(self.id)", "mount": "\(self.mount)", "status": "\(status)"])
            case .failure(let error):
                self.logger.warning("icecast title update failed", metadata: ["output": "\(self.id)", "reason": "\(error)"])
            }
        }
    }

    private func setStatus(_ new: IcecastOutputInfo.State, error: String? = nil) {
        state.withLockedValue { status in
            if status.state != new { status.since = Date() }
            status.state = new
            status.error = error
        }
    }
}
