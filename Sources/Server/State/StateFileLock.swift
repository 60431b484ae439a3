import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on `STATE.lock` beside the state file, held while the server runs: two
/// servers on one state file would overwrite each other's sessions. The kernel drops the lock
/// when the process ends, however it ends.
final class StateFileLock {
    private let descriptor: Int32

    init(statePath: String) throws(StateStoreError) {
        let path = statePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateStoreError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw StateStoreError("another synthcast server\(holder.isEmpty ? "" : " (process \(holder))") is using the state file \(statePath); stop it, or give this one its own with --state PATH (or --state none)")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit { close(descriptor) }
}

/// Why the state file cannot be used, said so an operator can act on it.
public struct StateStoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
