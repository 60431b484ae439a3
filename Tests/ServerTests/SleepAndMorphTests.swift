import Encoder
import Foundation
import Testing
@testable import Server

extension ServerTests {
/// Morphs (a preset's or a change's glide) and the sleep timer, heard in the decoded stream.
@Suite struct SleepAndMorphTests {
    static let sampleRate = 44100.0

    /// The left channel of what a listener got, decoded by ffmpeg.
    static func decodedLeft(_ capture: StreamCapture) throws -> [Float] {
        let whole = Array(capture.bytes[..<(MP3FrameScanner.frames(in: capture.bytes).last?.range.upperBound ?? 0)])
        let decoded = try Decoder.ffmpeg(whole)
        #expect(decoded.complaints.isEmpty, "\(decoded.complaints)")
        return decoded.samples.channel(0, of: 2)
    }

    /// Peak level in dBFS of consecutive pieces of `seconds`.
    static func levels(_ samples: [Float], seconds: Double) -> [Double] {
        let piece = Int(seconds * sampleRate)
        return stride(from: 0, to: samples.count - piece, by: piece).map { decibels(Double(Array(samples[$0..<($0 + piece)]).peak)) }
    }

    @Test func sleepOnCreateStreamFadesToSilenceThenEndsTheStream() throws {
        let server = try TestServer()
        // Silent after 8 s, fading over the last 4.
        let token = try server.createStream("preset=test-tone&sleep=8s")
        let info = try server.get("/sessions/\(token)", headers: ["Accept": "application/json"])
        let timer = try #require((try JSONSerialization.jsonObject(with: Data(info.body)) as? [String: Any])?["timer"] as? [String: Any])
        #expect((timer["fade_seconds"] as? Double) == 4 && ((timer["ends_in"] as? Double) ?? 0) > 7)

        let capture = try server.stream(token)
        capture.read(for: 15)
        #expect(capture.closedByServer, "the stream did not end")
        let levels = Self.levels(try Self.decodedLeft(capture), seconds: 0.25)
        // The tone at -12 dBFS, then the fade from about 4 s: every step down (within the
        // meter's jitter), none up, ending in silence.
        #expect(levels.count >= 32, "\(levels.count) quarter seconds")
        #expect(levels[4..<14].allSatisfy { abs($0 - -12) < 0.6 }, "\(levels)")
        let fade = Array(levels[17..<31])
        #expect(zip(fade, fade.dropFirst()).allSatisfy { $1 <= $0 + 0.3 }, "not a smooth fall: \(fade)")
        #expect(fade.first! > -20 && fade.first! < -12.5, "\(fade)")
        #expect(levels.suffix(2).allSatisfy { $0 < -70 }, "\(levels.suffix(4))")

        let gone = try server.get("/sessions/\(token)")
        #expect(gone.status == 404 || gone.status == 410)
        #expect(gone.text.contains("sleep timer"), "\(gone.text)")
    }

    @Test func theTimerEndpointSetsCancelsAndRefusesBadTimes() throws {
        let server = try TestServer()
        let token = try server.createStream("preset=drone")
        func post(_ body: String) throws -> HTTPTestResponse {
            try httpRequest(port: server.port, "POST", "/sessions/\(token)/timer", body: body)
        }
        #expect(try post("{\"fade_out_after\": -1}").status == 400)
        #expect(try post("{\"fade_out_after\": 10, \"fade_seconds\": 0}").status == 400)
        #expect(try post("{\"fade_out_after\": 10, \"fade\": 5}").text.contains("fade_seconds"))
        #expect(try httpRequest(port: server.port, "DELETE", "/sessions/\(token)/timer").status == 404)
        let set = try post("{\"fade_out_after\": 600, \"fade_seconds\": 20}")
        #expect(set.status == 200)
        #expect(set.text.contains("\"ends_in\":620") || set.text.contains("\"ends_in\":619.9"), "\(set.text)")
        #expect(try httpRequest(port: server.port, "DELETE", "/sessions/\(token)/timer").status == 204)
        #expect(try server.session(token).timer == nil)

        // A timer set while a listener plays: the stream ends about when it said.
        let capture = try server.stream(token)
        capture.read(for: 0.5)
        #expect(try post("{\"fade_out_after\": 1, \"fade_seconds\": 1}").status == 200)
        capture.read(for: 6)
        #expect(capture.closedByServer)
        #expect(capture.elapsed < 5, "ended after \(capture.elapsed) s")
    }

    /// The pitch of the decoded tone, every 20 ms.
    static func pitches(_ left: [Float]) -> [Double] {
        pitchTrack(left, window: 882, hop: 882, sampleRate: sampleRate)
    }

    /// Where a glide from `old` to `new` Hz starts in the track, and the pitch `seconds` later.
    static func pitch(_ track: [Double], secondsAfterLeaving old: Double, towards new: Double, _ seconds: Double) throws -> Double {
        let start = try #require(firstDeparture(track, from: old, towards: new, startingAt: 10, tolerance: 0.02))
        let index = start + Int(seconds / 0.02)
        return track[min(index, track.count - 1)]
    }

    @Test func setParamWithGlideMovesThePitchInOctavesOverTheGlide() throws {
        let server = try TestServer()
        let token = try server.createStream("preset=test-tone")
        let capture = try server.stream(token)
        capture.read(for: 1)
        #expect(try server.get("/set_param?id=\(token)&test_frequency=4000&glide=2").status == 200)
        #expect(try server.get("/set_param?id=\(token)&test_frequency=500&glide=nan").status == 400)
        #expect(try server.get("/set_param?id=\(token)&test_frequency=500&glide=-1").status == 400)
        capture.read(for: 3.5)
        let track = Self.pitches(try Self.decodedLeft(capture))
        // Two octaves in two seconds: 2000 Hz half-way (a straight line in Hz would be at 2500).
        let halfWay = try Self.pitch(track, secondsAfterLeaving: 1000, towards: 4000, 1)
        #expect(abs(halfWay / 2000 - 1) < 0.06, "\(halfWay) Hz half-way")
        #expect(abs(track.last! / 4000 - 1) < 0.01)
    }

    @Test func loadingAPresetWithATransitionMorphsIntoIt() throws {
        let server = try TestServer()
        let token = try server.createStream("preset=test-tone&test_frequency=250")
        let capture = try server.stream(token)
        capture.read(for: 1)
        let loaded = try httpRequest(port: server.port, "POST", "/sessions/\(token)/preset", body: "{\"name\": \"test-tone\", \"transition\": 2}")
        #expect(loaded.status == 200, "\(loaded.text)")
        #expect(try httpRequest(port: server.port, "POST", "/sessions/\(token)/preset", body: "{\"name\": \"test-tone\", \"transition\": -3}").status == 400)
        let patched = try httpRequest(port: server.port, "PATCH", "/sessions/\(token)/params?glide=abc", body: "{\"cutoff\": 500}")
        #expect(patched.status == 400 && patched.text.contains("'glide'"))
        capture.read(for: 3.5)
        let track = Self.pitches(try Self.decodedLeft(capture))
        let halfWay = try Self.pitch(track, secondsAfterLeaving: 250, towards: 1000, 1)
        #expect(abs(halfWay / 500 - 1) < 0.06, "\(halfWay) Hz half-way")
        #expect(abs(track.last! / 1000 - 1) < 0.01)
    }
}
}
