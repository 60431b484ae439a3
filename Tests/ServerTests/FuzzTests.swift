import Foundation
import NIOHTTP1
import Synth
import Testing
@testable import Server

extension ServerTests {
/// Seeded fuzzing of what clients send: raw HTTP, query strings and JSON bodies. Whatever
/// arrives, the server answers (never a 500) or closes the connection promptly, and a
/// session nobody addressed keeps its parameters and its stream.
@Suite struct FuzzTests {
    @Test func mutatedRequestsNeverCrashHangOrTouchOtherSessions() throws {
        let server = try TestServer {
            $0.requestTimeoutSeconds = 0.5
            $0.controlRequestsPerSecond = 0
            $0.maxSessions = 1000
        }
        let bystander = try server.createStream("preset=drone&cutoff=700")
        let target = try server.createStream()
        let corpus = Self.requests(token: target)
        var random = SeededRandom(seed: 2026)
        var statuses: [Int: Int] = [:]
        for _ in 0..<12 {
            // 40 at a time, so the ones that must wait for the request timeout overlap.
            let batch = try (0..<40).map { _ in
                let bytes = Mutator.mutate(corpus[random.below(corpus.count)], random: &random)
                let connection = try TestConnection(port: server.port)
                try? connection.send(bytes: bytes)  // the server may close before all is sent
                return (connection, bytes)
            }
            for (connection, bytes) in batch {
                let outcome = Self.outcome(of: connection)
                let request = String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
                #expect(outcome != nil, "no reply and no close within 3 s for \(request)")
                if let status = outcome {
                    statuses[status, default: 0] += 1
                    #expect(status != 500, "500 for \(request)")
                }
            }
        }
        #expect((statuses[0] ?? 0) > 0 && (statuses[400] ?? 0) > 0 && (statuses[200] ?? 0) > 0, "\(statuses)")

        #expect(try server.session(bystander).parameters.current[.cutoff] == 700)
        let listener = try server.stream(bystander)
        listener.read(for: 1)
        #expect(audioSeconds(listener.bytes) > 1)
        try waitUntil("fuzz connections closed") { server.server.connectionCount <= 1 }
    }

    @Test func mutatedJSONBodiesGetClearErrorsAndOnlyValidValues() throws {
        let server = try TestServer { $0.controlRequestsPerSecond = 0; $0.maxSessions = 1000 }
        let token = try server.createStream()
        var random = SeededRandom(seed: 7)
        let valid = [#"{"preset": "drone", "seed": 5, "params": {"cutoff": 900, "wave": "pulse", "drums": true}}"#,
                     #"{"cutoff": 1200.5, "reverb_mix": 0.3, "scale": "dorian"}"#]
        var bodies = Self.specialBodies
        for _ in 0..<300 { bodies.append(Mutator.mutate(Array(valid[random.below(2)].utf8), random: &random, maximumEdits: 3)) }
        for body in bodies {
            for (method, path) in [("POST", "/sessions"), ("PATCH", "/sessions/\(token)/params")] {
                let response = try Self.send(method, path, body: body, port: server.port)
                let shown = String(decoding: body.prefix(80), as: UTF8.self).debugDescription
                #expect([200, 201, 400, 413].contains(response.status), "\(method) \(path) \(shown): \(response.statusLine)")
                // A body over 64 KiB gets NIO's aggregator's bare 413; every other refusal names its fault.
                if response.status >= 400, response.status != 413 {
                    let error = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? String
                    #expect(error?.isEmpty == false, "no JSON error for \(shown): \(response.text)")
                }
            }
        }
        let values = try server.session(token).parameters.current
        for id in ParameterID.allCases {
            #expect(values[id].isFinite && id.spec.range.contains(values[id]), "\(id.spec.key) = \(values[id])")
        }
        #expect(try server.get("/health").status == 200)
    }

    @Test func queryParsingTakesAnyTarget() {
        var random = SeededRandom(seed: 11)
        let alphabet = Array("?&=%/#+;azAZ09.-_~ \u{00e9}\u{1F3B5}".unicodeScalars)
        var parsed = 0
        for _ in 0..<5000 {
            var target = "/set_param"
            for _ in 0..<random.below(60) {
                target.unicodeScalars.append(random.below(8) == 0 ? "%" : alphabet[random.below(alphabet.count)])
                if random.below(10) == 0 { target += String(random.below(256), radix: 16, uppercase: random.below(2) == 0) }
            }
            if let query = try? QueryParameters(target: target) {
                parsed += 1
                _ = try? query.assignments(excluding: ["id"])
            }
            _ = try? Routes.resolve(HTTPMethod(rawValue: ["GET", "POST", "PATCH", "X"][random.below(4)]), target)
        }
        #expect(parsed > 100)
    }

    @Test func mutatedPresetFilesLoadOrFailWithTheirName() throws {
        var random = SeededRandom(seed: 3)
        let files = try FileManager.default.contentsOfDirectory(at: TestServer.presets.directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        var failures = 0
        for index in 0..<2000 {
            let original = try Array(Data(contentsOf: files[index % files.count]))
            let bytes = Mutator.mutate(original, random: &random, maximumEdits: 2)
            switch Self.parsePreset(bytes, source: "fuzz-\(index).json") {
            case .success(let preset):
                for id in ParameterID.allCases {
                    #expect(preset.parameters[id].isFinite && id.spec.range.contains(preset.parameters[id]))
                }
            case .failure(let error):
                failures += 1
                #expect(error.description.contains("fuzz-\(index).json"), "\(error)")
            }
        }
        #expect(failures > 500)
    }

    // MARK: Corpus and helpers

    static func parsePreset(_ bytes: [UInt8], source: String) -> Result<Preset, PresetError> {
        do { return .success(try Preset(json: Data(bytes), source: source)) } catch { return .failure(error) }
    }

    /// Valid requests of every kind, to mutate.
    static func requests(token: String) -> [[UInt8]] {
        let json = #"{"preset": "drone", "params": {"cutoff": 800}}"#
        return [
            "GET /set_param?id=\(token)&cutoff=800&wave=saw HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n",
            "GET /create_stream?preset=drone&seed=5&tempo=90 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "POST /sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)",
            "PATCH /sessions/\(token)/params HTTP/1.1\r\nContent-Length: 16\r\n\r\n{\"cutoff\": 1500}",
            "GET /stream?id=\(token) HTTP/1.0\r\nIcy-MetaData: 1\r\nRange: bytes=0-1\r\n\r\n",
            "HEAD /stream?id=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "OPTIONS /sessions HTTP/1.1\r\nOrigin: http://a.example\r\n\r\n",
            "GET /presets/drone HTTP/1.1\r\nConnection: keep-alive\r\n\r\nGET /health HTTP/1.1\r\n\r\n",
            "DELETE /sessions/AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nAuthorization: Bearer x\r\n\r\n",
            "POST /sessions/\(token)/preset HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n13\r\n{\"preset\": \"bells\"}\r\n0\r\n\r\n",
        ].map { Array($0.utf8) }
    }

    /// JSON that parsers trip on: non-numbers, overflow, wrong types, deep nesting,
    /// non-UTF-8, other encodings, oversize.
    static var specialBodies: [[UInt8]] {
        var bodies = [
            #"{"params": {"cutoff": NaN}}"#, #"{"cutoff": Infinity}"#, #"{"cutoff": -Infinity}"#, #"{"cutoff": 1e999}"#,
            #"{"cutoff": -1e999}"#, #"{"cutoff": 1e-400}"#, #"{"cutoff": "800"}"#, #"{"cutoff": null}"#, #"{"cutoff": [800]}"#,
            #"{"cutoff": 800, "cutoff": 900}"#, #"{"seed": -1}"#, #"{"seed": 1.5}"#, #"{"seed": 99999999999999999999999}"#,
            "null", "[]", "\"x\"", "", " ", "{", "}", #"{"params": "x"}"#, #"{"preset": 5}"#, #"{"preset": "../../etc/passwd"}"#,
            #"{"cutoff": 0x10}"#, #"{"cutoff": 08}"#, #"{"cutoff": +800}"#, #"{'cutoff': 800}"#, #"{"cutoff": 800,}"#,
            "{\"cutoff\": 800}\u{0000}", "\u{FEFF}{\"cutoff\": 800}", "{\"wave\": \"s\u{0000}aw\"}",
            "{\"cutoff\": " + String(repeating: "9", count: 5000) + "}",
            "{\"preset\": \"" + String(repeating: "a", count: 60_000) + "\"}",
            String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 20_000),
        ].map { Array($0.utf8) }
        bodies.append([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])  // {"\xFF\xFE":1}
        bodies.append(Array("{\"preset\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8))  // broken UTF-8 sequence
        bodies.append(Array("{\"cutoff\": 800}".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))  // UTF-16LE
        bodies.append(Array(repeating: 0x20, count: 70_000))  // over the 64 KiB body limit
        return bodies
    }

    static func send(_ method: String, _ path: String, body: [UInt8], port: Int) throws -> HTTPTestResponse {
        let connection = try TestConnection(port: port)
        let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try? connection.send(bytes: Array(head.utf8) + body)
        return try connection.readResponse()
    }

    /// The status of the first reply, 0 if the server closed without one, nil if neither
    /// happened within 3 s.
    static func outcome(of connection: TestConnection) -> Int? {
        do {
            return try connection.readHead(timeout: 3).status
        } catch {
            return "\(error)".contains("closed") ? 0 : nil
        }
    }
}
}

/// Random edits of a byte string: flips, bytes that matter to HTTP and JSON, deletions,
/// duplications, insertions of junk (not UTF-8), truncation and long runs.
enum Mutator {
    static let interesting: [UInt8] = [0x00, 0xFF, 0xC3, 0x0D, 0x0A, 0x20, 0x25, 0x3A, 0x3F, 0x26, 0x3D, 0x22, 0x7B, 0x5D, 0x2C, 0x2D, 0x30, 0x39]

    static func mutate(_ input: [UInt8], random: inout SeededRandom, maximumEdits: Int = 4) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(maximumEdits)) where !bytes.isEmpty {
            let at = random.below(bytes.count)
            let span = min(bytes.count - at, 1 + random.below(16))
            switch random.below(7) {
            case 0: bytes[at] ^= UInt8(1 << random.below(8))
            case 1: bytes[at] = interesting[random.below(interesting.count)]
            case 2: bytes.removeSubrange(at..<(at + span))
            case 3: bytes.insert(contentsOf: bytes[at..<(at + span)], at: at)
            case 4: bytes.insert(contentsOf: (0..<span).map { _ in UInt8(random.below(256)) }, at: at)
            case 5: bytes.removeSubrange(at...)
            default: bytes.insert(contentsOf: Array(repeating: interesting[random.below(interesting.count)], count: 1 + random.below(20_000)), at: at)
            }
        }
        return bytes
    }
}
