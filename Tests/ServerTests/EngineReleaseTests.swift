import Foundation
import Testing
@testable import Server

extension ServerTests {
/// Idle sessions hold no synth or encoder: one is made when a session first has to render and
/// dropped after a quiet spell; a listener who comes later finds the session as it was left.
@Suite struct EngineReleaseTests {
    @Test func aSessionNobodyHeardHasNoEngine() throws {
        let server = try TestServer()
        let token = try server.createStream()
        #expect(try server.session(token).hasEngine == false)
        let capture = try server.stream(token)
        capture.read(for: 0.2)
        #expect(try server.session(token).hasEngine)
    }

    @Test func aQuietSessionDropsItsEngineAndWakesWithItsParametersWithin50ms() throws {
        let server = try TestServer { $0.engineReleaseSeconds = 0.5; $0.idleTimeoutSeconds = 60 }
        let token = try server.createStream("preset=test-tone")
        do {
            let first = try server.stream(token)
            first.read(for: 0.5)
            #expect(try server.get("/set_param?id=\(token)&test_frequency=1500").status == 200)
            first.read(for: 1)
        }  // the listener hangs up

        // The upkeep sweep runs every second.
        let deadline = Date().addingTimeInterval(5)
        while try server.session(token).hasEngine, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try server.session(token).hasEngine == false, "the engine was not released")
        #expect(server.statistics.releasedEngines.current == 1)
        let metrics = try server.get("/metrics").text
        #expect(metrics.contains("synthcast_session_engines 0"), "\(metrics.split(separator: "\n").filter { $0.contains("engines") })")

        let again = try server.stream(token)
        again.read(for: 1.5)
        let firstByte = try #require(again.firstByteTime)
        #expect(firstByte < 0.05, "first byte after \(firstByte) s")
        let decoded = try Decoder.ffmpeg(again.bytes)
        #expect(decoded.complaints.isEmpty, "ffmpeg: \(decoded.complaints)")
        let left = decoded.samples.channel(0, of: 2)
        // After the encoder's start, the tone is the one set before the release.
        #expect(abs(estimatedFrequency(Array(left[4410..<left.count]), sampleRate: 44100) - 1500) < 2)
    }
}
}
