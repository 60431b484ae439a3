import Foundation
import Presets
import Synth
import Testing
@testable import Server

extension ServerTests {
/// The JSON API beside the three URLs: sessions as resources, schema, presets, access.
@Suite struct JSONAPITests {
    static func json(_ response: HTTPTestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "not a JSON object: \(response.text)")
    }

    @Test func aSessionsWholeLifeThroughTheAPI() throws {
        let server = try TestServer()
        let created = try httpRequest(port: server.port, "POST", "/sessions",
                                      body: #"{"preset": "drone", "seed": 5, "params": {"cutoff": 700, "wave": "pulse"}}"#)
        #expect(created.status == 201, "\(created.text)")
        let session = try Self.json(created)
        let id = try #require(session["id"] as? String)
        #expect(session["preset"] as? String == "drone")
        #expect(session["seed"] as? Int == 5)
        #expect((session["params"] as? [String: Any])?["wave"] as? String == "pulse")
        #expect(session["stream_url"] as? String == "http://127.0.0.1/stream?id=\(id)")

        let capture = try server.stream(id)
        capture.read(for: 0.5)
        let shown = try Self.json(try server.get("/sessions/\(id)"))
        #expect(shown["listeners"] as? Int == 1)
        #expect((shown["render_load"] as? Double).map { $0 > 0 && $0 < 1 } == true, "render load \(shown["render_load"] ?? "none")")

        let patched = try httpRequest(port: server.port, "PATCH", "/sessions/\(id)/params", body: #"{"cutoff": 900, "reverb_mix": 0.5}"#)
        #expect(patched.status == 200)
        #expect(patched.text == #"{"params":{"cutoff":900,"reverb_mix":0.5}}"# + "\n")
        let refused = try httpRequest(port: server.port, "PATCH", "/sessions/\(id)/params", body: #"{"cutoff": 100, "resonance": 7}"#)
        #expect(refused.status == 400)
        #expect(try Self.json(refused)["error"] as? String == "'resonance' = 7 is out of range; allowed 0...1")
        #expect(try server.session(id).parameters.current[.cutoff] == 900, "half of a refused batch was applied")

        let loaded = try httpRequest(port: server.port, "POST", "/sessions/\(id)/preset", body: #"{"name": "bells"}"#)
        #expect(loaded.status == 200)
        let bells = try PresetLibrary.load(file: TestServer.presets.file(named: "bells"))
        #expect(try server.session(id).parameters.current == bells.parameters)
        #expect(try Self.json(try server.get("/sessions/\(id)"))["preset"] as? String == "bells")

        let deleted = try httpRequest(port: server.port, "DELETE", "/sessions/\(id)")
        #expect(deleted.status == 204)
        capture.read(for: 1)
        #expect(capture.closedByServer, "a listener of a deleted session was not given an end")
        let gone = try server.get("/sessions/\(id)")
        #expect(gone.status == 404)
        #expect(gone.text.contains("was deleted"))
    }

    @Test func theListenOnlyIDReadsButControlsNothing() throws {
        let server = try TestServer()
        let session = try Self.json(try httpRequest(port: server.port, "POST", "/sessions", body: "{}"))
        let listen = try #require(session["listen_id"] as? String)
        let shown = try Self.json(try server.get("/sessions/\(listen)"))
        #expect(shown["id"] == nil && shown["stream_url"] == nil, "a listen-only caller saw the control token")
        #expect(shown["listen_url"] != nil)
        #expect(try httpRequest(port: server.port, "PATCH", "/sessions/\(listen)/params", body: #"{"cutoff": 500}"#).status == 403)
        #expect(try httpRequest(port: server.port, "POST", "/sessions/\(listen)/preset", body: #"{"name": "drone"}"#).status == 403)
        #expect(try httpRequest(port: server.port, "DELETE", "/sessions/\(listen)").status == 403)
        #expect(server.server.sessionCount == 1)
    }

    @Test func listingSessionsIsTheOperatorsPower() throws {
        let open = try TestServer()
        _ = try open.createStream()
        let listed = try Self.json(try open.get("/sessions"))
        #expect((listed["sessions"] as? [[String: Any]])?.count == 1, "loopback is the operator")

        let closed = try TestServer { $0.loopbackIsAdmin = false }
        #expect(try closed.get("/sessions").status == 403)
        let guarded = try TestServer { $0.loopbackIsAdmin = false; $0.adminToken = "s3cret" }
        let anonymous = try guarded.get("/sessions")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate") == "Bearer")
        #expect(try guarded.get("/sessions", headers: ["Authorization": "Bearer wrong!"]).status == 403)
        #expect(try guarded.get("/sessions", headers: ["Authorization": "Bearer s3cret"]).status == 200)
    }

    @Test func schemaPresetsAndHealth() throws {
        let server = try TestServer()
        let schema = try #require(try Self.json(try server.get("/params"))["params"] as? [[String: Any]])
        #expect(schema.count == ParameterSchema.specs.count)
        let cutoff = try #require(schema.first { $0["key"] as? String == "cutoff" })
        #expect(cutoff["min"] as? Double == 20 && cutoff["max"] as? Double == 20000 && cutoff["unit"] as? String == "Hz")
        let wave = try #require(schema.first { $0["key"] as? String == "wave" })
        #expect(wave["choices"] as? [String] == ["saw", "pulse", "triangle", "sine"])

        let presets = try #require(try Self.json(try server.get("/presets"))["presets"] as? [[String: Any]])
        #expect(presets.contains { $0["name"] as? String == "drone" && ($0["description"] as? String)?.isEmpty == false })
        let drone = try server.get("/presets/drone")
        #expect(drone.status == 200)
        #expect(try Preset(json: Data(drone.body), source: "GET /presets/drone").name == "drone")
        #expect(try server.get("/presets/nope").status == 404)
        #expect(try Self.json(try server.get("/health"))["status"] as? String == "ok")
    }

    @Test(arguments: [
        ("POST", "/sessions", #"{"preset": "drone""#, 400, "invalid JSON"),
        ("POST", "/sessions", "{\n  \"preset\": drone}", 400, "invalid JSON at line 2, column 13"),
        ("POST", "/sessions", "[1, 2]", 400, "the body must be a JSON object"),
        ("POST", "/sessions", #"{"colour": "red"}"#, 400, "unknown field 'colour'"),
        ("POST", "/sessions", #"{"params": {"cutoff": "loud"}}"#, 400, "'cutoff'"),
        ("POST", "/sessions", #"{"params": {"cutoff": null}}"#, 400, "'cutoff'"),
        ("POST", "/sessions", #"{"seed": -3}"#, 400, "'seed' must be a whole number"),
        ("POST", "/sessions", #"{"preset": "nope"}"#, 400, "no preset named 'nope'"),
        ("POST", "/sessions", #"{"params": {"cutoff": 1e999}}"#, 400, "invalid JSON"),
        ("PUT", "/sessions", "{}", 405, "allowed: GET, POST"),
        ("GET", "/sessions/AAAAAAAAAAAAAAAAAAAAAA/params", nil, 404, "unknown session id"),
    ] as [(String, String, String?, Int, String)])
    func badAPIRequestsGetClearJSONErrors(method: String, target: String, body: String?, status: Int, phrase: String) throws {
        let server = try TestServer()
        let response = try httpRequest(port: server.port, method, target, body: body)
        #expect(response.status == status, "\(method) \(target): \(response.statusLine) \(response.text)")
        let message = try Self.json(response)["error"] as? String
        #expect(message?.contains(phrase) == true, "\(method) \(target): \(message ?? response.text)")
        #expect(server.server.sessionCount == 0)
    }

    @Test func anOversizedBodyIsRefused() throws {
        let server = try TestServer()
        let body = #"{"params": {"cutoff": 500}, "pad": ""# + String(repeating: "x", count: 70_000) + "\"}"
        let response = try httpRequest(port: server.port, "POST", "/sessions", body: body)
        #expect(response.status == 413)
        #expect(try server.get("/health").status == 200)
    }
}
}

extension ServerTests {
/// `/metrics` in Prometheus' text format, read as a scraper would.
@Suite struct MetricsTests {
    /// The value of one sample line, e.g. `synthcast_sessions 1`.
    static func value(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func metricsCountSessionsListenersBytesAndReplies() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let capture = try server.stream(token)
        capture.read(for: 1)
        _ = try server.get("/stream?id=AAAAAAAAAAAAAAAAAAAAAA")
        let response = try server.get("/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = response.text
        #expect(Self.value("synthcast_sessions", in: text) == 1)
        #expect(Self.value("synthcast_listeners", in: text) == 1)
        #expect(Self.value("synthcast_deadline_misses_total", in: text) == 0)
        #expect(Self.value("synthcast_dropped_listeners_total", in: text) == 0)
        let bytes = try #require(Self.value("synthcast_stream_bytes_total", in: text))
        // The server may have written the next write (8 frames, 3.3 KB) since the capture
        // stopped reading, but never counts what it did not write.
        let oneWrite = Double(server.configuration.framesPerWrite * 418)
        #expect(bytes >= Double(capture.bytes.count) && bytes - Double(capture.bytes.count) <= 2 * oneWrite,
                "bytes out \(bytes), received \(capture.bytes.count)")
        #expect((Self.value("synthcast_render_load", in: text) ?? 0) > 0)
        #expect(Self.value(#"synthcast_http_responses_total{status="404"}"#, in: text) == 1)
        #expect((Self.value(#"synthcast_http_responses_total{status="200"}"#, in: text) ?? 0) >= 2)
        #expect(text.contains("# TYPE synthcast_stream_bytes_total counter"))
    }
}
}
