import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// What happens when accepting a connection fails, most often because the process is out of
/// file descriptors: the listening socket rests for a moment instead of retrying in a busy
/// loop (which would starve the connections already open), the failure is counted, and it is
/// logged at most once a second.
final class AcceptFailures: Sendable {
    static let pause = TimeAmount.milliseconds(100)

    private let statistics: ServerStatistics
    private let logger: Logger
    private let lastLogged = NIOLockedValueBox<NIODeadline?>(nil)

    init(statistics: ServerStatistics, logger: Logger) {
        self.statistics = statistics
        self.logger = logger
    }

    /// The handler NIO's server channel needs for this (its classic bootstrap adds none).
    func handler() -> AcceptBackoffHandler {
        AcceptBackoffHandler(shouldForwardIOErrorCaught: false) { [self] error in
            note(error)
            return Self.pause
        }
    }

    private func note(_ error: IOError) {
        statistics.acceptFailures.add(1)
        let now = NIODeadline.now()
        let due = lastLogged.withLockedValue { last -> Bool in
            guard last.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let reason = error.errnoCode == EMFILE || error.errnoCode == ENFILE
            ? "out of file descriptors (raise the hard limit, `ulimit -Hn`, or lower --max-connections)" : "\(error)"
        logger.warning("cannot accept new connections; the open ones are served, new ones wait", metadata: ["reason": "\(reason)"])
    }
}
