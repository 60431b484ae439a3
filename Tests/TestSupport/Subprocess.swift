import Foundation

/// What a command printed and how it ended.
public struct CommandResult: Sendable {
    public let status: Int32
    public let data: Data
    public let error: String
    public var output: String { String(decoding: data, as: UTF8.self) }
}

/// Runs a program (a path, or a name looked up on PATH) and collects its output. Stderr is
/// read on another thread so a chatty program cannot fill the pipe and stall.
public func runCommand(_ program: String, _ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
    let process = Process()
    if program.contains("/") {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
    }
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    nonisolated(unsafe) var errors = Data()
    let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return CommandResult(status: process.terminationStatus, data: output, error: String(decoding: errors, as: UTF8.self))
}

/// Starts a program and watches its output (stdout and stderr together) until `isDone`
/// says so or `timeout` seconds pass, then stops it. For programs that run until stopped,
/// such as a browser. The output goes to a file, not a pipe, because some programs (Chromium)
/// buffer what they write to a pipe. The program runs under coreutils `timeout`, which leads
/// a process group of its own, so stopping the group also stops what the program started
/// (a wrapper script's browser and its helper processes).
/// Returns the output and whether `isDone` was satisfied.
public func watchCommand(_ program: String, _ arguments: [String], timeout: Double,
                         until isDone: (String) -> Bool) throws -> (output: String, done: Bool) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-watch-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: log) }
    let handle = try FileHandle(forWritingTo: log)
    defer { try? handle.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = [String(Int(timeout.rounded(.up))), program] + arguments
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let read = { String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self) }
    var done = false
    while process.isRunning {
        if isDone(read()) { done = true; break }
        usleep(100_000)
    }
    kill(-process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let output = read()
    return (output, done || isDone(output))
}
