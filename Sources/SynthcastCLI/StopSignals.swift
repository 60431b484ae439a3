import Dispatch
import Foundation

/// Runs `stop` (on a global queue) when SIGINT or SIGTERM arrives, instead of dying: the
/// commands that run until stopped end their streams cleanly first.
func onStopSignals(_ stop: @escaping @Sendable () -> Void) {
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler(handler: stop)
        source.resume()
        signalSources.append(source)
    }
}

/// Signal sources must outlive the command's `run`.
nonisolated(unsafe) private var signalSources: [DispatchSourceSignal] = []
