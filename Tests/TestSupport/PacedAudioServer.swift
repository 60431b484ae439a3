import Foundation

/// A one-purpose HTTP server on 127.0.0.1 for stream-checking tests: every GET gets
/// `200 audio/mpeg` and the pieces it was made with, each sent when a player would need it
/// (a piece's `seconds` of audio at `speed` times real time), then the connection closes.
/// A plain socket and a thread per connection: nothing here should look like the real server.
public final class PacedAudioServer: @unchecked Sendable {
    public struct Piece: Sendable {
        public var bytes: [UInt8]
        /// How much audio the piece carries; garbage carries none.
        public var seconds: Double
        public init(_ bytes: [UInt8], seconds: Double) {
            self.bytes = bytes
            self.seconds = seconds
        }
    }

    public let port: Int
    private let listener: Int32
    private let pieces: [Piece]
    private let speed: Double
    private let icy: Icy?

    /// SHOUTcast-style answers: the old `ICY 200 OK` status line, and `title` sent as ICY
    /// metadata after every `interval` bytes of audio.
    public struct Icy: Sendable {
        public var title: String
        public var interval: Int
        public init(title: String, interval: Int = 8192) {
            self.title = title
            self.interval = interval
        }
    }

    /// MP3 frames as pieces, each of 1152 samples at `sampleRate`.
    public static func frames(_ frames: [[UInt8]], sampleRate: Double = 44100) -> [Piece] {
        frames.map { Piece($0, seconds: 1152 / sampleRate) }
    }

    public init(pieces: [Piece], speed: Double = 1, icy: Icy? = nil) throws {
        self.pieces = pieces
        self.speed = speed
        self.icy = icy
        (listener, port) = try listenOnLoopback(backlog: 8)
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting; connections being served run to their end.
    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    public var url: String { "http://127.0.0.1:\(port)/stream.mp3" }

    private func acceptLoop() {
        let listener = listener, pieces = pieces, speed = speed, icy = icy
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread { Self.serve(connection, pieces: pieces, speed: speed, icy: icy) }.start()
        }
    }

    private static func serve(_ connection: Int32, pieces: [Piece], speed: Double, icy: Icy?) {
        defer { Glibc.close(connection) }
        // The request: read until its blank line.
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual([13, 10, 13, 10]) {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            request += buffer[..<count]
        }
        let head = icy.map { "ICY 200 OK\r\nContent-Type: audio/mpeg\r\nicy-metaint: \($0.interval)\r\n\r\n" }
            ?? "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nConnection: close\r\n\r\n"
        guard send(connection, head, head.utf8.count, Int32(MSG_NOSIGNAL)) > 0 else { return }
        var metadata: [UInt8] = []
        if let icy {
            metadata = Array("StreamTitle='\(icy.title)';".utf8)
            metadata += [UInt8](repeating: 0, count: (16 - metadata.count % 16) % 16)
            metadata.insert(UInt8(metadata.count / 16), at: 0)
        }
        var untilMetadata = icy?.interval ?? .max
        let start = Date()
        var due = 0.0
        for piece in pieces {
            let wait = due - Date().timeIntervalSince(start)
            if wait > 0.005 { usleep(UInt32(wait * 1e6)) }
            var bytes: [UInt8] = []
            var rest = piece.bytes[...]
            while rest.count >= untilMetadata, let icy {
                bytes += rest.prefix(untilMetadata) + metadata
                rest = rest.dropFirst(untilMetadata)
                untilMetadata = icy.interval
            }
            bytes += rest
            untilMetadata -= rest.count
            let sent = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == bytes.count else { return }
            due += piece.seconds / speed
        }
    }
}
