import Foundation
import Testing
@testable import Server

extension ServerTests {
/// The shipped nginx config (`deploy/nginx/synthcast.conf`) in front of a real server, run by
/// Debian's nginx on loopback: HLS is cached, so a crowd of viewers costs the origin about
/// one viewer; `/stream` and the API pass through.
@Suite struct NginxCacheTests {
    @Test func twoHundredViewersGetEverySegmentAndTheOriginSendsEachAboutOnce() throws {
        let server = try TestServer { $0.hlsSegmentSeconds = 1 }
        let nginx = try LoopbackNginx(originPort: server.port)
        let listen = try HLSPlaylist.listenID(server, preset: "default")
        let result = try runCommand(BuiltProducts.serverBench.path, [
            "hls-viewers", "--port", String(nginx.port), "--playlist", "/hls/\(listen)/live.m3u8",
            "--viewers", "200", "--seconds", "20", "--warmup", "3", "--tsv",
        ])
        #expect(result.status == 0, "\(result.error)")
        let fields = result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init)
        try #require(fields.count == 8, "\(result.output)")
        let (fewest, gapped, failures) = (Int(fields[1]) ?? 0, Int(fields[4]) ?? -1, Int(fields[5]) ?? -1)
        // 23 s of 1 s segments: every viewer has all of them since it joined, none skipped.
        #expect(gapped == 0 && failures == 0, "viewers with a gap: \(gapped), failures: \(failures)")
        #expect(fewest >= 20, "a viewer got only \(fewest) segments in 23 s")
        // Each segment the session made went from the origin about once, not once per viewer.
        let made = try #require(try server.session(listen).hlsWindow.newest?.sequence) + 1
        let sent = server.statistics.hlsSegments.current
        #expect(sent >= made - 4 && sent <= made + made / 4, "the origin sent \(sent) segments for \(made) made")
        #expect(!nginx.errorLog.contains("[error]"), "\(nginx.errorLog)")
    }

    @Test func theStreamAndTheAPIPassThroughUncached() throws {
        let server = try TestServer()
        let nginx = try LoopbackNginx(originPort: server.port)
        let created = try httpGet(port: nginx.port, "/create_stream?preset=test-tone")
        #expect(created.status == 200)
        let token = created.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let capture = try StreamCapture(port: nginx.port, "/stream?id=\(token)")
        capture.read(for: 3)
        #expect(capture.head.status == 200 && capture.head.header("Content-Type") == "audio/mpeg")
        // Unbuffered: the join burst comes at once, then real time.
        #expect(capture.audioReceived(within: 0.3) > 0.3, "burst through nginx: \(capture.audioReceived(within: 0.3)) s")
        #expect(capture.realTimeError < 0.1, "\(capture.realTimeError)")
        let health = try httpGet(port: nginx.port, "/sessions/\(token)")
        #expect(health.status == 200 && health.header("X-Cache-Status") == nil)
        let playlist = try httpGet(port: nginx.port, "/hls/\(token)/live.m3u8")
        #expect(playlist.status == 200 && playlist.header("X-Cache-Status") != nil, "\(playlist.headers)")
    }
}
}
