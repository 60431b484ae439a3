import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A server against the open-files limit: `synthcast serve` started under `prlimit`, and
/// idle connections by the thousand.
@Suite("Open files", .serialized)
struct OpenFilesTests {
    /// `synthcast serve` under `prlimit --nofile=SOFT:HARD`.
    static func serve(nofile: String) throws -> ServeProcess {
        try ServeProcess(launcher: ["/usr/bin/prlimit", "--nofile=\(nofile)"])
    }

    /// Lets this test process hold as many sockets as its hard limit allows.
    static func raiseOwnLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    @Test("with the usual soft limit of 1024 and 1500 idle connections, /health still answers (the server raises its limit)")
    func softLimitIsRaised() throws {
        Self.raiseOwnLimit()
        let server = try Self.serve(nofile: "1024:8192")
        let port = server.port
        let idle = try (0..<1500).map { _ in try TestConnection(port: port) }
        try withExtendedLifetime(idle) {
            Thread.sleep(forTimeInterval: 0.5)
            let started = Date()
            let health = try httpGet(port: port, "/health")
            #expect(health.status == 200)
            #expect(Date().timeIntervalSince(started) < 1, "/health took \(Date().timeIntervalSince(started)) s")
            #expect(!server.output.contains("cannot accept"), "\(server.output)")
        }
    }

    @Test("out of descriptors: a warning at start, one log line a second, open streams carry on, new clients are answered once descriptors free up")
    func outOfDescriptors() throws {
        Self.raiseOwnLimit()
        let server = try Self.serve(nofile: "200:200")
        let port = server.port
        #expect(server.output.contains("--max-connections is above what the open-files limit allows"), "\(server.output)")
        let token = try httpGet(port: port, "/create_stream?preset=test-tone").text.trimmingCharacters(in: .whitespacesAndNewlines)
        let listener = try StreamCapture(port: port, "/stream?id=\(token)")
        listener.read(for: 1)
        var idle = try (0..<300).map { _ in try TestConnection(port: port) }
        // (Without this the optimizer may close them as soon as they are made.)
        withExtendedLifetime(idle) { listener.read(for: 3) }
        let lines = server.output.components(separatedBy: "cannot accept new connections").count - 1
        #expect(lines >= 1 && lines <= 5, "\(lines) log lines in 3 s:\n\(server.output.suffix(2000))")
        #expect(server.output.contains("out of file descriptors"))
        // The listener kept real time throughout (its join burst aside).
        let seconds = audioSeconds(listener.bytes) - listener.audioReceived(within: 0.3)
        #expect(seconds / (listener.elapsed - 0.3) > 0.9, "\(seconds) s of audio in \(listener.elapsed) s")

        idle.removeAll()
        let started = Date()
        var health: HTTPTestResponse?
        while health?.status != 200, Date().timeIntervalSince(started) < 5 {
            health = try? httpGet(port: port, "/health")
        }
        #expect(health?.status == 200, "no answer after the descriptors freed up")
        #expect(Date().timeIntervalSince(started) < 3)
    }
}
