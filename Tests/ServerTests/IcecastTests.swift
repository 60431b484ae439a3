import Encoder
import Foundation
import Testing
@testable import Server

/// Synthcast as an Icecast source, against Debian's Icecast 2 on loopback: `synthcast push`
/// and a server's outputs, the faults the issue names (wrong password, mount in use, Icecast
/// killed and restarted), a relay through a second Icecast, and the legacy SOURCE fallback.
@Suite("Icecast source", .serialized)
struct IcecastTests {
    static var synthcast: URL { BuiltProducts.synthcast }
    static let presets = BuiltProducts.repository.appendingPathComponent("presets").path

    /// `synthcast push` of the 1 kHz test tone to `mount`, left running.
    static func push(_ url: String, _ extra: [String] = []) throws -> BackgroundCommand {
        try BackgroundCommand(synthcast, ["push", "--preset", "test-tone", "--presets", presets] + extra + [url])
    }

    /// `seconds` of a mount as a listener hears it, cut to whole frames (a capture stops mid-frame).
    static func listen(to port: Int, _ mount: String, seconds: Double) throws -> [UInt8] {
        let capture = try StreamCapture(port: port, mount)
        guard capture.head.status == 200 else { throw TestClientError("\(mount): \(capture.head.statusLine)") }
        capture.read(for: seconds)
        return Array(capture.bytes[..<(MP3FrameScanner.frames(in: capture.bytes).last?.range.upperBound ?? 0)])
    }

    /// The tone of a mount's latest two seconds, as ffmpeg decodes it, and what ffmpeg
    /// complained about. (Icecast starts a listener with a burst of 64 KiB, four seconds of
    /// audio from before it came.)
    static func tone(_ bytes: [UInt8]) throws -> (hertz: Double, complaints: String) {
        let decoded = try Decoder.ffmpeg(bytes)
        let left = stride(from: 0, to: decoded.samples.count, by: 2).map { decoded.samples[$0] }
        return (estimatedFrequency(Array(left.suffix(2 * 44100)), sampleRate: 44100), decoded.complaints)
    }

    static func json(_ response: HTTPTestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "\(response.text)")
    }

    @Test("push: the mount plays the tone cleanly, the checker passes it, Icecast shows name, format and title; Ctrl-C ends it cleanly")
    func pushTheTestTone() throws {
        let icecast = try LoopbackIcecast()
        let push = try Self.push(icecast.sourceURL("/tone.mp3"), ["--genre", "Test signals", "--description", "A steady tone"])
        let source = try #require(icecast.waitForSource("/tone.mp3", timeout: 10) { $0["title"] as? String == "Synthcast: test-tone" },
                                  "no titled mount: \(push.output)")
        #expect(source["server_name"] as? String == "Synthcast: test-tone")
        #expect(source["genre"] as? String == "Test signals")
        #expect(source["server_description"] as? String == "A steady tone")
        #expect(source["audio_info"] as? String == "ice-samplerate=44100;ice-bitrate=128;ice-channels=2")

        let check = try runCommand(Self.synthcast.path, ["check", "--seconds", "4", "--expect-tone", "1000", "http://127.0.0.1:\(icecast.port)/tone.mp3"])
        #expect(check.status == 0, "check: \(check.output) \(check.error)")

        let heard = try Self.tone(try Self.listen(to: icecast.port, "/tone.mp3", seconds: 3))
        #expect(heard.complaints.isEmpty, "ffmpeg: \(heard.complaints)")
        #expect(abs(heard.hertz - 1000) < 5, "\(heard.hertz) Hz")

        push.signal(SIGINT)
        #expect(push.waitForExit(timeout: 5) == 0, "\(push.output)")
        #expect(waitUntilGone(icecast, "/tone.mp3"), "the mount outlived its source")
        #expect(!push.output.contains(icecast.sourcePassword), "the password was printed")
    }

    @Test("a wrong password is an authentication error (exit 1); a mount in use is said so (exit 1); neither prints the password")
    func refusals() throws {
        let icecast = try LoopbackIcecast()
        let wrong = try Self.push(icecast.sourceURL("/tone.mp3", password: "not-the-password"), ["--seconds", "5"])
        #expect(wrong.waitForExit(timeout: 10) == 1)
        #expect(wrong.output.contains("authentication failed"), "\(wrong.output)")
        #expect(!wrong.output.contains("not-the-password"))

        let first = try Self.push(icecast.sourceURL("/tone.mp3"), ["--seconds", "20"])
        _ = try #require(icecast.waitForSource("/tone.mp3", timeout: 10), "\(first.output)")
        let second = try Self.push(icecast.sourceURL("/tone.mp3"), ["--seconds", "5"])
        #expect(second.waitForExit(timeout: 10) == 1)
        #expect(second.output.contains("mountpoint in use"), "\(second.output)")
        #expect(!second.output.contains(icecast.sourcePassword))
        #expect(first.isRunning, "the first source must keep its mount")

        // The password from a file instead of the URL.
        let file = icecast.folder.appendingPathComponent("password")
        try (icecast.sourcePassword + "\n").write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try Self.push("icecast://127.0.0.1:\(icecast.port)/other.mp3", ["--seconds", "20", "--password-file", file.path])
        #expect(icecast.waitForSource("/other.mp3", timeout: 10) != nil, "\(fromFile.output)")
    }

    @Test("Icecast killed mid-push and started again: the push reconnects within its backoff and the mount plays again")
    func pushSurvivesIcecastRestart() throws {
        let icecast = try LoopbackIcecast()
        let push = try Self.push(icecast.sourceURL("/tone.mp3"))
        _ = try #require(icecast.waitForSource("/tone.mp3", timeout: 10), "\(push.output)")
        icecast.kill()
        Thread.sleep(forTimeInterval: 3)
        try icecast.start()
        let restarted = Date()
        // Attempts come 1, 3, 7 s after the drop (±20 %): one is due at most ~5.5 s after the restart.
        #expect(icecast.waitForSource("/tone.mp3", timeout: 10) != nil, "\(push.output)")
        #expect(Date().timeIntervalSince(restarted) < 6)
        let heard = try Self.tone(try Self.listen(to: icecast.port, "/tone.mp3", seconds: 2))
        #expect(abs(heard.hertz - 1000) < 5)
        #expect(push.output.contains("icecast output reconnecting"))
        #expect(!push.output.contains(icecast.sourcePassword))
        push.signal(SIGTERM)
        #expect(push.waitForExit(timeout: 5) == 0)
    }

    @Test("with Icecast gone: a reconnect after 1, 2, 4 s (±20 %), one line each, and --max-retries gives up, exit 1")
    func pushBacksOffAndGivesUp() throws {
        let port = try freeLoopbackPort()
        let started = Date()
        let push = try Self.push("icecast://source:x@127.0.0.1:\(port)/tone.mp3", ["--max-retries", "3"])
        #expect(push.waitForExit(timeout: 15) == 1)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed > 7 * 0.8 && elapsed < 7 * 1.2 + 1.5, "\(elapsed) s for three retries")
        let lines = push.output.split(separator: "\n").filter { $0.contains("icecast output reconnecting") }
        let delays = lines.compactMap { line in line.split(separator: " ").first { $0.hasPrefix("in_s=") }.flatMap { Double($0.dropFirst(5)) } }
        #expect(delays.count == 3, "\(push.output)")
        for (delay, nominal) in zip(delays, [1.0, 2.0, 4.0]) {
            #expect(delay >= nominal * 0.8 - 0.05 && delay <= nominal * 1.2 + 0.05, "\(delays)")
        }
        #expect(push.output.contains("gave up after 3 retries"), "\(push.output)")
        #expect(push.output.contains("Connection refused"), "\(push.output)")
    }

    @Test("the backoff doubles from 1 s and stays within 30 s, with 20 % jitter")
    func backoffSchedule() {
        let backoff = ReconnectBackoff()
        for attempt in 1...12 {
            let nominal = min(30, pow(2, Double(attempt - 1)))
            let seconds = (0..<50).map { _ in Double(backoff.delay(beforeAttempt: attempt).nanoseconds) * 1e-9 }
            // (A nanosecond's rounding either way.)
            #expect(seconds.allSatisfy { $0 >= nominal * 0.8 - 1e-6 && $0 <= min(30, nominal * 1.2) + 1e-6 }, "attempt \(attempt): \(seconds)")
            #expect(Set(seconds).count > 1, "no jitter")
        }
    }

    @Test("a relay: a second Icecast relaying the first carries the pushed stream to its own listeners")
    func relayThroughASecondIcecast() throws {
        let origin = try LoopbackIcecast()
        let push = try Self.push(origin.sourceURL("/tone.mp3"))
        _ = try #require(origin.waitForSource("/tone.mp3", timeout: 10), "\(push.output)")
        let edge = try LoopbackIcecast(relay: (origin.port, "/tone.mp3"))
        _ = try #require(edge.waitForSource("/tone.mp3", timeout: 15), "the relay never started: \(edge.errorLog.suffix(1500))")
        let heard = try Self.tone(try Self.listen(to: edge.port, "/tone.mp3", seconds: 3))
        #expect(heard.complaints.isEmpty, "ffmpeg: \(heard.complaints)")
        #expect(abs(heard.hertz - 1000) < 5)
    }

    @Test("a server without PUT gets the legacy SOURCE, with the stream's headers, and the audio at real-time pace")
    func legacySourceFallback() throws {
        let legacy = try LegacySourceServer()
        let push = try Self.push("icecast://source:secret@127.0.0.1:\(legacy.port)/old.mp3", ["--seconds", "4", "--name", "Old school"])
        #expect(push.waitForExit(timeout: 15) == 0, "\(push.output)")
        // The title update (GET /admin/metadata) comes on a connection of its own.
        let requests = legacy.requests.filter { !$0.hasPrefix("GET ") }
        #expect(requests.count == 2, "\(requests)")
        #expect(requests.first?.hasPrefix("PUT /old.mp3 HTTP/1.1") == true)
        #expect(requests.first?.lowercased().contains("expect: 100-continue") == true)
        let source = try #require(requests.last)
        #expect(source.hasPrefix("SOURCE /old.mp3 HTTP/1.0"))
        let credentials = Data("source:secret".utf8).base64EncodedString()
        for header in ["authorization: Basic \(credentials)", "content-type: audio/mpeg", "ice-name: Old school", "ice-public: 0",
                       "ice-audio-info: ice-samplerate=44100;ice-bitrate=128;ice-channels=2"] {
            #expect(source.lowercased().contains(header.lowercased()), "no '\(header)' in \(source)")
        }
        // Real time plus the lead: 4 s of pushing is about 4.5 s of audio, not a render's worth.
        let seconds = audioSeconds(legacy.bytes)
        #expect(seconds > 3.5 && seconds < 5.5, "\(seconds) s of audio in 4 s")
        let late = legacy.timeline.first { $0.time >= 2 }.map { audioSeconds(legacy.bytes.prefix($0.bytes)) - $0.time } ?? 0
        #expect(late < 1, "after 2 s the source was \(late) s ahead")
        #expect(try Decoder.ffmpeg(legacy.bytes).complaints.isEmpty)
    }

    // MARK: A server's outputs

    @Test("an output of a running server: 201 without the password, streams, the title follows set_param, /metrics counts it, DELETE ends it")
    func serverOutput() throws {
        let icecast = try LoopbackIcecast()
        let logs = LogRecorder()
        let server = try TestServer(logs: logs)
        let token = try server.createStream("preset=test-tone")
        let body = #"{"url": "\#(icecast.sourceURL("/session.mp3"))", "name": "A session", "genre": "Tone"}"#
        let created = try httpRequest(port: server.port, "POST", "/sessions/\(token)/outputs", body: body)
        #expect(created.status == 201, "\(created.text)")
        #expect(!created.text.contains(icecast.sourcePassword))
        let output = try Self.json(created)
        #expect(output["url"] as? String == "icecast://source@127.0.0.1:\(icecast.port)/session.mp3")
        let id = try #require(output["id"] as? String)

        _ = try #require(icecast.waitForSource("/session.mp3") { $0["title"] as? String == "Synthcast: test-tone" }, "\(logs.messages)")
        #expect(try server.get("/set_param?id=\(token)&test_frequency=500").status == 200)
        #expect(icecast.waitForSource("/session.mp3", timeout: 5) { ($0["title"] as? String)?.contains("test_frequency=500") == true } != nil)
        let heard = try Self.tone(try Self.listen(to: icecast.port, "/session.mp3", seconds: 3))
        #expect(abs(heard.hertz - 500) < 5, "\(heard.hertz) Hz")

        let list = try Self.json(try server.get("/sessions/\(token)/outputs"))
        let rows = try #require(list["outputs"] as? [[String: Any]])
        #expect(rows.first?["state"] as? String == "streaming")
        #expect(rows.first?["retries"] as? Int == 0)
        let metrics = try server.get("/metrics").text
        #expect(metrics.contains(#"synthcast_icecast_outputs{state="streaming"} 1"#), "\(metrics)")
        let sessionInfo = try server.get("/sessions/\(token)").text
        #expect(sessionInfo.contains("\"outputs\"") && !sessionInfo.contains(icecast.sourcePassword))

        #expect(try httpRequest(port: server.port, "DELETE", "/sessions/\(token)/outputs/\(id)").status == 204)
        #expect(waitUntilGone(icecast, "/session.mp3"), "the mount outlived the output")
        #expect(!logs.messages.joined().contains(icecast.sourcePassword))
    }

    @Test("outputs: a wrong password fails the output with the reason; bad URLs and listen-only ids are refused")
    func serverOutputRefusals() throws {
        let icecast = try LoopbackIcecast()
        let server = try TestServer()
        let token = try server.createStream("preset=test-tone")
        let body = #"{"url": "\#(icecast.sourceURL("/s.mp3", password: "wrong-one"))"}"#
        let created = try httpRequest(port: server.port, "POST", "/sessions/\(token)/outputs", body: body)
        #expect(created.status == 201)
        let deadline = Date().addingTimeInterval(10)
        var row: [String: Any] = [:]
        repeat {
            row = (try Self.json(try server.get("/sessions/\(token)/outputs"))["outputs"] as? [[String: Any]])?.first ?? [:]
            if row["state"] as? String == "failed" { break }
            usleep(100_000)
        } while Date() < deadline
        #expect(row["state"] as? String == "failed")
        #expect((row["error"] as? String)?.contains("authentication failed") == true, "\(row)")
        #expect(!(row["error"] as? String ?? "").contains("wrong-one"))
        #expect(try server.get("/metrics").text.contains(#"synthcast_icecast_failures_total 1"#))

        for (url, phrase) in [("http://127.0.0.1:8000/x", "not an Icecast URL"), ("icecast://127.0.0.1:8000", "no mount point"),
                              ("icecast://127.0.0.1:8000/x", "no source password"), ("icecast://s:p@127.0.0.1:99999/x", "port")] {
            let refused = try httpRequest(port: server.port, "POST", "/sessions/\(token)/outputs", body: #"{"url": "\#(url)"}"#)
            #expect(refused.status == 400 && refused.text.contains(phrase), "\(url): \(refused.text)")
        }
        let session = try Self.json(try server.get("/sessions/\(token)"))
        let listenOnly = try #require(session["listen_id"] as? String)
        #expect(try httpRequest(port: server.port, "POST", "/sessions/\(listenOnly)/outputs", body: body).status == 403)
        #expect(try server.get("/sessions/\(listenOnly)/outputs").status == 403)
        #expect(try httpRequest(port: server.port, "DELETE", "/sessions/\(token)/outputs/nope").status == 404)
    }

    @Test("an output that retries keeps its session from expiring; one that failed does not")
    func outputsAndIdleExpiry() throws {
        let icecast = try LoopbackIcecast()
        let server = try TestServer { $0.idleTimeoutSeconds = 1 }
        let retrying = try server.createStream("preset=test-tone")
        let failing = try server.createStream("preset=test-tone")
        let closed = try freeLoopbackPort()
        for (token, url) in [(retrying, "icecast://source:x@127.0.0.1:\(closed)/r.mp3"), (failing, icecast.sourceURL("/f.mp3", password: "wrong"))] {
            #expect(try httpRequest(port: server.port, "POST", "/sessions/\(token)/outputs", body: #"{"url": "\#(url)"}"#).status == 201)
        }
        Thread.sleep(forTimeInterval: 3)
        #expect(try server.get("/sessions/\(retrying)").status == 200, "a retrying output's session expired")
        let expired = try server.get("/sessions/\(failing)")
        #expect(expired.status == 404 && expired.text.contains("expired"), "\(expired.text)")
    }

    @Test("Icecast killed under a server's output: it reconnects and plays again, while a direct listener keeps real time")
    func serverOutputSurvivesIcecastRestart() throws {
        let icecast = try LoopbackIcecast()
        let server = try TestServer()
        let token = try server.createStream("preset=test-tone")
        let body = #"{"url": "\#(icecast.sourceURL("/s.mp3"))"}"#
        #expect(try httpRequest(port: server.port, "POST", "/sessions/\(token)/outputs", body: body).status == 201)
        _ = try #require(icecast.waitForSource("/s.mp3", timeout: 10))
        let listener = try server.stream(token)
        listener.read(for: 1)
        icecast.kill()
        listener.read(for: 3)
        #expect(try Self.json(try server.get("/sessions/\(token)/outputs"))["outputs"].map { "\($0)" }?.contains("retrying") == true)
        try icecast.start()
        let restarted = Date()
        while icecast.waitForSource("/s.mp3", timeout: 0.1) == nil, Date().timeIntervalSince(restarted) < 10 { listener.read(for: 0.2) }
        #expect(Date().timeIntervalSince(restarted) < 6, "no reconnect within the backoff")
        listener.read(for: 1)
        // The direct listener: real time (after its join burst), no stall, through it all.
        let seconds = audioSeconds(listener.bytes) - listener.audioReceived(within: 0.3)
        let elapsed = listener.elapsed - 0.3
        #expect(seconds / elapsed > 0.95, "\(seconds) s of audio in \(elapsed) s")
        let stalls = zip(listener.arrivals, listener.arrivals.dropFirst()).map { $1.time - $0.time }.max() ?? 0
        #expect(stalls < 1, "the listener waited \(stalls) s for audio")
        let heard = try Self.tone(try Self.listen(to: icecast.port, "/s.mp3", seconds: 2))
        #expect(abs(heard.hertz - 1000) < 5)
        let row = (try Self.json(try server.get("/sessions/\(token)/outputs"))["outputs"] as? [[String: Any]])?.first
        #expect(row?["state"] as? String == "streaming")
        #expect((row?["retries"] as? Int ?? 0) >= 1)
    }
}

/// Waits until `mount` has no source; false if it still has one after 5 s.
private func waitUntilGone(_ icecast: LoopbackIcecast, _ mount: String) -> Bool {
    let deadline = Date().addingTimeInterval(5)
    while (try? icecast.sources()[mount]) != nil {
        guard Date() < deadline else { return false }
        usleep(100_000)
    }
    return true
}
