import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `synthcast serve` in a process of its own on a free port; killed when released.
public final class ServeProcess {
    public let port: Int
    private let process: Process
    private let log: URL

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `synthcast serve --port PORT ARGUMENTS` and waits for it to say where it serves.
    /// Its output goes to a file, which nothing has to keep reading. Without `--state` among
    /// the arguments its sessions live in memory only (tests must not share a state file).
    public init(_ arguments: [String] = [], port: Int = 0) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = BuiltProducts.synthcast
        let state = arguments.contains("--state") ? [] : ["--state", "none"]
        process.arguments = ["serve", "--port", String(port), "--log-level", "warning"] + state + arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        var printed = ""
        var found: Int?
        let deadline = Date().addingTimeInterval(20)
        while found == nil, process.isRunning, Date() < deadline {
            usleep(50_000)
            printed = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = printed.range(of: #"serving at http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = Int(printed[range].split(separator: ":").last ?? "")
            }
        }
        guard let found else {
            printed = (try? String(contentsOf: log, encoding: .utf8)) ?? printed
            Self.stop(process, log: log)
            throw TestClientError("synthcast serve did not say where it serves:\n\(printed)")
        }
        self.process = process
        self.log = log
        self.port = found
    }

    deinit { Self.stop(process, log: log) }

    /// SIGKILL, as a crash would: nothing is flushed or closed.
    public func kill() { Self.stop(process, log: nil) }

    /// What it printed so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// A new session of `preset`; returns its token.
    public func createSession(preset: String) throws -> String {
        let reply = try httpGet(port: port, "/create_stream?preset=\(preset)")
        guard reply.status == 200 else { throw TestClientError("create_stream: \(reply.statusLine) \(reply.text)") }
        return reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SIGKILL: a Process child may inherit the test thread's blocked signals, and this one
    /// cannot be blocked.
    private static func stop(_ process: Process, log: URL?) {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if let log { try? FileManager.default.removeItem(at: log) }
    }
}
