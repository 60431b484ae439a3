import Dispatch
import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP end the UI loop (which then restores the terminal) instead of
/// killing the process with the terminal still in curses mode.
final class StopRequest: @unchecked Sendable {
    private let requested = Atomic<Bool>(false)
    /// Written in init only; the sources must live as long as this.
    private var sources: [DispatchSourceSignal] = []

    init() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            // Ignored as a signal, delivered to the source instead; set before curses starts so
            // that ncurses does not install its own handlers for them.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.requested.store(true, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    deinit { sources.forEach { $0.cancel() } }

    var isRequested: Bool { requested.load(ordering: .relaxed) }
}
