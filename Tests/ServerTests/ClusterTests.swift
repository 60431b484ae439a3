import Encoder
import Foundation
import Testing

/// Several nodes behind Debian's nginx with the shipped `deploy/nginx/cluster.conf`: new
/// sessions spread over the nodes, every token reaches its own node, and a node that dies
/// loses its live audio, not its sessions.
@Suite("Nodes behind nginx", .serialized)
struct ClusterTests {
    /// Two `synthcast serve` nodes (`a` and `b`) on ports of their own, each with a state file,
    /// and nginx in front with the shipped cluster config.
    final class Cluster {
        let ports: [String: Int]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-cluster-\(UUID().uuidString)")
        var nodes: [String: ServeProcess] = [:]
        var nginx: LoopbackNginx!

        init(maxSessions: [String: Int] = [:]) throws {
            ports = ["a": try freeLoopbackPort(), "b": try freeLoopbackPort()]
            for name in ["a", "b"] { try start(name, maxSessions: maxSessions[name]) }
            let (a, b) = (ports["a"]!, ports["b"]!)
            nginx = try LoopbackNginx(site: "deploy/nginx/cluster.conf") { _, port in [
                ("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n", "    server 127.0.0.1:\(a);\n    server 127.0.0.1:\(b);\n"),
                ("upstream synthcast_node_a {\n    server 127.0.0.1:8001;", "upstream synthcast_node_a {\n    server 127.0.0.1:\(a);"),
                ("upstream synthcast_node_b {\n    server 127.0.0.1:8002;", "upstream synthcast_node_b {\n    server 127.0.0.1:\(b);"),
                ("listen 8080;", "listen 127.0.0.1:\(port);"),
            ] }
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func start(_ name: String, maxSessions: Int? = nil) throws {
            let state = folder.appendingPathComponent("\(name).sqlite").path
            nodes[name] = try ServeProcess(["--node-id", name, "--state", state, "--rate-limit", "0"]
                                           + (maxSessions.map { ["--max-sessions", String($0)] } ?? []), port: ports[name]!)
        }

        var port: Int { nginx.port }
    }

    static func token(_ response: HTTPTestResponse) -> String { response.text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test("sessions made through nginx land on every node, and each token reaches its node: control, stream, HLS, the API")
    func tokensRouteToTheirNodes() throws {
        let cluster = try Cluster()
        var tokens: [String] = []
        for _ in 0..<12 {
            let reply = try httpGet(port: cluster.port, "/create_stream?preset=test-tone")
            #expect(reply.status == 200, "\(reply.text)")
            tokens.append(Self.token(reply))
        }
        let byNode = Dictionary(grouping: tokens) { String($0.prefix { $0 != "." }) }
        #expect(Set(byNode.keys) == ["a", "b"], "\(tokens)")
        #expect(tokens.allSatisfy { $0.count == 24 })
        for token in tokens {
            let node = String(token.prefix(1))
            // The node in its prefix has it; the other does not.
            #expect(try httpGet(port: cluster.ports[node]!, "/sessions/\(token)").status == 200)
            #expect(try httpGet(port: cluster.ports[node == "a" ? "b" : "a"]!, "/sessions/\(token)").status == 404)
            #expect(try httpGet(port: cluster.port, "/sessions/\(token)").status == 200, "\(token) through nginx")
            #expect(try httpGet(port: cluster.port, "/set_param?id=\(token)&test_frequency=700").status == 200)
        }
        let token = try #require(tokens.first)
        // HTTP/1.0, so nginx passes the endless body as it is rather than in chunks.
        let stream = try StreamCapture(port: cluster.port, "/stream?id=\(token)", version: "1.0")
        #expect(stream.head.status == 200)
        stream.read(for: 1.5)
        let decoded = try Decoder.ffmpeg(Array(stream.bytes[..<(MP3FrameScanner.frames(in: stream.bytes).last?.range.upperBound ?? 0)]))
        #expect(decoded.complaints.isEmpty)
        let left = stride(from: 0, to: decoded.samples.count, by: 2).map { decoded.samples[$0] }
        #expect(abs(estimatedFrequency(Array(left.dropFirst(4410)), sampleRate: 44100) - 700) < 5)
        let session = try JSONSerialization.jsonObject(with: Data(try httpGet(port: cluster.port, "/sessions/\(token)").body)) as? [String: Any]
        let listenID = try #require(session?["listen_id"] as? String)
        #expect(listenID.hasPrefix(String(token.prefix(2))), "the listen-only id names the same node")
        #expect(try httpGet(port: cluster.port, "/hls/\(listenID)/live.m3u8").status == 200)
        #expect(try httpGet(port: cluster.port, "/stream?id=\(listenID)", headers: ["Range": "bytes=0-1"]).status == 206)
    }

    @Test("a full node answers 503 and nginx makes the session on the next: capacity adds up")
    func capacityAddsUp() throws {
        let cluster = try Cluster(maxSessions: ["a": 2, "b": 8])
        var made: [String] = []
        for _ in 0..<10 {
            let reply = try httpRequest(port: cluster.port, "POST", "/sessions", body: "{}")
            #expect(reply.status == 201, "\(reply.statusLine) \(reply.text)")
            if let id = (try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])?["id"] as? String { made.append(id) }
        }
        #expect(made.filter { $0.hasPrefix("a.") }.count == 2 && made.filter { $0.hasPrefix("b.") }.count == 8, "\(made)")
        let eleventh = try httpGet(port: cluster.port, "/create_stream")
        #expect(eleventh.status == 503, "both full: \(eleventh.statusLine)")
    }

    @Test("a node killed: nginx answers its tokens 503 with a clear message while the other carries on; restarted, it has its sessions back")
    func aNodeDiesAndComesBack() throws {
        let cluster = try Cluster()
        var tokens: [String: String] = [:]
        while tokens.count < 2 {
            let token = Self.token(try httpGet(port: cluster.port, "/create_stream?cutoff=1234"))
            tokens[String(token.prefix(1))] = token
        }
        Thread.sleep(forTimeInterval: 1)
        cluster.nodes["a"]!.kill()
        let lost = try httpGet(port: cluster.port, "/sessions/\(tokens["a"]!)")
        #expect(lost.status == 503 && lost.text.contains("unreachable"), "\(lost.statusLine) \(lost.text)")
        #expect(try httpGet(port: cluster.port, "/set_param?id=\(tokens["b"]!)&cutoff=900").status == 200)
        #expect(try httpGet(port: cluster.port, "/create_stream").status == 200, "new sessions go to the node that is up")

        try cluster.start("a")
        let back = try httpGet(port: cluster.port, "/sessions/\(tokens["a"]!)/params")
        #expect(back.status == 200 && back.text.contains("\"cutoff\":1234"), "\(back.statusLine) \(back.text)")
    }
}
