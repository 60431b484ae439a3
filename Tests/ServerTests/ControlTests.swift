import Foundation
import Testing
@testable import Server
import Synth

extension ServerTests {
/// The control URLs' replies and errors, session expiry and limits.
@Suite struct ControlTests {
    @Test func createStreamAnswersJSONWhenAsked() throws {
        let server = try TestServer()
        let response = try server.get("/create_stream?preset=drone&seed=42&cutoff=700", headers: ["Accept": "application/json"])
        #expect(response.status == 201)
        #expect(response.header("Content-Type") == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let id = try #require(object["id"] as? String)
        let listenID = try #require(object["listen_id"] as? String)
        #expect(id.count == 22 && listenID.count == 22 && id != listenID)
        #expect(object["stream_url"] as? String == "http://127.0.0.1/stream?id=\(id)")
        #expect(object["preset"] as? String == "drone")
        #expect(object["seed"] as? Int == 42)
        #expect((object["params"] as? [String: Any])?["cutoff"] as? Double == 700)
        #expect(try server.session(id).parameters.current[.cutoff] == 700)
    }

    @Test func setParamAppliesEveryPairOrNone() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let ok = try server.get("/set_param?id=\(token)&cutoff=650&wave=pulse&reverb_mix=0.25")
        #expect(ok.status == 200)
        #expect(ok.text == "cutoff=650\nwave=pulse\nreverb_mix=0.25\n")
        let json = try server.get("/set_param?id=\(token)&cutoff=700", headers: ["Accept": "application/json"])
        #expect(json.text == "{\"params\":{\"cutoff\":700}}\n")

        let bad = try server.get("/set_param?id=\(token)&cutoff=900&resonance=7")
        #expect(bad.status == 400)
        #expect(bad.text.contains("'resonance'") && bad.text.contains("0...1"), "\(bad.text)")
        #expect(try server.session(token).parameters.current[.cutoff] == 700, "cutoff changed although the batch was refused")
    }

    @Test(arguments: [
        ("/set_param?id=TOKEN&cutof=100", 400, ["unknown parameter 'cutof'", "did you mean 'cutoff'"]),
        ("/set_param?id=TOKEN&cutoff=1e9", 400, ["'cutoff'", "out of range", "20...20000"]),
        ("/set_param?id=TOKEN&cutoff=nan", 400, ["'cutoff'", "finite"]),
        ("/set_param?id=TOKEN&cutoff=inf", 400, ["'cutoff'", "finite"]),
        ("/set_param?id=TOKEN&wave=banana", 400, ["'wave'", "saw", "pulse"]),
        ("/set_param?id=TOKEN&cutoff", 400, ["'cutoff' needs a value"]),
        ("/set_param?id=TOKEN&cutoff=1&cutoff=2", 400, ["'cutoff' is given more than once"]),
        ("/set_param?id=TOKEN", 400, ["no parameter given"]),
        ("/set_param?id=LISTEN&cutoff=500", 403, ["listen-only"]),
        ("/set_param?cutoff=500", 400, ["missing 'id'"]),
        ("/set_param?id=AAAAAAAAAAAAAAAAAAAAAA&cutoff=500", 404, ["unknown session id"]),
        ("/stream?id=AAAAAAAAAAAAAAAAAAAAAA", 404, ["unknown session id"]),
        ("/stream?id=../../etc/passwd", 404, ["unknown session id"]),
        ("/stream", 400, ["missing 'id'"]),
        ("/create_stream?preset=nope", 400, ["no preset named 'nope'", "ambient-pad"]),
        ("/create_stream?preset=../Package", 400, ["'preset' takes a preset name"]),
        ("/create_stream?seed=-1", 400, ["'seed' takes a whole number"]),
        ("/create_stream?tempo=500", 400, ["'tempo'", "out of range"]),
        ("/create_stream?id=x", 400, ["unknown parameter 'id'"]),
        ("/nowhere", 404, ["no such URL", "GET / lists the URLs"]),
        ("/set_param?id=%zz&cutoff=1", 404, ["unknown session id"]),
    ])
    func badRequestsGetClearErrors(target: String, status: Int, phrases: [String]) throws {
        let server = try TestServer()
        let response = try server.get("/create_stream", headers: ["Accept": "application/json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let resolved = target.replacingOccurrences(of: "TOKEN", with: object["id"] as! String)
            .replacingOccurrences(of: "LISTEN", with: object["listen_id"] as! String)
        let reply = try server.get(resolved)
        #expect(reply.status == status, "\(target): \(reply.statusLine) \(reply.text)")
        for phrase in phrases { #expect(reply.text.contains(phrase), "\(target): '\(reply.text)' lacks '\(phrase)'") }

        let json = try server.get(resolved, headers: ["Accept": "application/json"])
        let error = try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any]
        #expect(error?["error"] is String, "\(target): JSON error body \(json.text)")
    }

    @Test func otherMethodsAreRefused() throws {
        let server = try TestServer()
        let connection = try TestConnection(port: server.port)
        try connection.send("POST /create_stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET")
    }

    @Test func malformedHTTPGetsBadRequestAndTheServerGoesOn() throws {
        let server = try TestServer()
        let connection = try TestConnection(port: server.port)
        try connection.send("THIS IS NOT HTTP\r\n\r\n")
        #expect(try connection.readResponse().status == 400)
        #expect(try server.get("/create_stream").status == 200)
    }

    @Test func listenOnlyIDPlaysTheSameSession() throws {
        let server = try TestServer()
        let response = try server.get("/create_stream", headers: ["Accept": "application/json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let capture = try server.stream(object["listen_id"] as! String)
        capture.read(for: 0.5)
        #expect(capture.head.status == 200)
        #expect(try server.session(object["id"] as! String).listenerCount == 1)
    }

    @Test func maxSessionsIsEnforced() throws {
        let server = try TestServer { $0.maxSessions = 2 }
        _ = try server.createStream()
        _ = try server.createStream()
        let refused = try server.get("/create_stream")
        #expect(refused.status == 503)
        #expect(refused.text.contains("limit of 2 sessions"))
    }

    @Test func idleSessionsExpireAndListenersKeepThemAlive() throws {
        let server = try TestServer { $0.idleTimeoutSeconds = 1; $0.maxSessions = 2 }
        let idle = try server.createStream()
        let heard = try server.createStream()
        let capture = try server.stream(heard)
        capture.read(for: 2.5)
        let expired = try server.get("/stream?id=\(idle)")
        #expect(expired.status == 404)
        #expect(expired.text.contains("expired"))
        #expect(try server.get("/set_param?id=\(heard)&cutoff=500").status == 200, "a session with a listener expired")
        // Its slot is free again.
        _ = try server.createStream()
    }

    @Test func quietSessionDoesNoWorkAndSurvivesItsListenerLeaving() throws {
        let server = try TestServer()
        let token = try server.createStream()
        do {
            let capture = try server.stream(token)
            capture.read(for: 1)
        }
        Thread.sleep(forTimeInterval: 0.3)
        let blocks = server.statistics.renderedBlocks.current
        #expect(blocks > 0)
        Thread.sleep(forTimeInterval: 1)
        #expect(server.statistics.renderedBlocks.current == blocks, "a session with no listeners kept rendering")
        #expect(try server.session(token).listenerCount == 0)
        #expect(try server.get("/set_param?id=\(token)&cutoff=500").status == 200)
        let again = try server.stream(token)
        again.read(for: 1)
        #expect(try Decoder.ffmpeg(again.bytes).complaints.isEmpty)
        #expect(audioSeconds(again.bytes) > 1)
    }
}
}

extension ServerTests {
/// Admission control: work that would overload the render threads is refused up front.
@Suite struct AdmissionTests {
    @Test func startUpCalibrationMeasuresADefaultSession() throws {
        let load = try TestServer().server.service.typicalSessionLoad
        #expect(load > 0.001 && load < 0.5, "a default session measured at \(load) of a core")
    }

    @Test func workBeyondTheRenderBudgetIsRefusedAndRunningStreamsKeepRealTime() throws {
        // One render thread allowed 8 % of its time, and an unmeasured session assumed to
        // cost 5 %: the first session fits, a second one does not.
        let server = try TestServer { $0.renderThreads = 1; $0.maxRenderLoad = 0.08; $0.assumedSessionLoad = 0.05 }
        let playing = try server.createStream()
        let quiet = try server.createStream()  // quiet sessions cost nothing: admitted
        let capture = try server.stream(playing)
        capture.read(for: 0.3)

        let refused = try server.get("/create_stream")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "10")
        #expect(refused.text.contains("render capacity"), "\(refused.text)")
        let wake = try server.get("/stream?id=\(quiet)")
        #expect(wake.status == 503, "a listener woke a quiet session past the budget")
        #expect(wake.text.contains("waking this quiet session"))
        // Another listener of a session that is already playing costs no rendering.
        let second = try server.stream(playing)
        #expect(second.head.status == 200)

        capture.read(for: 2)
        #expect(capture.realTimeError < 0.03)
        #expect(server.statistics.deadlineMisses.current == 0)
    }
}
}
