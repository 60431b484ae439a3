import API
import Encoder
import Foundation
import GRDB
import Testing
@testable import Server

/// Sessions that survive restarts: a real `synthcast serve` process on a state file, killed
/// with SIGKILL and started again on it.
@Suite("Sessions in the state file", .serialized)
struct StateTests {
    /// A temporary folder and the state file in it.
    final class StateFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-state-\(UUID().uuidString)")
        var file: String { url.appendingPathComponent("sessions.sqlite").path }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// The file a player writes what it plays into, as it plays.
    struct PlayedFile {
        let url: URL
        let player: BackgroundCommand
        init(_ url: URL, player: BackgroundCommand) { (self.url, self.player) = (url, player) }

        var size: Int { (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0 }

        /// Whether it holds `bytes` within `seconds` (false at once if the player ended).
        func wait(until bytes: Int, within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while size < bytes, Date() < deadline, player.isRunning { usleep(50_000) }
            return size >= bytes
        }
    }

    /// Kills `server` as a crash would, starts another on the same state file and port half a
    /// second later, and whether `played` then grows by three seconds of audio within 15 s.
    static func restart(_ server: inout ServeProcess?, state: String, port: Int, thenPlays played: PlayedFile, bytesPerSecond: Int) throws -> Bool {
        server?.kill()
        server = nil
        let before = played.size
        Thread.sleep(forTimeInterval: 0.5)
        server = try ServeProcess(["--state", state], port: port)
        return played.wait(until: before + 3 * bytesPerSecond, within: 15)
    }

    /// With the state file unwritable: 40 changes (cutoff 1000...1039) all answer 200 and the
    /// last is in force; the failed writes are counted, and logged once.
    static func expectChangesApplyWhileWritesFail(_ server: ServeProcess, token: String) throws {
        for step in 0..<40 {
            #expect(try httpGet(port: server.port, "/set_param?id=\(token)&cutoff=\(1000 + step)").status == 200)
            usleep(50_000)
        }
        let params = try json(try httpGet(port: server.port, "/sessions/\(token)/params"))["params"] as? [String: Any]
        #expect(params?["cutoff"] as? Double == 1039, "the change did not apply live")
        Thread.sleep(forTimeInterval: 1.5)
        let failures = ServerTests.MetricsTests.value("synthcast_state_write_failures_total", in: try httpGet(port: server.port, "/metrics").text)
        #expect((failures ?? 0) >= 2, "\(failures.map { "\($0)" } ?? "no failure counter") failed writes")
        let logged = server.output.components(separatedBy: "cannot save sessions to the state file").count - 1
        #expect(logged == 1, "logged \(logged) times:\n\(server.output)")
    }

    static func json(_ response: HTTPTestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "\(response.statusLine) \(response.text)")
    }

    /// `PRAGMA integrity_check` on a state file no server holds.
    static func integrity(_ path: String) throws -> String {
        try SessionStore(path: path).integrityCheck()
    }

    @Test("killed and started again on its state file, a server has every session back: tokens, preset, seed, values, outputs")
    func restartBringsSessionsBack() throws {
        let folder = StateFolder()
        var server: ServeProcess? = try ServeProcess(["--state", folder.file])
        let port = server!.port
        let created = try Self.json(try httpRequest(port: port, "POST", "/sessions",
                                                   body: #"{"preset": "drone", "seed": 42, "params": {"cutoff": 900}}"#))
        let drone = try #require(created["id"] as? String)
        let tone = try httpGet(port: port, "/create_stream?preset=test-tone&test_frequency=500").text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try httpRequest(port: port, "PATCH", "/sessions/\(drone)/params", body: #"{"reverb_mix": 0.6, "wave": "pulse"}"#).status == 200)
        let loaded = try httpRequest(port: port, "POST", "/sessions/\(tone)/preset", body: #"{"name": "test-tone"}"#)
        #expect(loaded.status == 200)
        #expect(try httpGet(port: port, "/set_param?id=\(tone)&test_frequency=500").status == 200)
        let output = #"{"url": "icecast://source:secret@127.0.0.1:1/nowhere.mp3", "name": "Kept"}"#
        #expect(try httpRequest(port: port, "POST", "/sessions/\(drone)/outputs", body: output).status == 201)
        let before = try [drone, tone].map { try Self.json(try httpGet(port: port, "/sessions/\($0)")) }
        // An acknowledged change is on disk within a second.
        Thread.sleep(forTimeInterval: 1)
        server!.kill()
        server = nil
        #expect(try Self.integrity(folder.file) == "ok")

        let again = try ServeProcess(["--state", folder.file])
        for (id, old) in zip([drone, tone], before) {
            let now = try Self.json(try httpGet(port: again.port, "/sessions/\(id)"))
            for key in ["listen_id", "preset", "seed"] {
                #expect("\(now[key] ?? "-")" == "\(old[key] ?? "-")", "\(key): \(now[key] ?? "-") after, \(old[key] ?? "-") before")
            }
            #expect(NSDictionary(dictionary: now["params"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: old["params"] as? [String: Any] ?? [:]))
        }
        let outputs = try Self.json(try httpGet(port: again.port, "/sessions/\(drone)/outputs"))["outputs"] as? [[String: Any]]
        #expect(outputs?.count == 1 && outputs?.first?["url"] as? String == "icecast://source@127.0.0.1:1/nowhere.mp3", "\(outputs ?? [])")
        // Its audio starts fresh from the settings: the tone plays at 500 Hz.
        let capture = try StreamCapture(port: again.port, "/stream?id=\(tone)")
        capture.read(for: 1.5)
        let decoded = try Decoder.ffmpeg(Array(capture.bytes[..<(MP3FrameScanner.frames(in: capture.bytes).last?.range.upperBound ?? 0)]))
        let left = stride(from: 0, to: decoded.samples.count, by: 2).map { decoded.samples[$0] }
        #expect(abs(estimatedFrequency(Array(left.dropFirst(4410)), sampleRate: 44100) - 500) < 5)
    }

    @Test("mpv playing a session carries on after the server is killed and started again, at the session's restored settings")
    func mpvCarriesOnAcrossARestart() throws {
        let folder = StateFolder()
        let port = try freeLoopbackPort()
        var server: ServeProcess? = try ServeProcess(["--state", folder.file], port: port)
        let token = try httpGet(port: port, "/create_stream?preset=test-tone&test_frequency=600").text.trimmingCharacters(in: .whitespacesAndNewlines)
        let pcm = folder.url.appendingPathComponent("mpv.raw")
        // Raw 16-bit stereo at 44.1 kHz as it arrives; ffmpeg's HTTP reader (under mpv) reconnects
        // when the stream ends, as a radio player is set to.
        let mpv = try BackgroundCommand(URL(fileURLWithPath: "/usr/bin/mpv"), [
            "--no-config", "--vo=null", "--ao=pcm", "--ao-pcm-file=\(pcm.path)", "--ao-pcm-waveheader=no",
            "--audio-format=s16", "--audio-samplerate=44100", "--audio-channels=stereo",
            "--stream-lavf-o=reconnect=1,reconnect_at_eof=1,reconnect_streamed=1,reconnect_delay_max=2",
            "http://127.0.0.1:\(port)/stream?id=\(token)",
        ])
        let bytesPerSecond = 44100 * 4
        let played = PlayedFile(pcm, player: mpv)
        #expect(played.wait(until: bytesPerSecond, within: 10), "mpv played nothing: \(mpv.output.suffix(1500))")
        Thread.sleep(forTimeInterval: 1)
        #expect(try Self.restart(&server, state: folder.file, port: port, thenPlays: played, bytesPerSecond: bytesPerSecond),
                "mpv did not carry on: \(mpv.output.suffix(1500))")
        mpv.signal(SIGTERM)
        _ = mpv.waitForExit(timeout: 5)
        let data = try Data(contentsOf: pcm)
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let left = stride(from: 0, to: samples.count, by: 2).map { Float(samples[$0]) / 32768 }
        #expect(abs(estimatedFrequency(Array(left.suffix(44100)), sampleRate: 44100) - 600) < 5, "after the restart")
    }

    /// VLC with "repeat" on (`--loop`) opens the URL again when the stream ends, as a radio
    /// listener sets it. It refuses to run as root, so it runs as `nobody`.
    @Test("VLC playing a session carries on after the server is killed and started again, at the value set before the kill")
    func vlcCarriesOnAcrossARestart() throws {
        let folder = StateFolder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        let port = try freeLoopbackPort()
        var server: ServeProcess? = try ServeProcess(["--state", folder.file], port: port)
        let token = try httpGet(port: port, "/create_stream?preset=test-tone").text.trimmingCharacters(in: .whitespacesAndNewlines)
        let played = folder.url.appendingPathComponent("vlc.raw")
        var command = ["/usr/bin/cvlc", "-q", "-I", "dummy", "--no-video", "--loop", "--aout", "afile", "--audiofile-file=\(played.path)",
                       "--audiofile-format=s16", "--audiofile-channels=1", "http://127.0.0.1:\(port)/stream?id=\(token)"]
        if getuid() == 0 { command = ["/usr/sbin/runuser", "-u", "nobody", "--"] + command }
        let vlc = try BackgroundCommand(URL(fileURLWithPath: "/usr/bin/timeout"), ["-s", "KILL", "60"] + command)
        // runuser and VLC are stopped by the file name in their command lines: a signal to the
        // first process does not reach them, and it counts as running until they end.
        defer {
            _ = try? runCommand("/usr/bin/pkill", ["-KILL", "-f", played.path])
            vlc.kill()
        }
        let bytesPerSecond = 44100 * 2
        let output = PlayedFile(played, player: vlc)
        #expect(output.wait(until: bytesPerSecond, within: 10), "VLC played nothing: \(vlc.output.suffix(1500))")
        #expect(try httpGet(port: port, "/set_param?id=\(token)&test_frequency=750").status == 200)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try Self.restart(&server, state: folder.file, port: port, thenPlays: output, bytesPerSecond: bytesPerSecond),
                "VLC did not carry on: \(vlc.output.suffix(1500))")
        let samples = try Data(contentsOf: played).withUnsafeBytes { $0.bindMemory(to: Int16.self).map { Float($0) / 32768 } }
        #expect(abs(estimatedFrequency(Array(samples.suffix(44100)), sampleRate: 44100) - 750) < 5, "after the restart")
    }

    @Test("SIGKILL during a burst of set_param: after the restart the value is one that was acknowledged, at most a second old")
    func killDuringABurst() throws {
        let folder = StateFolder()
        var server: ServeProcess? = try ServeProcess(["--state", folder.file, "--rate-limit", "0"])
        let port = server!.port
        let token = try httpGet(port: port, "/create_stream").text.trimmingCharacters(in: .whitespacesAndNewlines)
        let acknowledged = NSLock()
        nonisolated(unsafe) var values: [(time: Date, cutoff: Int)] = []
        let sender = Thread {
            for step in 0..<100_000 {
                let cutoff = 200 + step
                guard let reply = try? httpGet(port: port, "/set_param?id=\(token)&cutoff=\(cutoff)"), reply.status == 200 else { return }
                acknowledged.withLock { values.append((Date(), cutoff)) }
            }
        }
        sender.start()
        Thread.sleep(forTimeInterval: 2.5)
        let killed = Date()
        server!.kill()
        server = nil
        while !sender.isFinished { usleep(10_000) }
        #expect(try Self.integrity(folder.file) == "ok")

        let again = try ServeProcess(["--state", folder.file])
        let params = try Self.json(try httpGet(port: again.port, "/sessions/\(token)/params"))["params"] as? [String: Any]
        let restored = try #require((params?["cutoff"] as? Double).map { Int($0) })
        let sent = acknowledged.withLock { values }
        #expect(sent.count > 50, "only \(sent.count) changes in 2.5 s")
        #expect(sent.contains { $0.cutoff == restored } || restored == 200 + sent.count, "\(restored) was never acknowledged")
        let secondBefore = sent.last { $0.time < killed.addingTimeInterval(-1) }?.cutoff ?? 0
        #expect(restored >= secondBefore, "restored \(restored), but \(secondBefore) was acknowledged over a second before the kill")
    }

    @Test("a damaged state file: the server refuses to start, names the file and what to do, and leaves it as it was")
    func damagedFileRefused() throws {
        let folder = StateFolder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        try garbage.write(to: URL(fileURLWithPath: folder.file))
        let result = try runCommand("/usr/bin/timeout", ["20", BuiltProducts.synthcast.path, "serve", "--port", "0", "--state", folder.file])
        #expect(result.status == 1)
        #expect(result.error.contains(folder.file) && result.error.contains("move it aside") && result.error.contains("--state none"), "\(result.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file)) == garbage, "the file was changed")
    }

    @Test("a second server on the same state file refuses, saying another server has it")
    func secondServerRefused() throws {
        let folder = StateFolder()
        let first = try ServeProcess(["--state", folder.file])
        let second = try runCommand("/usr/bin/timeout", ["20", BuiltProducts.synthcast.path, "serve", "--port", "0", "--state", folder.file])
        #expect(second.status == 1)
        #expect(second.error.contains("another synthcast server") && second.error.contains(folder.file), "\(second.error)")
        #expect(try httpGet(port: first.port, "/health").status == 200)
    }

    @Test("idle expiry holds across restarts: a session that would have expired while the server was down has expired")
    func expiryAcrossRestarts() throws {
        let folder = StateFolder()
        let arguments = ["--state", folder.file, "--idle-timeout", "3"]
        var server: ServeProcess? = try ServeProcess(arguments)
        let token = try httpGet(port: server!.port, "/create_stream").text.trimmingCharacters(in: .whitespacesAndNewlines)
        Thread.sleep(forTimeInterval: 0.6)
        server = nil
        server = try ServeProcess(arguments)
        #expect(try httpGet(port: server!.port, "/sessions/\(token)").status == 200, "gone after a quick restart")
        server = nil
        Thread.sleep(forTimeInterval: 3.5)
        server = try ServeProcess(arguments)
        let reply = try httpGet(port: server!.port, "/sessions/\(token)")
        #expect(reply.status == 404 && reply.text.contains("expired"), "\(reply.statusLine) \(reply.text)")
        // The file remembers why: one more restart, and the token still answers "expired".
        Thread.sleep(forTimeInterval: 0.6)
        server = nil
        server = try ServeProcess(arguments)
        let later = try httpGet(port: server!.port, "/stream?id=\(token)")
        #expect(later.status == 404 && later.text.contains("expired"), "\(later.statusLine) \(later.text)")
    }

    @Test("a state file of schema v1 is brought up to date: its sessions come back, and from then on the tokens of ended sessions answer why after a restart")
    func schemaV1IsMigrated() throws {
        let folder = StateFolder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let token = "v1SessionToken_AAAAAAA", listen = "v1ListenToken-AAAAAAAA"
        let now = Date().timeIntervalSince1970
        // The file exactly as the first version wrote it.
        try DatabaseQueue(path: folder.file).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: sessions');
                CREATE TABLE "session" ("token" TEXT NOT NULL PRIMARY KEY, "listen_token" TEXT NOT NULL UNIQUE, "preset" TEXT NOT NULL,
                    "seed" INTEGER NOT NULL, "params" TEXT NOT NULL, "outputs" TEXT NOT NULL, "created_at" DOUBLE NOT NULL, "last_activity" DOUBLE NOT NULL);
                INSERT INTO "session" VALUES (?, ?, 'drone', 7, '{"cutoff":700}', '[]', ?, ?);
                """, arguments: [token, listen, now - 60, now - 5])
        }
        var server: ServeProcess? = try ServeProcess(["--state", folder.file])
        let session = try Self.json(try httpGet(port: server!.port, "/sessions/\(token)"))
        #expect(session["listen_id"] as? String == listen && session["preset"] as? String == "drone" && session["seed"] as? Int == 7, "\(session)")
        #expect((session["params"] as? [String: Any])?["cutoff"] as? Double == 700, "\(session)")
        #expect(try httpRequest(port: server!.port, "DELETE", "/sessions/\(token)").status == 204)
        Thread.sleep(forTimeInterval: 1)
        server!.kill()
        server = nil
        let migrations = try DatabaseQueue(path: folder.file).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(migrations == ["v1: sessions", "v2: ended tokens"])

        server = try ServeProcess(["--state", folder.file])
        for id in [token, listen] {
            let reply = try httpGet(port: server!.port, "/stream?id=\(id)")
            #expect(reply.status == 404 && reply.text.contains("was deleted"), "\(reply.statusLine) \(reply.text)")
        }
    }

    @Test("a state file written by a newer synthcast is refused with what to do, and left as it was")
    func newerSchemaRefused() throws {
        let folder = StateFolder()
        _ = try SessionStore(path: folder.file)
        try DatabaseQueue(path: folder.file).writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9: from the future')")
        }
        let migrations = { try DatabaseQueue(path: folder.file).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") } }
        let before = try migrations()
        let result = try runCommand("/usr/bin/timeout", ["20", BuiltProducts.synthcast.path, "serve", "--port", "0", "--state", folder.file])
        #expect(result.status == 1)
        #expect(result.error.contains("newer synthcast") && result.error.contains(folder.file) && result.error.contains("--state none"), "\(result.error)")
        #expect(try migrations() == before, "the file's schema changed")
    }

    /// ext4 mounted with `errors=remount-ro` turns read-only when it finds an error, under the
    /// files open on it; its `trigger_fs_error` switch raises such an error on purpose.
    @Test("a file system that turns read-only under the server: control calls still answer and apply live, the failure is logged once and counted")
    func readOnlyFileSystem() throws {
        let folder = StateFolder()
        let mountPoint = folder.url.appendingPathComponent("mnt"), image = folder.url.appendingPathComponent("ext4.img")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        try #require(try runCommand("truncate", ["-s", "16M", image.path]).status == 0)
        try #require(try runCommand("mkfs.ext4", ["-q", "-F", image.path]).status == 0)
        let mounted = try runCommand("mount", ["-o", "loop,errors=remount-ro", image.path, mountPoint.path])
        try #require(mounted.status == 0, "cannot mount an ext4 image for the read-only test: \(mounted.error)")
        defer { _ = try? runCommand("umount", ["-l", mountPoint.path]) }
        let state = mountPoint.appendingPathComponent("sessions.sqlite").path
        var server: ServeProcess? = try ServeProcess(["--state", state, "--rate-limit", "0"])
        let port = server!.port
        let token = try httpGet(port: port, "/create_stream").text.trimmingCharacters(in: .whitespacesAndNewlines)
        Thread.sleep(forTimeInterval: 0.5)
        let device = try runCommand("findmnt", ["-n", "-o", "SOURCE", mountPoint.path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try "synthcast test: read-only".write(toFile: "/sys/fs/ext4/\(URL(fileURLWithPath: device).lastPathComponent)/trigger_fs_error", atomically: false, encoding: .utf8)
        #expect(throws: (any Error).self, "the file system is still writable") {
            try Data("x".utf8).write(to: mountPoint.appendingPathComponent("probe"))
        }

        try Self.expectChangesApplyWhileWritesFail(server!, token: token)
        #expect(try httpGet(port: port, "/create_stream").status == 200)
        #expect(server!.output.lowercased().contains("read-only") || server!.output.contains("readonly") || server!.output.contains("I/O"), "\(server!.output)")
        #expect(try httpGet(port: port, "/health").status == 200)
        server!.kill()
        server = nil
    }

    @Test("a full disk: control calls still answer and apply live, the failure is logged once and counted; once there is room the state catches up")
    func fullDisk() throws {
        // A small file system of its own to fill: a tmpfs (the tests run as root).
        let folder = StateFolder()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let mounted = try runCommand("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.url.path])
        try #require(mounted.status == 0, "cannot mount a tmpfs for the full-disk test: \(mounted.error)")
        defer { _ = try? runCommand("umount", ["-l", folder.url.path]) }
        var server: ServeProcess? = try ServeProcess(["--state", folder.file, "--rate-limit", "0"])
        let port = server!.port
        let token = try httpGet(port: port, "/create_stream").text.trimmingCharacters(in: .whitespacesAndNewlines)
        Thread.sleep(forTimeInterval: 0.5)
        let filler = folder.url.appendingPathComponent("filler")
        _ = try runCommand("dd", ["if=/dev/zero", "of=\(filler.path)", "bs=4k"])

        try Self.expectChangesApplyWhileWritesFail(server!, token: token)

        try FileManager.default.removeItem(at: filler)
        Thread.sleep(forTimeInterval: 2)
        server!.kill()
        server = nil
        let again = try ServeProcess(["--state", folder.file])
        let restored = try Self.json(try httpGet(port: again.port, "/sessions/\(token)/params"))["params"] as? [String: Any]
        #expect(restored?["cutoff"] as? Double == 1039, "the state did not catch up once there was room")
    }

    @Test("writes are coalesced: 100 changes in two seconds are a handful of writes, and every one is on disk")
    func writesAreCoalesced() throws {
        let folder = StateFolder()
        let server = try TestServer { $0.statePath = folder.file }
        let token = try server.createStream()
        let start = server.statistics.stateWrites.current
        for step in 0..<100 {
            #expect(try server.get("/set_param?id=\(token)&cutoff=\(300 + step)").status == 200)
            usleep(20_000)
        }
        Thread.sleep(forTimeInterval: 0.6)
        let writes = server.statistics.stateWrites.current - start
        #expect(writes >= 2 && writes <= 14, "\(writes) writes for 100 changes")
        let stored = try #require(try server.server.service.stateWriter?.store.load().first { $0.token == token })
        #expect(stored.parameterValues()?["cutoff"] == .number(399), "\(stored.params)")
        #expect(try server.get("/metrics").text.contains("synthcast_state_writes_total"))
    }
}
