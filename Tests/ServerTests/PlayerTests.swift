import Encoder
import Foundation
import Testing
@testable import Server

extension ServerTests {
/// What players and browsers ask of a stream beyond GET: ICY metadata, CORS, HEAD, Range.
@Suite struct PlayerTests {
    /// Splits an ICY stream into its audio and its metadata blocks.
    static func demultiplex(_ bytes: [UInt8], interval: Int) -> (audio: [UInt8], blocks: [String]) {
        var audio: [UInt8] = [], blocks: [String] = []
        var index = 0
        while index + interval < bytes.count {
            audio += bytes[index..<(index + interval)]
            let length = Int(bytes[index + interval]) * 16
            let start = index + interval + 1
            guard start + length <= bytes.count else { break }
            blocks.append(String(decoding: bytes[start..<(start + length)].filter { $0 != 0 }, as: UTF8.self))
            index = start + length
        }
        return (audio, blocks)
    }

    @Test func icyMetadataCarriesThePresetAndTheLastChange() throws {
        let server = try TestServer()
        let token = try server.createStream("preset=drone")
        let capture = try server.stream(token, headers: ["Icy-MetaData": "1"])
        #expect(capture.head.header("icy-metaint") == "16000")
        capture.read(for: 1.5)
        #expect(try server.get("/set_param?id=\(token)&cutoff=800&wave=pulse").status == 200)
        capture.read(for: 2.5)

        let (audio, blocks) = Self.demultiplex(capture.bytes, interval: 16000)
        #expect(blocks.count >= 3)
        #expect(blocks.first == "StreamTitle='Synthcast: drone';")
        #expect(blocks.contains("StreamTitle='Synthcast: drone · cutoff=800, wave=pulse';"), "\(blocks)")
        // A block only when the title changed; an empty one otherwise.
        #expect(blocks.filter { !$0.isEmpty }.count == 2, "\(blocks)")
        // The capture ends where the last whole interval did, mid-frame: decode whole frames.
        let wholeFrames = Array(audio[..<(MP3FrameScanner.frames(in: audio).last?.range.upperBound ?? 0)])
        let decoded = try Decoder.ffmpeg(wholeFrames)
        #expect(decoded.complaints.isEmpty, "the audio between metadata blocks is not clean MP3: \(decoded.complaints)")
        #expect(audioSeconds(audio) >= 3)
    }

    @Test func icyBlocksAreTrimmedToTheLimitAndQuotesReplaced() {
        let block = IcyMetadata.block(title: String(repeating: "x'", count: 5000))
        #expect(Int(block.getInteger(at: 0, as: UInt8.self)!) == 255)
        #expect(block.readableBytes == 1 + 255 * 16)
        let text = block.getString(at: 1, length: block.readableBytes - 1)!
        #expect(text.hasPrefix("StreamTitle='x’x’"))
        #expect(text.trimmingCharacters(in: CharacterSet(charactersIn: "\0")).hasSuffix("';"))
    }

    @Test func browsersGetCORSHeadersAndPreflightAnswers() throws {
        let server = try TestServer()
        let created = try server.get("/create_stream")
        #expect(created.header("Access-Control-Allow-Origin") == "*")
        let connection = try TestConnection(port: server.port)
        try connection.send("OPTIONS /stream?id=x HTTP/1.1\r\nHost: a\r\nOrigin: http://example.com\r\nAccess-Control-Request-Headers: icy-metadata\r\nConnection: close\r\n\r\n")
        let preflight = try connection.readResponse()
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "*")
        #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Icy-MetaData") == true)
        let capture = try server.stream(created.text.trimmingCharacters(in: .newlines))
        #expect(capture.head.header("Access-Control-Allow-Origin") == "*")
        #expect(capture.head.header("Access-Control-Expose-Headers")?.contains("icy-metaint") == true)
    }

    @Test func headOnAStreamGivesItsHeadersWithoutWakingIt() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let connection = try TestConnection(port: server.port)
        try connection.send("HEAD /stream?id=\(token) HTTP/1.1\r\nHost: a\r\n\r\n")
        let head = try connection.readHead()
        #expect(head.status == 200)
        #expect(head.header("Content-Type") == "audio/mpeg")
        #expect(head.header("Content-Length") == nil)
        #expect(connection.receive(timeout: 0.3) == [], "a HEAD reply has no body")
        #expect(try server.session(token).listenerCount == 0)
        #expect(server.statistics.renderedBlocks.current == 0)

        // HEAD on a URL with effects would create a session: refused.
        let refused = try TestConnection(port: server.port)
        try refused.send("HEAD /create_stream HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try refused.readHead().status == 405)
        #expect(server.server.sessionCount == 1)
    }

    @Test func safarisRangeProbeGetsTheFirstBytesThenTheStream() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let probe = try server.get("/stream?id=\(token)", headers: ["Range": "bytes=0-1"])
        #expect(probe.status == 206)
        #expect(probe.header("Content-Range") == "bytes 0-1/*")
        #expect(probe.body == [0xFF, 0xFB])
        #expect(try server.session(token).listenerCount == 0)

        let capture = try StreamCapture(port: server.port, "/stream?id=\(token)", headers: ["Range": "bytes=0-"])
        #expect(capture.head.status == 200)
        capture.read(for: 1)
        #expect(MP3FrameScanner.frames(in: capture.bytes).first?.offset == 0, "the stream starts on a frame")
        #expect(Array(capture.bytes.prefix(2)) == [0xFF, 0xFB])
    }
}
}
