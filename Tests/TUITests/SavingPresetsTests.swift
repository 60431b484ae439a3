#if canImport(Glibc)
import Glibc
#endif
import API
import Foundation
import Testing
import TestSupport

/// `s` in the UI stores the preset on the server it controls: `synthcast serve` in its own
/// process with a user presets folder of the test's, `synthcast tui --connect` in tmux.
@Suite(.serialized) struct SavingPresetsTests {
    @Test func sSavesOnTheServerWhichListsAndPlaysThePresetAndAsksBeforeOverwriting() throws {
        let userPresets = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tui-user-presets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: userPresets, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: userPresets) }
        let shipped = TmuxPane.repository.appendingPathComponent("presets")
        let server = try ServeProcess(["--presets", shipped.path, "--user-presets", userPresets.path])
        let api = ServerAPI(port: server.port)
        let created = try api.reply(SessionInfo.self, "POST", "/sessions", body: #"{"preset": "rain"}"#)
        let id = try #require(created.id)

        let pane = try TmuxPane(["--connect", server.baseURL])
        #expect(try pane.serverPort() == server.port)
        // Tempo (the second knob) a step up, so the preset is not rain's values.
        let before = try api.reply(ParametersReply.self, "GET", "/sessions/\(id)/params").params["tempo"]
        try pane.send("Down", "Right")
        var tempo: ParameterValue?
        let turned = try api.eventually(timeout: 2) {
            tempo = try api.reply(ParametersReply.self, "GET", "/sessions/\(id)/params").params["tempo"]
            return tempo != before
        }
        #expect(turned, "tempo stayed \(String(describing: before))")

        try pane.send("s")
        #expect(try pane.waitForScreen(timeout: 2) { $0.contains("Save this session as a preset on the server") }.held)
        try pane.type("night-drive")
        try pane.send("Enter")
        let (screen, saved) = try pane.waitForScreen(timeout: 3) { $0.contains("Saved preset 'night-drive' on the server") }
        #expect(saved, "no message of the save:\n\(screen)")

        // The server lists it as a user's preset and keeps it in the user folder, nowhere else.
        let listed = try api.reply(PresetList.self, "GET", "/presets").presets.first { $0.name == "night-drive" }
        #expect(listed?.shipped == false, "\(String(describing: listed))")
        #expect(listed?.description == "Saved from session \(id.prefix(8)), started from preset 'rain'.")
        let file = userPresets.appendingPathComponent("night-drive.json")
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: shipped.appendingPathComponent("night-drive.json").path))
        #expect(!FileManager.default.fileExists(atPath: pane.presets.appendingPathComponent("night-drive.json").path))
        let validation = try runCommand(TmuxPane.binary.path, ["presets", "validate", file.path])
        #expect(validation.status == 0, "\(validation.output) \(validation.error)")

        // It plays: a stream of it by URL, and a session of it has the seed and the turned tempo.
        let stream = try httpGet(port: server.port, "/create_stream?preset=night-drive")
        #expect(stream.status == 200, "\(stream.text)")
        let token = stream.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!token.isEmpty)
        let capture = try StreamCapture(port: server.port, "/stream?id=\(token)")
        capture.read(for: 1)
        let decoded = try Decoder.ffmpeg(capture.bytes)
        #expect(decoded.complaints.isEmpty && decoded.samples.count > 44_100, "\(capture.bytes.count) bytes: \(decoded.complaints)")
        let session = try api.reply(SessionInfo.self, "POST", "/sessions", body: #"{"preset": "night-drive"}"#)
        #expect(session.params["tempo"] == tempo && session.seed == created.seed)

        // The same name again: a question; n leaves the preset as it was, y replaces it.
        let first = try Data(contentsOf: file)
        try pane.send("Right", "s")
        try pane.type("night-drive")
        try pane.send("Enter")
        let question = "A preset named 'night-drive' exists. Overwrite it? (y/n)"
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains(question) }.held)
        try pane.send("n")
        usleep(300_000)
        #expect(try Data(contentsOf: file) == first)
        try pane.send("s")
        try pane.type("night-drive")
        try pane.send("Enter")
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains(question) }.held)
        try pane.send("y")
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("Saved preset 'night-drive' on the server") }.held)
        #expect(try Data(contentsOf: file) != first)
    }
}

