import Foundation

/// A program's standard output as it arrives, and when each piece did: for players that write
/// the audio they decode at the pace they play it (`ffmpeg -re`, a GStreamer sink with
/// `sync=true`), so when a sample arrived is when it was heard.
public final class TimedOutput: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var received = Data()
    /// (total bytes so far, when they had arrived), one entry per read.
    private var arrivals: [(end: Int, at: Date)] = []
    private let finished = DispatchSemaphore(value: 0)

    public init(_ program: String, _ arguments: [String]) throws {
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reading = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = reading.availableData
                if chunk.isEmpty { break }
                let now = Date()
                lock.withLock {
                    received.append(chunk)
                    arrivals.append((received.count, now))
                }
            }
            finished.signal()
        }
    }

    deinit { stop() }

    public var bytes: Data { lock.withLock { received } }

    /// When the first byte came.
    public var firstArrival: Date? { lock.withLock { arrivals.first?.at } }

    /// When byte `offset` came.
    public func arrival(ofByte offset: Int) -> Date? {
        lock.withLock { arrivals.first { $0.end > offset }?.at }
    }

    /// Stops the program and waits for its last output.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = finished.wait(timeout: .now() + 5)
    }
}
