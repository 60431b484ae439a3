import Foundation
import Testing
@testable import Server

/// A real server, real sockets on 127.0.0.1, real decoders. Serialized, all suites of it:
/// several tests check timing against the wall clock, and the machine has two cores.
@Suite(.serialized) enum ServerTests {}

extension ServerTests {
/// Streaming: real time, decoders, players, fan-out, pacing of parameter changes.
@Suite struct StreamingTests {
    @Test func streamDecodesCleanlyAndKeepsRealTime() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let capture = try server.stream(token)
        #expect(capture.head.statusLine.hasPrefix("HTTP/1.1 200"))
        #expect(capture.head.header("Content-Type") == "audio/mpeg")
        #expect(capture.head.header("Content-Length") == nil)
        #expect(capture.head.header("Transfer-Encoding") == nil)
        #expect(capture.head.header("Cache-Control")?.contains("no-cache") == true)
        #expect(capture.head.header("icy-br") == "128")
        #expect(capture.head.header("icy-metaint") == nil, "metadata only for players that ask")
        #expect(capture.head.header("icy-name")?.contains("default") == true)

        capture.read(for: 5)
        let burst = capture.audioReceived(within: 0.05)
        #expect(burst > 0.3 && burst <= 0.5 + 0.03, "burst \(burst) s")
        #expect(capture.realTimeError < 0.03, "received \(audioSeconds(capture.bytes)) s in \(capture.elapsed) s + burst \(burst) s")
        #expect(server.statistics.deadlineMisses.current == 0)

        let ffmpeg = try Decoder.ffmpeg(capture.bytes)
        #expect(ffmpeg.complaints.isEmpty, "ffmpeg: \(ffmpeg.complaints)")
        #expect(Double(ffmpeg.samples.count / 2) / 44100 > 5)
        #expect(ffmpeg.samples.contains { abs($0) > 0.01 }, "the default preset is not silent")
        let mpg123 = try Decoder.mpg123(capture.bytes)
        #expect(mpg123.complaints.isEmpty, "mpg123: \(mpg123.complaints)")
    }

    @Test func listenersGetAudioInWritesOfHalfTheLead() throws {
        let server = try TestServer()
        let capture = try server.stream(try server.createStream())
        capture.read(for: 4)
        // Arrivals closer than 30 ms apart are one write split by the socket.
        var writes: [(time: Double, bytes: Int)] = []
        var previous = (time: 0.0, bytes: 0)
        for arrival in capture.arrivals where arrival.time > 0.5 {
            if writes.isEmpty || arrival.time - writes.last!.time > 0.03 { writes.append((arrival.time, arrival.bytes - previous.bytes)) }
            else { writes[writes.count - 1].bytes += arrival.bytes - previous.bytes }
            previous = arrival
        }
        let frames = server.configuration.framesPerWrite
        let writeSeconds = Double(frames * 1152) / 44100
        #expect(frames == 8, "the whole blocks that fit in half of the default lead")
        let perSecond = Double(writes.count) / (capture.elapsed - 0.5)
        #expect(abs(perSecond - 1 / writeSeconds) < 1, "\(perSecond) writes per second, expected \(1 / writeSeconds)")
        let typical = writes.map(\.bytes).sorted()[writes.count / 2]
        #expect(abs(audioSeconds(capture.bytes.prefix(typical)) - writeSeconds) < 0.03, "a write holds \(typical) bytes")
    }

    @Test func httpOneZeroPlayerGetsAnHTTPOneZeroStream() throws {
        let server = try TestServer()
        let capture = try server.stream(try server.createStream(), version: "1.0")
        #expect(capture.head.statusLine.hasPrefix("HTTP/1.0 200"))
        #expect(capture.head.header("Content-Length") == nil)
        #expect(capture.head.header("Transfer-Encoding") == nil)
        capture.read(for: 1.5)
        let decoded = try Decoder.ffmpeg(capture.bytes)
        #expect(decoded.complaints.isEmpty, "ffmpeg: \(decoded.complaints)")
        #expect(audioSeconds(capture.bytes) > 1.5)
    }

    @Test func setParamChangesPitchWithinLeadPlusOneBlock() throws {
        let server = try TestServer()
        let token = try server.createStream("preset=test-tone")
        let capture = try server.stream(token)
        capture.read(for: 2)
        let sentAt = capture.elapsed
        let reply = try server.get("/set_param?id=\(token)&test_frequency=2000")
        #expect(reply.status == 200)
        #expect(reply.text == "test_frequency=2000\n")
        capture.read(for: 1.5)

        let decoded = try Decoder.ffmpeg(capture.bytes)
        let left = decoded.samples.channel(0, of: 2)
        let hop = 44  // 5 ms windows every 1 ms
        let track = pitchTrack(left, window: 220, hop: hop, sampleRate: 44100)
        // Search from the start of the stream: a change heard before it was sent fails too.
        let changed = try #require(firstDeparture(track, from: 1000, towards: 2000, startingAt: 100), "the pitch never changed")
        let heardAt = Double((changed + 1) * hop) / 44100
        let latency = heardAt - sentAt
        let configuration = server.configuration
        let block = Double(configuration.framesPerBlock * 1152) / 44100
        #expect(latency > 0 && latency <= configuration.leadSeconds + block, "change heard \(latency) s after it was sent")
        #expect(abs(estimatedFrequency(Array(left[11025..<44100]), sampleRate: 44100) - 1000) < 1)
        #expect(abs(estimatedFrequency(Array(left.suffix(22050)), sampleRate: 44100) - 2000) < 2)
    }

    @Test func listenersShareFramesAndAStalledOneIsDropped() throws {
        let server = try TestServer { $0.maxListenerLagSeconds = 1 }
        let token = try server.createStream()
        let first = try server.stream(token)
        first.read(for: 1.5)
        let second = try server.stream(token)
        let stalled = try server.stream(token, receiveBuffer: 4096)
        var waited = 0.0
        while waited < 6 {
            first.read(for: 0.05)
            second.read(for: 0.05)
            waited += 0.1
        }
        #expect(server.statistics.droppedListeners.current == 1, "the listener that stopped reading was not dropped")
        #expect(server.statistics.deadlineMisses.current == 0)
        #expect(first.realTimeError < 0.03 && second.realTimeError < 0.03,
                "real-time error \(first.realTimeError), \(second.realTimeError)")

        // From the second listener's first frame on, both got the same frames.
        let a = frameBytes(first.bytes), b = frameBytes(second.bytes)
        let start = try #require(a.firstIndex(of: b[0]), "the second listener's first frame is not in the first's stream")
        let common = min(a.count - start, b.count)
        #expect(common > 100)
        #expect(Array(a[start..<(start + common)]) == Array(b[0..<common]))

        // The stalled player finds the end of its stream once it reads again.
        stalled.read(for: 3)
        #expect(stalled.closedByServer)
        #expect(try server.session(token).listenerCount == 2)
    }

    @Test func sameSeedAndPresetGiveTheSameStream() throws {
        let server = try TestServer()
        let a = try server.stream(try server.createStream("preset=arpeggio&seed=7"))
        let b = try server.stream(try server.createStream("preset=arpeggio&seed=7"))
        a.read(for: 1)
        b.read(for: 1)
        let framesA = frameBytes(a.bytes), framesB = frameBytes(b.bytes)
        let common = min(framesA.count, framesB.count)
        #expect(common > 30)
        #expect(Array(framesA[0..<common]) == Array(framesB[0..<common]))
    }
}
}
