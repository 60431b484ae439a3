import Foundation
import GRDB
import Testing
import TestSupport
@testable import Server

/// Minutes of sessions made, changed, deleted and left to expire against a real server on a
/// state file. Two minutes by default; `SYNTHCAST_STATE_SOAK_SECONDS` runs it longer.
@Suite("The state file under churn")
struct StateSoakTests {
    /// What the churning clients did, from several threads.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func add(_ name: String) { lock.withLock { counts[name, default: 0] += 1 } }
        subscript(_ name: String) -> Int { lock.withLock { counts[name] ?? 0 } }
    }

    static func metric(_ name: String, in metrics: String) -> Double { ServerTests.MetricsTests.value(name, in: metrics) ?? -1 }

    @Test("minutes of create, set_param and delete on a state file: memory stays flat, the file keeps only live sessions and stays small, and writes are coalesced")
    func churnAgainstAStateFile() throws {
        let seconds = Double(ProcessInfo.processInfo.environment["SYNTHCAST_STATE_SOAK_SECONDS"] ?? "") ?? 120
        let idleTimeout = 3.0
        let folder = StateTests.StateFolder()
        let server = try ServeProcess(["--state", folder.file, "--rate-limit", "0", "--idle-timeout", String(idleTimeout)])
        let port = server.port
        let tally = Tally()
        let deadline = Date().addingTimeInterval(seconds)
        // Four clients, each a knob drag of 20 changes at 50 a second per session; every
        // other session is deleted, the rest are left to expire.
        let clients = (0..<4).map { _ in
            Thread {
                var visit = 0
                while Date() < deadline {
                    guard let reply = try? httpGet(port: port, "/create_stream"), reply.status == 200 else { tally.add("failures"); continue }
                    let token = reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    tally.add("created")
                    for step in 0..<20 {
                        let changed = try? httpGet(port: port, "/set_param?id=\(token)&cutoff=\(300 + 10 * step)")
                        tally.add(changed?.status == 200 ? "changes" : "failures")
                        usleep(20_000)
                    }
                    if visit % 2 == 0 {
                        let deleted = try? httpRequest(port: port, "DELETE", "/sessions/\(token)")
                        tally.add(deleted?.status == 204 ? "deleted" : "failures")
                    }
                    visit += 1
                }
            }
        }
        clients.forEach { $0.start() }
        Thread.sleep(forTimeInterval: seconds / 4)
        let warmKiB = residentKiB(server.processIdentifier)
        while clients.contains(where: { !$0.isFinished }) { usleep(100_000) }
        let endKiB = residentKiB(server.processIdentifier)
        // Everything left expires, and the writer catches up.
        Thread.sleep(forTimeInterval: idleTimeout + 2)
        let metrics = try httpGet(port: port, "/metrics").text
        let writes = Self.metric("synthcast_state_writes_total", in: metrics)

        let created = tally["created"], changes = tally["changes"]
        #expect(tally["failures"] == 0)
        #expect(created > Int(seconds), "only \(created) sessions in \(seconds) s")
        #expect(Self.metric("synthcast_sessions", in: metrics) == 0)
        #expect(Self.metric("synthcast_state_write_failures_total", in: metrics) == 0)
        #expect(endKiB - warmKiB < max(8192, warmKiB / 10), "resident memory \(warmKiB) KiB after \(seconds / 4) s, \(endKiB) KiB at the end")
        // Coalesced: a session's 20 changes in 0.4 s are two or three writes, not twenty.
        #expect(writes > 0 && writes < Double(changes) / 4, "\(writes) writes for \(changes) changes of \(created) sessions")

        var readOnly = Configuration()
        readOnly.readonly = true
        let file = try DatabaseQueue(path: folder.file, configuration: readOnly)
        let (live, ended) = try file.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM session") ?? -1, try Int.fetchOne(db, sql: "SELECT count(*) FROM ended_token") ?? -1)
        }
        #expect(live == 0, "\(live) rows of sessions that have ended")
        #expect(ended == min(2 * created, EndedToken.kept), "\(ended) ended tokens remembered for \(created) sessions")
        let size = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let database = size(folder.file), log = size(folder.file + "-wal")
        #expect(database < 65536 + 256 * ended, "the file is \(database) bytes for \(ended) ended tokens and no session")
        #expect(log < 8 << 20, "the write-ahead log is \(log) bytes")
        print("state soak: \(seconds) s, \(created) sessions, \(changes) changes, \(Int(writes)) writes; resident \(warmKiB) → \(endKiB) KiB; file \(database) B + WAL \(log) B")
    }
}
