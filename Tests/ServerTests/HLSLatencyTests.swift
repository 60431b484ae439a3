import Foundation
import Testing
import TestSupport
@testable import Server

extension ServerTests {
/// How soon a turned knob is heard through HLS, at the default 2 s segments: with plain HLS by
/// ffmpeg, which starts three segments from the playlist's end as RFC 8216 asks, and with
/// LL-HLS by a player that starts PART-HOLD-BACK from it and follows blocking reloads.
@Suite struct HLSLatencyTests {
    /// A test-tone session that has played four segments, and its HLS client.
    static func playingSession(_ server: TestServer) throws -> (token: String, client: HLSClient) {
        let token = try server.createStream("preset=test-tone")
        let client = HLSClient(port: server.port, id: token)
        // Viewers fetching the playlist keep the session playing until a player has three
        // segments and more to choose from.
        while try client.playlist().segments.count < 4 { Thread.sleep(forTimeInterval: 0.5) }
        return (token, client)
    }

    /// Seconds from `sentAt` until the tone in `samples` (mono, 44.1 kHz) left 1 kHz for 2 kHz,
    /// with `heard` telling when a sample was played.
    static func latency(_ samples: [Float], sentAt: Date, heard: (Int) -> Date?) throws -> Double {
        let hop = 441
        let track = pitchTrack(samples, window: 882, hop: hop, sampleRate: 44100)
        // From the start of playback: a change heard before it was sent fails too.
        let index = try #require(firstDeparture(track, from: 1000, towards: 2000, startingAt: 2), "the pitch never changed")
        let heardAt = try #require(heard((index + 1) * hop))
        return heardAt.timeIntervalSince(sentAt)
    }

    @Test func plainHLSIsHeardWithinThreeSegmentsAndASecond() throws {
        let server = try TestServer()
        let (token, client) = try Self.playingSession(server)
        let url = "http://127.0.0.1:\(server.port)\(client.path("live-ts.m3u8"))"
        // ffmpeg -re plays at real time: when a sample comes out is when it is heard.
        let player = try TimedOutput("ffmpeg", ["-nostdin", "-v", "error", "-re", "-i", url, "-flush_packets", "1",
                                                "-ac", "1", "-ar", "44100", "-f", "s16le", "-"])
        Thread.sleep(forTimeInterval: 5)
        let sentAt = Date()
        #expect(try server.get("/set_param?id=\(token)&test_frequency=2000").status == 200)
        let segment = server.configuration.hlsLayout.segmentSeconds
        Thread.sleep(forTimeInterval: 3 * segment + 3)
        player.stop()
        let samples = player.bytes.withUnsafeBytes { $0.bindMemory(to: Int16.self).map { Float($0) / 32768 } }
        let latency = try Self.latency(samples, sentAt: sentAt) { player.arrival(ofByte: 2 * $0) }
        print("plain HLS (ffmpeg, \(segment) s segments): set_param heard after \(String(format: "%.2f", latency)) s")
        #expect(latency > 0 && latency <= 3 * segment + 1, "heard \(latency) s after it was sent")
    }

    @Test func lowLatencyHLSIsHeardWithinTwoSeconds() throws {
        let server = try TestServer()
        let (token, client) = try Self.playingSession(server)
        let player = LowLatencyHLSPlayer(client: client)
        var sentAt = Date.distantFuture
        try player.play(for: 8, then: (atSecond: 4, run: {
            sentAt = Date()
            let reply = try server.get("/set_param?id=\(token)&test_frequency=2000")
            #expect(reply.status == 200)
        }))
        let decoded = try Decoder.ffmpeg(player.frames)
        #expect(decoded.complaints.isEmpty, "\(decoded.complaints)")
        let mono = decoded.samples.channel(0, of: 2)
        let latency = try Self.latency(mono, sentAt: sentAt) { player.heardAt(audioSecond: Double($0) / 44100) }
        print("LL-HLS (\(server.configuration.hlsLayout.partSeconds) s parts): set_param heard after \(String(format: "%.2f", latency)) s, \(player.reloads) blocking reloads")
        #expect(latency > 0 && latency <= 2, "heard \(latency) s after it was sent")
    }
}
}
