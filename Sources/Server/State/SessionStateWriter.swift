import Foundation
import Logging
import NIOCore

/// Writes changed sessions to the state file on a thread of its own, never on an event loop or
/// a render thread. Changes are gathered for `interval` and written as one transaction, so a
/// knob dragged at 50 changes a second costs four writes a second, and an acknowledged change
/// is on disk within `interval` plus one write. A write that fails (disk full, read-only) is
/// counted, logged at most once a minute, and tried again with what came since; the server
/// keeps running on what it has in memory.
final class SessionStateWriter: @unchecked Sendable {
    static let interval = 0.25
    /// A session with listeners is active all along; its stored activity is refreshed this often.
    static let audienceRefresh = 60.0

    let store: SessionStore
    private let statistics: ServerStatistics
    private let logger: Logger
    private let condition = NSCondition()
    private var changed: [String: Session] = [:]
    /// An ended session's listen token and why it ended.
    private struct Ending {
        let listenToken: String
        let reason: SessionEnding
    }

    /// Ended sessions to remove, by control token.
    private var ended: [String: Ending] = [:]
    /// The activity time last written for each session, to write it again only when it moved.
    private var writtenActivity: [String: Double] = [:]
    private var running = true
    private var finished = false
    private var lastFailureLogged: Date?

    init(store: SessionStore, statistics: ServerStatistics, logger: Logger) {
        self.store = store
        self.statistics = statistics
        self.logger = logger
        let thread = Thread { self.run() }
        thread.name = "synthcast-state"
        thread.start()
    }

    func save(_ session: Session) {
        condition.withLock {
            changed[session.token.text] = session
            ended[session.token.text] = nil
            condition.signal()
        }
    }

    /// Removes an ended session, remembering its tokens and why it ended.
    func end(_ session: Session, reason: SessionEnding) {
        end(token: session.token.text, listenToken: session.listenToken.text, reason: reason)
    }

    func end(token: String, listenToken: String, reason: SessionEnding) {
        condition.withLock {
            changed[token] = nil
            ended[token] = Ending(listenToken: listenToken, reason: reason)
            condition.signal()
        }
    }

    /// Saves the sessions whose activity moved since it was written (listeners came or went),
    /// and those with listeners once a minute, so idle expiry holds across a restart.
    func refreshActivity(of sessions: [Session]) {
        let now = NIODeadline.now(), date = Date()
        for session in sessions {
            let activity = session.lastActivity(at: now).wallClock(now: now, date: date).timeIntervalSince1970
            let written = condition.withLock { writtenActivity[session.token.text] }
            let slack = session.hasAudience ? Self.audienceRefresh : 0.5
            if written.map({ abs(activity - $0) > slack }) ?? true { save(session) }
        }
    }

    /// Writes what is pending and stops the thread.
    func stop() {
        condition.withLock {
            running = false
            condition.signal()
        }
        condition.withLock {
            while !finished { condition.wait() }
        }
    }

    private func run() {
        while true {
            let stopping = condition.withLock {
                while running && changed.isEmpty && ended.isEmpty { condition.wait() }
                return !running
            }
            if !stopping { Thread.sleep(forTimeInterval: Self.interval) }
            let (sessions, endings) = condition.withLock {
                defer { changed.removeAll(); ended.removeAll() }
                return (Array(changed.values), ended)
            }
            let written = sessions.isEmpty && endings.isEmpty || write(sessions, ending: endings)
            let done = condition.withLock { () -> Bool in
                // Stopping: a write that fails now will not succeed on a second try.
                guard !running, !written || changed.isEmpty && ended.isEmpty else { return false }
                finished = true
                condition.broadcast()
                return true
            }
            if done { return }
        }
    }

    /// Returns whether the batch was written.
    private func write(_ sessions: [Session], ending endings: [String: Ending]) -> Bool {
        let now = Date()
        let records = sessions.map { $0.stored(at: now) }
        let tokens = Array(endings.keys)
        let endedTokens = endings.sorted { $0.key < $1.key }.flatMap { token, ending in
            [token, ending.listenToken].map { EndedToken(token: $0, reason: ending.reason.rawValue, endedAt: now.timeIntervalSince1970) }
        }
        do {
            try store.write(saving: records, removing: tokens, ended: endedTokens)
            statistics.stateWrites.add(1)
            condition.withLock {
                for record in records { writtenActivity[record.token] = record.lastActivity }
                for token in tokens { writtenActivity[token] = nil }
            }
            return true
        } catch {
            statistics.stateWriteFailures.add(1)
            if lastFailureLogged.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
                lastFailureLogged = now
                logger.error("cannot save sessions to the state file; changes apply live but a restart would lose them",
                             metadata: ["file": "\(store.path)", "error": "\(error)", "sessions": "\(records.count)"])
            }
            // Try again with whatever comes next, keeping newer news.
            condition.withLock {
                for session in sessions where changed[session.token.text] == nil && ended[session.token.text] == nil {
                    changed[session.token.text] = session
                }
                for (token, ending) in endings where changed[token] == nil && ended[token] == nil { ended[token] = ending }
            }
            if condition.withLock({ running }) { Thread.sleep(forTimeInterval: 1) }
            return false
        }
    }
}
