import Foundation
import Testing
@testable import Server

extension ServerTests {
/// Real players from Debian play a session: mpv (audio to its null output, which keeps real
/// time) and Chromium's `<audio>` element in a headless browser. `scripts/test` installs both.
@Suite struct RealPlayerTests {
    @Test func mpvPlaysTheStreamInRealTimeAndShowsTheTitleChange() throws {
        let server = try TestServer()
        let token = try server.createStream("preset=test-tone")
        let port = server.port
        let changer = Thread {
            Thread.sleep(forTimeInterval: 2)
            _ = try? httpGet(port: port, "/set_param?id=\(token)&test_frequency=2000")
        }
        changer.start()
        let started = Date()
        let result = try watchCommand("mpv", ["--no-config", "--ao=null", "--vo=null", "--length=5", "--msg-level=all=v",
                                              "http://127.0.0.1:\(server.port)/stream?id=\(token)"], timeout: 30) { _ in false }
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.output.contains("AO: [null] 44100Hz stereo"), "\(result.output.suffix(2000))")
        #expect(result.output.contains("icy-title: Synthcast: test-tone\n"))
        #expect(result.output.contains("icy-title: Synthcast: test-tone · test_frequency=2000"), "mpv did not show the new title")
        #expect(result.output.contains("Exiting... (End of file)"))
        #expect(!result.output.lowercased().contains("error while decoding"), "\(result.output)")
        // 5 s of audio at real time, less the half-second join burst.
        #expect(elapsed > 4 && elapsed < 15, "mpv played 5 s in \(elapsed) s")
    }

    @Test func mpvPlaysTheHLSPlaylistInRealTime() throws {
        let server = try TestServer { $0.hlsSegmentSeconds = 1 }
        let listen = try HLSPlaylist.listenID(server, preset: "test-tone")
        let started = Date()
        let result = try watchCommand("mpv", ["--no-config", "--ao=null", "--vo=null", "--length=6", "--msg-level=all=v",
                                              "http://127.0.0.1:\(server.port)/hls/\(listen)/live.m3u8"], timeout: 40) { _ in false }
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.output.contains("AO: [null] 44100Hz stereo"), "\(result.output.suffix(2000))")
        #expect(result.output.contains("Exiting... (End of file)"), "\(result.output.suffix(2000))")
        #expect(!result.output.lowercased().contains("error while decoding"), "\(result.output)")
        // 6 s of audio at real time (the segments already made play no faster than that).
        #expect(elapsed > 5 && elapsed < 20, "mpv played 6 s of HLS in \(elapsed) s")
        #expect(server.statistics.hlsSegments.current >= 4, "mpv fetched \(server.statistics.hlsSegments.current) segments")
    }

    /// GStreamer's HLS demuxer (hlsdemux2, from gst-plugins-good) plays both playlists,
    /// its sink keeping the pipeline clock: audio comes out at real time, the tone whole. The
    /// session is woken by the player: before the server held a new session's first playlist
    /// until it lists three target durations, GStreamer stalled for seconds on packed audio.
    @Test(arguments: ["live.m3u8", "live-ts.m3u8"])
    func gstreamerPlaysTheHLSPlaylistInRealTime(playlist: String) throws {
        let server = try TestServer { $0.hlsSegmentSeconds = 1 }
        let listen = try HLSPlaylist.listenID(server, preset: "test-tone")
        let player = try TimedOutput("gst-launch-1.0", [
            "-q", "uridecodebin", "uri=http://127.0.0.1:\(server.port)/hls/\(listen)/\(playlist)",
            "!", "audioconvert", "!", "audioresample", "!", "audio/x-raw,format=S16LE,channels=1,rate=44100",
            "!", "fdsink", "fd=1", "sync=true",
        ])
        Thread.sleep(forTimeInterval: 12)
        player.stop()
        let first = try #require(player.firstArrival, "GStreamer played nothing")
        let samples = player.bytes.withUnsafeBytes { $0.bindMemory(to: Int16.self).map { Float($0) / 32768 } }
        let audio = Double(samples.count) / 44100
        let wall = try #require(player.arrival(ofByte: player.bytes.count - 1)).timeIntervalSince(first)
        #expect(audio > 5 && abs(audio - wall) < 0.5, "\(audio) s of audio over \(wall) s")
        let frequency = estimatedFrequency(Array(samples.dropFirst(4410).prefix(4 * 44100)), sampleRate: 44100)
        #expect(abs(frequency - 1000) < 5, "\(frequency) Hz")
        let jumps = HLSTests.phaseJumps(samples.dropFirst(4410), frequency: frequency)
        #expect(jumps.isEmpty, "phase jumps at samples \(jumps)")
    }

    /// VLC 3.0 plays the packed-audio playlist into a file through its `afile` output. That
    /// output does not keep real time (it writes what VLC's cache lets through), so the test
    /// checks what was played: seconds of the tone, whole across segments. VLC refuses to run
    /// as root, so it runs as `nobody`.
    @Test func vlcPlaysTheHLSPlaylistAsAnotherUser() throws {
        let server = try TestServer { $0.hlsSegmentSeconds = 1 }
        let listen = try HLSPlaylist.listenID(server, preset: "test-tone")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-vlc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("played.raw").path
        var command = ["cvlc", "-q", "-I", "dummy", "--no-video", "--aout", "afile", "--audiofile-file=\(out)",
                       "--audiofile-format=s16", "--audiofile-channels=1", "--run-time=6",
                       "http://127.0.0.1:\(server.port)/hls/\(listen)/live.m3u8", "vlc://quit"]
        if getuid() == 0 { command = ["runuser", "-u", "nobody", "--"] + command }
        let result = try runCommand("/usr/bin/timeout", ["40"] + command)
        #expect(result.status == 0, "\(result.error.suffix(2000))")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        let samples = bytes.withUnsafeBytes { $0.bindMemory(to: Int16.self).map { Float($0) / 32768 } }
        let audio = Double(samples.count) / 44100
        #expect(audio > 4, "VLC played \(audio) s")
        let frequency = estimatedFrequency(Array(samples.dropFirst(4410).prefix(3 * 44100)), sampleRate: 44100)
        #expect(abs(frequency - 1000) < 5, "\(frequency) Hz")
        let jumps = HLSTests.phaseJumps(samples.dropFirst(4410), frequency: frequency)
        #expect(jumps.isEmpty, "phase jumps at samples \(jumps)")
        #expect(server.statistics.hlsSegments.current >= 3)
    }

    @Test func chromiumAudioElementPlaysTheStream() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let played = try Self.playInChromium("http://127.0.0.1:\(server.port)/stream?id=\(token)", seconds: 4)
        #expect(played.wall > 3 && played.wall < 5.5, "\(played.media) s of media in \(played.wall) s of wall time")
    }

    /// This Chromium (156) plays HLS natively: the transport-stream playlist, in real time.
    /// Packed audio it refuses (MEDIA_ERR_SRC_NOT_SUPPORTED). It stopped ("segment queue never
    /// had any data") on a playlist of fewer than three segments, which a session just woken
    /// had, until the server held such a first playlist until it lists three target durations:
    /// here the player wakes the session.
    @Test func chromiumAudioElementPlaysTheTransportStreamPlaylist() throws {
        let server = try TestServer { $0.hlsSegmentSeconds = 1 }
        let listen = try HLSPlaylist.listenID(server, preset: "default")
        let played = try Self.playInChromium("http://127.0.0.1:\(server.port)/hls/\(listen)/live-ts.m3u8", seconds: 4)
        #expect(played.wall > 3 && played.wall < 5.5, "\(played.media) s of media in \(played.wall) s of wall time")
        #expect(server.statistics.hlsSegments.current >= 3)
        let packed = #expect(throws: TestClientError.self) {
            try Self.playInChromium("http://127.0.0.1:\(server.port)/hls/\(listen)/live.m3u8", seconds: 2)
        }
        #expect(packed?.description.contains("error 4") == true, "\(String(describing: packed))")
    }

    /// Opens `url` in an `<audio>` element of headless Chromium and waits until `seconds` of
    /// media have played; returns them and the wall time they took. A media error throws.
    static func playInChromium(_ url: String, seconds: Double) throws -> (media: Double, wall: Double) {
        let name = UUID().uuidString.prefix(8)
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-player-\(name).html")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-chromium-\(name)")
        defer { try? FileManager.default.removeItem(at: page); try? FileManager.default.removeItem(at: profile) }
        // The page reports through the console: media time against wall time once playing.
        try """
            <!doctype html><title>synthcast</title>
            <audio id="player" src="\(url)" autoplay></audio>
            <script>
            const player = document.getElementById('player');
            let started = null;
            const log = (message) => console.log('synthcast-audio: ' + message);
            player.addEventListener('playing', () => { if (started === null) started = performance.now(); log('playing'); });
            player.addEventListener('error', () => log('error ' + player.error.code + ' ' + player.error.message));
            setInterval(() => {
                if (started !== null && player.currentTime >= \(seconds)) {
                    log('played ' + player.currentTime.toFixed(2) + ' in ' + ((performance.now() - started) / 1000).toFixed(2));
                }
            }, 250);
            </script>
            """.write(to: page, atomically: true, encoding: .utf8)
        let result = try watchCommand("chromium-headless-shell", [
            "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required", "--enable-logging=stderr",
            "--log-level=0", "--user-data-dir=\(profile.path)", page.absoluteString,
        ], timeout: 90) { $0.contains("synthcast-audio: played") || $0.contains("synthcast-audio: error") }
        let report = result.output.split(separator: "\n").filter { $0.contains("synthcast-audio") }
        if let error = report.first(where: { $0.contains("synthcast-audio: error") }) {
            throw TestClientError("Chromium: \(error.split(separator: "synthcast-audio: ").last ?? error)")
        }
        guard result.done, let played = report.first(where: { $0.contains("played") }),
              let figures = played.firstMatch(of: /played ([0-9.]+) in ([0-9.]+)/),
              let media = Double(figures.1), let wall = Double(figures.2) else {
            throw TestClientError("Chromium did not play \(url): \(report)\n\(result.output.suffix(1500))")
        }
        return (media, wall)
    }
}
}
