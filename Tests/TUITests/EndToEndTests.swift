import API
import Foundation
import Testing
import TestSupport

/// The built `synthcast` in tmux: keys in, the screen and the JSON API read back. One at a
/// time, since each runs a whole server and the machine may have few cores.
@Suite(.serialized) struct EndToEndTests {
    @Test func aSessionCreatedOverHTTPAppearsInTheList() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        let created = try api.json("POST", "/sessions", body: #"{"preset": "rain"}"#)
        let id = try #require(created["id"] as? String)
        let (screen, held) = try pane.waitForScreen(timeout: 2) { $0.contains(String(id.prefix(8))) }
        #expect(held, "the new session is not listed:\n\(screen)")
        let row = screen.split(separator: "\n").first { $0.contains(String(id.prefix(8))) } ?? ""
        #expect(row.contains("rain"))
    }

    @Test func turningAKnobChangesTheParameterOnTheServer() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        let id = try #require(try api.sessions().first?["id"] as? String)
        let before = try #require(try api.parameters(id)["tempo"] as? Double)
        // The first knob is Style; Down moves to Tempo.
        try pane.send("Down", "Right", "Right")
        let turned = try api.eventually(timeout: 2) { (try api.parameters(id)["tempo"] as? Double ?? before) > before }
        #expect(turned, "tempo stayed \(before)")
        // Both turns may not have reached the server when the first shows: the screen must
        // come to show the value the server holds, read afresh each time.
        #expect(try pane.waitForScreen(timeout: 2) { screen in
            let after = (try? api.parameters(id)["tempo"] as? Double) ?? 0
            return screen.contains("\(Int(after)) BPM")
        }.held)

        try pane.send("u")
        #expect(try api.eventually(timeout: 2) { try api.parameters(id)["tempo"] as? Double == before }, "undo did not restore the tempo")
    }

    @Test func changesMadeOverHTTPShowWithinHalfASecond() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        let id = try #require(try api.sessions().first?["id"] as? String)
        _ = try api.json("PATCH", "/sessions/\(id)/params", body: #"{"tempo": 173, "wave": "pulse"}"#)
        let (screen, held) = try pane.waitForScreen(timeout: 0.5) { $0.contains("173 BPM") && $0.contains("pulse ") }
        #expect(held, "the change is not on screen within 0.5 s:\n\(screen)")
    }

    @Test func nCreatesASessionFromTheChosenPreset() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        try pane.send("n")
        // The list is the default, then the preset files in name order.
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("New session from preset") && $0.contains("ambient-pad") }.held)
        try pane.send("Down", "Enter")
        let made = try api.eventually(timeout: 3) { try api.sessions().contains { $0["preset"] as? String == "ambient-pad" } }
        let presets = try api.sessions().map { $0["preset"] as? String ?? "" }
        #expect(made, "no ambient-pad session: \(presets)")
        #expect(try api.sessions().count == 2)
        #expect(try pane.waitForScreen(timeout: 2) { $0.contains("New session") && $0.contains("(ambient-pad)") }.held)
    }

    @Test func pMorphsIntoThePresetOverTheSecondsTyped() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        let id = try #require(try api.sessions().first?["id"] as? String)
        try pane.send("p")
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("Load preset into session") && $0.contains("ambient-pad") }.held)
        try pane.send("Down", "Enter")
        #expect(try pane.waitForScreen(timeout: 2) { $0.contains("Into 'ambient-pad': transition in seconds (Enter: 0, at once): _") }.held)
        try pane.type("3")
        try pane.send("Enter")
        let (screen, shown) = try pane.waitForScreen(timeout: 3) { $0.contains("Morphing into 'ambient-pad' over 3 s (u undoes)") }
        #expect(shown, "no message of the morph:\n\(screen)")
        let session = { try api.reply(SessionInfo.self, "GET", "/sessions/\(id)") }
        #expect(try api.eventually(timeout: 3) { try session().preset == "ambient-pad" }, "the preset did not change")

        // The transition reaches the server: one out of its range comes back as its refusal.
        try pane.send("p")
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("Load preset into session") }.held)
        try pane.send("Enter")
        try pane.type("5000")
        try pane.send("Enter")
        let (refused, said) = try pane.waitForScreen(timeout: 3) { $0.contains("'transition' takes seconds") }
        #expect(said, "no refusal on screen:\n\(refused)")
        #expect(try session().preset == "ambient-pad")
    }

    @Test func aSleepTimerCountsDownInTheListAndZSetsAndCancelsIt() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        let id = try #require(try api.sessions().first?["id"] as? String)
        let row = { (screen: String) in screen.split(separator: "\n").first { $0.contains(String(id.prefix(8))) }.map(String.init) ?? "" }
        let timer = { try api.reply(SessionInfo.self, "GET", "/sessions/\(id)").timer }
        _ = try api.json("POST", "/sessions/\(id)/timer", body: #"{"fade_out_after": 1800}"#)
        let (screen, shown) = try pane.waitForScreen(timeout: 2) { screen in
            screen.contains("SLEEP") && row(screen).range(of: #" in (30:00|29:[0-9]{2}) "#, options: .regularExpression) != nil
        }
        #expect(shown, "no countdown to the sleep:\n\(screen)")

        // z 0 cancels it, and the column goes with the last timer.
        try pane.send("z")
        #expect(try pane.waitForScreen(timeout: 2) { $0.contains("Sleep after minutes (then fade out and end; 0 cancels): _") }.held)
        try pane.type("0")
        try pane.send("Enter")
        #expect(try api.eventually(timeout: 2) { try timer() == nil }, "the timer is still set")
        #expect(try pane.waitForScreen(timeout: 2) { !$0.contains("SLEEP") && $0.contains("UPTIME") }.held)

        // z 45 sets one.
        try pane.send("z")
        try pane.type("45")
        try pane.send("Enter")
        #expect(try api.eventually(timeout: 2) { try timer().map { (2690...2700).contains($0.fadeOutIn) } == true })
        #expect(try pane.waitForScreen(timeout: 2) { row($0).range(of: #" in (45:00|44:[0-9]{2}) "#, options: .regularExpression) != nil }.held)

        // Once the fade has begun, the time left to the end.
        _ = try api.json("POST", "/sessions/\(id)/timer", body: #"{"fade_out_after": 0, "fade_seconds": 600}"#)
        let (fading, counted) = try pane.waitForScreen(timeout: 2) { row($0).range(of: #" fading (10:00|9:[0-9]{2}) "#, options: .regularExpression) != nil }
        #expect(counted, "no countdown to the end:\n\(fading)")
    }

    /// The embedded server saves in its user presets folder (the pane's own), not in --presets.
    /// (`SavingPresetsTests` covers saving in full, on a server in another process.)
    @Test func sSavesThroughTheEmbeddedServer() throws {
        let pane = try TmuxPane()
        let api = ServerAPI(port: try pane.serverPort())
        try pane.send("s")
        try pane.type("night-drive")
        try pane.send("Enter")
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("Saved preset 'night-drive' on the server") }.held)
        #expect(FileManager.default.fileExists(atPath: pane.userPresets.appendingPathComponent("night-drive.json").path))
        #expect(!FileManager.default.fileExists(atPath: pane.presets.appendingPathComponent("night-drive.json").path))
        let loaded = try api.json("POST", "/sessions", body: #"{"preset": "night-drive"}"#)
        #expect(loaded["preset"] as? String == "night-drive")
    }

    @Test func resizingRelaysOutAndATinyTerminalGetsAMessage() throws {
        let pane = try TmuxPane()
        _ = try pane.serverPort()
        try pane.resize(columns: 80, rows: 24)
        let (screen, held) = try pane.waitForScreen(timeout: 3) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 24 && lines[0].contains("sessions 1") && lines[23].contains("? help  q quit")
                && lines[3].contains("Stream: ") && screen.contains("KNOBS (page 1/")
        }
        #expect(held, "no sane 80x24 layout:\n\(screen)")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })

        try pane.resize(columns: 40, rows: 10)
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("Synthcast needs 60x16 or more;") && !$0.contains("KNOBS") }.held)

        try pane.resize(columns: 120, rows: 40)
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("KNOBS") && $0.contains("q quit") && !$0.contains("needs 60x16") }.held)
    }

    @Test func quittingAsksWhileSomeoneListensAndLeavesTheTerminalUsable() throws {
        let pane = try TmuxPane()
        let port = try pane.serverPort()
        let api = ServerAPI(port: port)
        let stream = try #require(try api.sessions().first?["stream_url"] as? String)
        let listener = try StreamCapture(port: port, String(stream[stream.range(of: "/stream")!.lowerBound...]))
        listener.read(for: 0.3)
        #expect(try pane.waitForScreen(timeout: 3) { $0.contains("listeners 1") }.held)
        // A listener's stream shows on the level meter.
        let heard = try pane.waitForScreen(timeout: 3) { $0.range(of: #"█[█░]* -?[0-9]+ dB"#, options: .regularExpression) != nil }
        #expect(heard.held, "no level on the meter:\n\(heard.screen)")

        try pane.send("q")
        #expect(try pane.waitForScreen(timeout: 2) { $0.contains("1 listener is connected; quitting stops the server. Quit? (y/n)") }.held)
        try pane.send("n")
        usleep(200_000)
        #expect(try pane.screen().contains("KNOBS"))
        try pane.send("q")
        try pane.send("y")
        let (screen, exited) = try pane.waitForScreen(timeout: 5, joined: true) { $0.contains("synthcast-exit=") && $0.contains("min = ") }
        #expect(exited, "synthcast did not exit:\n\(screen)")
        #expect(screen.contains("synthcast-exit=0"))
        // curses is gone: the line discipline echoes and edits lines again.
        #expect(screen.contains(" icanon") && screen.contains(" echo ") && !screen.contains("-icanon") && !screen.contains(" -echo "))
        #expect(!screen.contains("KNOBS"), "the UI is still on screen:\n\(screen)")
    }

    @Test func theNextStartComesBackWithTheSessionsLeft() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tui-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let environment = ["LANG": "C.UTF-8", "XDG_STATE_HOME": state.path]
        let first = try TmuxPane(environment: environment)
        let api = ServerAPI(port: try first.serverPort())
        let id = try #require(try api.sessions().first?["id"] as? String)
        _ = try api.json("PATCH", "/sessions/\(id)/params", body: #"{"cutoff": 777}"#)
        try first.send("q")
        #expect(try first.waitForScreen(timeout: 5, joined: true) { $0.contains("synthcast-exit=0") }.held)
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("synthcast/tui-sessions.sqlite").path))

        let second = try TmuxPane(environment: environment)
        let again = ServerAPI(port: try second.serverPort())
        let sessions = try again.sessions()
        #expect(sessions.map { $0["id"] as? String } == [id], "\(sessions)")
        #expect(try again.parameters(id)["cutoff"] as? Double == 777)
        #expect(try second.waitForScreen(timeout: 3) { $0.contains(String(id.prefix(8))) }.held)
    }

    @Test func ctrlCRestoresTheTerminalToo() throws {
        let pane = try TmuxPane()
        _ = try pane.serverPort()
        try pane.send("C-c")
        let (screen, exited) = try pane.waitForScreen(timeout: 5, joined: true) { $0.contains("synthcast-exit=") && $0.contains("min = ") }
        #expect(exited, "synthcast did not exit on Ctrl-C:\n\(screen)")
        #expect(screen.contains("synthcast-exit=0"))
        #expect(screen.contains(" icanon") && !screen.contains("-icanon") && !screen.contains(" -echo "))
    }

    @Test func aCLocaleGetsASCIIAndNoColorGetsNoColors() throws {
        let plain = try TmuxPane(environment: ["LANG": "C", "LC_ALL": "C", "NO_COLOR": "1"])
        _ = try plain.serverPort()
        let screen = try plain.screen(escapes: true)
        #expect(screen.contains("> Style") && screen.contains("###"), "not ASCII:\n\(screen)")
        #expect(!screen.contains("█"))
        // Color escapes are ESC [ 3x m (foreground) and 4x (background); bold and reverse remain.
        #expect(screen.range(of: #"\x1B\[([0-9]+;)*3[0-7]m"#, options: .regularExpression) == nil, "colors under NO_COLOR")

        let colored = try TmuxPane()
        _ = try colored.serverPort()
        let colors = try colored.screen(escapes: true)
        #expect(colors.range(of: #"\x1B\[([0-9]+;)*3[0-7]m"#, options: .regularExpression) != nil, "no colors:\n\(colors)")
    }
}
