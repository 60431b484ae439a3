import Foundation

/// The CPU time a process has used (user + system, all threads), from /proc/PID/stat: what a
/// server spends on a load, read from outside it.
struct ProcessTimes {
    let pid: Int32

    /// Seconds of CPU used so far.
    func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; fields count again after its ')'.
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("cannot read /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime 14 and stime 15 of the whole line.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("unexpected /proc/\(pid)/stat: \(stat.prefix(120))")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Microseconds of CPU per second of `window` per listener (or viewer), from readings of
    /// `cpuSeconds` at its start and end; nil without them.
    static func perSecondEach(from start: Double?, to end: Double?, window: Double, count: Int) -> Double? {
        guard let start, let end, count > 0 else { return nil }
        return (end - start) / (window * Double(count)) * 1e6
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
