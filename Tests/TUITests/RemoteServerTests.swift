import Foundation
import Logging
import Presets
import Server
import Testing
import TestSupport

/// `synthcast tui --connect URL`: the same UI on a server it did not start.
@Suite(.serialized) struct RemoteServerTests {
    @Test func connectControlsARunningServerAndQuittingLeavesItRunning() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        var logger = Logger(label: "synthcast.tui-tests")
        logger.logLevel = .critical
        let server = try StreamingServer(configuration: configuration,
                                         presets: PresetLibrary(directory: TmuxPane.repository.appendingPathComponent("presets")), logger: logger)
        try server.start()
        defer { server.shutdown() }
        let api = ServerAPI(port: server.port)
        let id = try #require(try api.json("POST", "/sessions", body: #"{"preset": "drone"}"#)["id"] as? String)

        let pane = try TmuxPane(["--connect", server.baseURL])
        #expect(try pane.serverPort() == server.port)
        let (screen, held) = try pane.waitForScreen(timeout: 3) { $0.contains("(remote server)") && $0.contains(String(id.prefix(8))) }
        #expect(held && screen.contains("drone"), "\(screen)")

        // drone's tempo is 60; a fine step of 40...240 is 2.
        try pane.send("Down", "Right")
        #expect(try api.eventually(timeout: 2) { try api.parameters(id)["tempo"] as? Double == 62 })

        // An Icecast output of the session shows in its row, in the ICECAST column.
        let icecast = try LoopbackIcecast()
        _ = try api.json("POST", "/sessions/\(id)/outputs", body: #"{"url": "\#(icecast.sourceURL("/drone.mp3"))"}"#)
        let row = { (screen: String) in screen.split(separator: "\n").first { $0.contains(String(id.prefix(8))) } ?? "" }
        let (listed, shown) = try pane.waitForScreen(timeout: 5) { $0.contains("ICECAST") && row($0).contains("live") }
        #expect(shown, "\(listed)")

        // Quitting a remote UI ends no streams, so it does not ask.
        let stream = try StreamCapture(port: server.port, "/stream?id=\(id)")
        stream.read(for: 0.2)
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("listeners 1") }.held)
        try pane.send("q")
        #expect(try pane.waitForScreen(timeout: 5) { $0.contains("synthcast-exit=0") }.held)
        #expect(try api.sessions().map { $0["id"] as? String } == [id])
    }
}
