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
