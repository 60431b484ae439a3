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

    @Test func chromiumAudioElementPlaysTheStream() throws {
        let server = try TestServer()
        let token = try server.createStream()
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-player-\(token.prefix(8)).html")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-chromium-\(token.prefix(8))")
        defer { try? FileManager.default.removeItem(at: page); try? FileManager.default.removeItem(at: profile) }
        // The page reports through the console: media time against wall time once playing.
        try """
            <!doctype html><title>synthcast</title>
            <audio id="player" src="http://127.0.0.1:\(server.port)/stream?id=\(token)" autoplay></audio>
            <script>
            const player = document.getElementById('player');
            let started = null;
            const log = (message) => console.log('synthcast-audio: ' + message);
            player.addEventListener('playing', () => { started = performance.now(); log('playing'); });
            player.addEventListener('error', () => log('error ' + player.error.code + ' ' + player.error.message));
            setInterval(() => {
                if (started !== null && player.currentTime >= 4) {
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
        #expect(result.done && !report.contains { $0.contains("error") }, "\(report)\n\(result.output.suffix(1500))")
        let played = try #require(report.first { $0.contains("played") }, "\(result.output.suffix(1500))")
        let figures = try #require(played.firstMatch(of: /played ([0-9.]+) in ([0-9.]+)/))
        let media = try #require(Double(figures.1)), wall = try #require(Double(figures.2))
        #expect(wall > 3 && wall < 5.5, "\(media) s of media in \(wall) s of wall time")
    }
}
}
