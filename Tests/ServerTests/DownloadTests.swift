import Foundation
import Testing
import TestSupport

/// `GET /sessions/{id}/download`: a session's settings rendered to a file, delivered as a
/// static file is. A real `synthcast serve` with a render cache in a temporary folder.
@Suite("Downloads", .serialized)
struct DownloadTests {
    final class CacheFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-renders-\(UUID().uuidString.prefix(8))")
        deinit { try? FileManager.default.removeItem(at: url) }
        var files: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
    }

    static func metric(_ name: String, port: Int) throws -> Int {
        Int(ServerTests.MetricsTests.value(name, in: try httpGet(port: port, "/metrics").text) ?? -1)
    }

    @Test("two downloads are byte-identical (rendered, then from the cache; and with no cache, rendered twice), and ffmpeg decodes exactly N seconds")
    func identicalAndExactLength() throws {
        let cache = CacheFolder()
        let server = try ServeProcess(["--render-cache", cache.url.path])
        let token = try server.createSession(preset: "drone")
        let path = "/sessions/\(token)/download?seconds=12.5&format=mp3"
        let first = try httpGet(port: server.port, path), second = try httpGet(port: server.port, path)
        #expect(first.status == 200 && first.header("Content-Type") == "audio/mpeg", "\(first.statusLine) \(first.text.prefix(200))")
        #expect(first.body == second.body && !first.body.isEmpty)
        #expect(first.header("Content-Length") == String(first.body.count))
        #expect(first.header("Content-Disposition") == #"attachment; filename="drone-12.5s.mp3""#)
        #expect(first.header("Last-Modified")?.hasSuffix(" GMT") == true && first.header("ETag") == second.header("ETag"))
        #expect(try Self.metric("synthcast_download_renders_total", port: server.port) == 1)
        #expect(try Self.metric("synthcast_download_cache_hits_total", port: server.port) == 1)
        // The LAME/Info tag makes decoders trim the encoder's delay and padding: exactly 12.5 s.
        #expect(String(decoding: first.body.prefix(400), as: UTF8.self).contains("Info") && String(decoding: first.body.prefix(400), as: UTF8.self).contains("LAME"))
        let decoded = try Decoder.ffmpeg(first.body)
        #expect(decoded.complaints.isEmpty, "\(decoded.complaints)")
        #expect(decoded.samples.count == 2 * 551_250, "\(Double(decoded.samples.count) / 2 / 44100) s")

        let uncached = try ServeProcess(["--render-cache", "none"])
        let listen = try #require(try httpGet(port: server.port, "/sessions/\(token)", headers: ["Accept": "application/json"]).text
            .firstMatch(of: /"listen_id":"([^"]+)"/)?.1)
        let elsewhere = try httpGet(port: uncached.port, "/create_stream?preset=drone&seed=\(try Self.seed(of: token, port: server.port))").text
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let again = try httpGet(port: uncached.port, "/sessions/\(elsewhere)/download?seconds=12.5"), twice = try httpGet(port: uncached.port, "/sessions/\(elsewhere)/download?seconds=12.5")
        #expect(again.body == twice.body && again.body == first.body, "two renders with no cache differ, or from the first server's")
        #expect(try httpGet(port: server.port, "/sessions/\(listen)/download?seconds=12.5").body == first.body, "a listen-only id downloads the same file")

        let wav = try httpGet(port: server.port, "/sessions/\(token)/download?seconds=3&format=wav")
        #expect(wav.header("Content-Type") == "audio/wav" && wav.body.count == 44 + 3 * 44100 * 4)
        #expect(try Decoder.ffmpeg(wav.body).samples.count == 2 * 3 * 44100)
    }

    static func seed(of token: String, port: Int) throws -> String {
        let info = try httpGet(port: port, "/sessions/\(token)").text
        return String(try #require(info.firstMatch(of: /"seed":([0-9]+)/)?.1))
    }

    @Test("Range requests are answered 206 with exactly those bytes, and the pieces make the whole file; If-None-Match gets 304; a change of settings is a new ETag")
    func rangesAndValidators() throws {
        let cache = CacheFolder()
        let server = try ServeProcess(["--render-cache", cache.url.path])
        let token = try server.createSession(preset: "bells")
        let path = "/sessions/\(token)/download?seconds=8"
        let whole = try httpGet(port: server.port, path)
        let total = whole.body.count
        let cut = total / 3
        let pieces = try ["bytes=0-999", "bytes=1000-\(cut)", "bytes=\(cut + 1)-"].map { try httpGet(port: server.port, path, headers: ["Range": $0]) }
        #expect(pieces.allSatisfy { $0.status == 206 }, "\(pieces.map(\.statusLine))")
        #expect(pieces[1].header("Content-Range") == "bytes 1000-\(cut)/\(total)")
        #expect(pieces.flatMap(\.body) == whole.body)
        #expect(try httpGet(port: server.port, path, headers: ["Range": "bytes=-500"]).body == Array(whole.body.suffix(500)))
        #expect(try httpGet(port: server.port, path, headers: ["Range": "bytes=\(total)-"]).status == 416)

        let etag = try #require(whole.header("ETag"))
        let revalidated = try httpGet(port: server.port, path, headers: ["If-None-Match": etag])
        #expect(revalidated.status == 304 && revalidated.body.isEmpty)
        #expect(try httpGet(port: server.port, "/set_param?id=\(token)&cutoff=700").status == 200)
        let changed = try httpGet(port: server.port, path, headers: ["If-None-Match": etag])
        #expect(changed.status == 200 && changed.header("ETag") != etag && changed.body != whole.body)
    }

    @Test("a download aborted halfway stops its render: counted as stopped, no partial file left, no render running")
    func abortedDownloadStopsItsRender() throws {
        let cache = CacheFolder()
        let server = try ServeProcess(["--render-cache", cache.url.path, "--max-renders", "1"])
        let token = try server.createSession(preset: "ambient-pad")
        do {
            let connection = try TestConnection(port: server.port)
            try connection.get("/sessions/\(token)/download?seconds=3600")
            Thread.sleep(forTimeInterval: 0.7)
            #expect(cache.files.contains { $0.hasSuffix(".part") }, "no render started: \(cache.files)")
            // Another download waits for the only render slot: 503, try later.
            let refused = try httpGet(port: server.port, "/sessions/\(token)/download?seconds=5")
            #expect(refused.status == 503 && refused.header("Retry-After") != nil, "\(refused.statusLine) \(refused.text)")
        }
        let deadline = Date().addingTimeInterval(3)
        while try Self.metric("synthcast_download_renders_stopped_total", port: server.port) < 1, Date() < deadline { usleep(50_000) }
        #expect(try Self.metric("synthcast_download_renders_stopped_total", port: server.port) == 1)
        #expect(!cache.files.contains { $0.hasSuffix(".part") }, "\(cache.files)")
        // The slot is free again.
        #expect(try httpGet(port: server.port, "/sessions/\(token)/download?seconds=5").status == 200)
    }

    @Test("limits: past --max-download-seconds, an unknown format or key get 400 saying what is allowed; the cache keeps to its size, oldest out first")
    func limits() throws {
        let cache = CacheFolder()
        let server = try ServeProcess(["--render-cache", cache.url.path, "--render-cache-size", "1", "--max-download-seconds", "60"])
        let token = try server.createSession(preset: "default")
        for (query, words) in [("seconds=61", "0.1 to 60"), ("seconds=5&format=ogg", "mp3 or wav"), ("seconds=5&x=1", "seconds=N"), ("", "seconds")] {
            let reply = try httpGet(port: server.port, "/sessions/\(token)/download?\(query)")
            #expect(reply.status == 400 && reply.text.contains(words), "\(query): \(reply.statusLine) \(reply.text)")
        }
        // Three 30 s files of about 480 KB under a 1 MB cap: the first one goes.
        var names: [String] = []
        for cutoff in [500, 600, 700] {
            #expect(try httpGet(port: server.port, "/set_param?id=\(token)&cutoff=\(cutoff)").status == 200)
            let reply = try httpGet(port: server.port, "/sessions/\(token)/download?seconds=30")
            names.append(String(try #require(reply.header("ETag")).dropFirst().dropLast()) + ".mp3")
            usleep(20_000)
        }
        let kept = Set(cache.files)
        #expect(!kept.contains(names[0]) && kept.contains(names[1]) && kept.contains(names[2]), "kept \(kept.sorted()), made \(names)")
    }
}
