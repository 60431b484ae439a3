import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program left running while a test does other things (a source pushing to Icecast),
/// its output (stdout and stderr together) going to a file the test can read at any time.
/// Killed, if still running, when the value goes.
public final class BackgroundCommand {
    private let process = Process()
    private let log: URL
    private let handle: FileHandle

    public init(_ program: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-background-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        handle = try FileHandle(forWritingTo: log)
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        kill()
        try? handle.close()
        try? FileManager.default.removeItem(at: log)
    }

    public var output: String { String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self) }
    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// SIGKILL, and waits for it to end. (A child of a test may inherit the test thread's
    /// blocked signals; this one cannot be blocked.)
    public func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends a signal (SIGINT, SIGTERM...).
    public func signal(_ number: Int32) { Glibc.kill(process.processIdentifier, number) }

    /// The exit status once it ends, or nil if it is still running after `timeout` seconds.
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// Waits until the output contains `text`; false after `timeout` seconds.
    public func waitForOutput(_ text: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !output.contains(text) {
            guard Date() < deadline else { return false }
            usleep(50_000)
        }
        return true
    }
}
