import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for an Icecast older than 2.4, which knows only the legacy `SOURCE` method:
/// it refuses `PUT` with 405, takes `SOURCE` with 200, and keeps what the source sent (its
/// request heads, and the audio with arrival times). No Icecast of that age is packaged any
/// more, so this small server is the only way to see the fallback.
final class LegacySourceServer: @unchecked Sendable {
    let port: Int
    private let listening: Int32
    private let lock = NSLock()
    private var heads: [String] = []
    private var audio: [UInt8] = []
    private var firstAudio: Date?
    private var arrivals: [(time: Double, bytes: Int)] = []

    init() throws {
        (listening, port) = try listenOnLoopback(backlog: 4)
        Thread { self.serve() }.start()
    }

    deinit { shutdown(listening, Int32(SHUT_RDWR)); close(listening) }

    /// The request heads received, in order (`PUT /m HTTP/1.1`..., then `SOURCE /m HTTP/1.0`...).
    var requests: [String] { lock.withLock { heads } }
    var bytes: [UInt8] { lock.withLock { audio } }
    /// (seconds since the first audio byte, audio bytes so far), one per read.
    var timeline: [(time: Double, bytes: Int)] { lock.withLock { arrivals } }

    private func serve() {
        while true {
            let connection = accept(listening, nil, nil)
            guard connection >= 0 else { return }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            received += buffer[..<count]
            if let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
                lock.withLock { heads.append(head) }
                if head.hasPrefix("SOURCE ") { break }
                _ = "HTTP/1.0 405 Method Not Allowed\r\n\r\n".withCString { write(connection, $0, strlen($0)) }
                return
            }
        }
        _ = "HTTP/1.0 200 OK\r\n\r\n".withCString { write(connection, $0, strlen($0)) }
        let end = received.firstRange(of: Array("\r\n\r\n".utf8))!.upperBound
        record(Array(received[end...]))
        while true {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            record(Array(buffer[..<count]))
        }
    }

    private func record(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.withLock {
            let now = Date()
            if firstAudio == nil { firstAudio = now }
            audio += bytes
            arrivals.append((now.timeIntervalSince(firstAudio!), audio.count))
        }
    }
}
