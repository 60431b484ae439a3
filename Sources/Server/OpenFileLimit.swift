#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open files: every listener and request is one, and Linux starts a
/// process with a soft limit of 1024 however high the hard limit is. Past the limit, accept
/// fails and new clients wait.
enum OpenFileLimit {
    /// Raises the soft limit to the hard one; returns the limit now in force.
    static func raiseToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
