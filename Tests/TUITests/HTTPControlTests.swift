import API
import Foundation
import Logging
import Presets
import Server
import Testing
import TestSupport
@testable import TUI

/// `HTTPControl` against a real server, every call of `SynthcastControl`; its errors; and the
/// command line around the UI.
@Suite struct HTTPControlTests {
    @Test func everyCallRoundTripsAgainstARealServer() throws {
        let userPresets = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tui-user-presets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: userPresets, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: userPresets) }
        var configuration = ServerConfiguration()
        configuration.port = 0
        var logger = Logger(label: "synthcast.tui-tests")
        logger.logLevel = .critical
        let presets = PresetLibrary(directory: TmuxPane.repository.appendingPathComponent("presets"), userDirectory: userPresets)
        let server = try StreamingServer(configuration: configuration, presets: presets, logger: logger)
        try server.start()
        defer { server.shutdown() }
        let control = HTTPControl(baseURL: server.baseURL + "/")
        #expect(control.serverURL == server.baseURL)

        // The schema, with what the knobs and `r` need from each row.
        let knobs = try control.knobs()
        #expect(knobs.contains { $0.key == "cutoff" && $0.unit == "Hz" && $0.curve == .exponential && $0.range.lowerBound > 0 })
        #expect(knobs.contains { $0.kind == .choice && !($0.choices ?? []).isEmpty })
        #expect(knobs.filter { ["Test signal", "Master"].contains($0.group) }.allSatisfy { !$0.randomizable })
        #expect(knobs.contains { $0.randomizable })

        // Sessions.
        let created = try control.createSession(preset: "rain")
        let id = try #require(created.id)
        #expect(created.preset == "rain" && created.streamURL?.contains(id) == true)
        #expect(try control.sessions().compactMap(\.id) == [id])
        #expect(try control.session(id).seed == created.seed)

        // Values: set together, refused with the server's own message, presets glide in.
        let set = try control.setParameters(["tempo": .number(100), "wave": .string("pulse")], of: id)
        #expect(set["tempo"] == .number(100) && set["wave"] == .string("pulse"))
        #expect(try control.session(id).params["tempo"] == .number(100))
        let refusal = #expect(throws: ControlError.self) { try control.setParameters(["tempo": .number(999)], of: id) }
        #expect(refusal?.message.contains("tempo") == true, "\(String(describing: refusal))")
        #expect(try control.loadPreset("drone", into: id)["tempo"] == .number(60))
        // A transition goes with the load: the server takes one in its range and names the
        // field when refusing one out of it.
        #expect(try control.loadPreset("rain", into: id, transition: 3)["tempo"] != nil)
        #expect(try control.session(id).preset == "rain")
        let tooLong = #expect(throws: ControlError.self) { try control.loadPreset("drone", into: id, transition: 99999) }
        #expect(tooLong?.message.contains("'transition'") == true, "\(String(describing: tooLong))")
        #expect(try control.session(id).preset == "rain")

        // Sleep timers: set, shown in the session, cancelled, and a cancel with none is the
        // server's message.
        #expect(try control.session(id).timer == nil)
        let timer = try control.setSleepTimer(of: id, after: 1800)
        #expect(timer.fadeOutIn > 1790 && timer.fadeOutIn <= 1800 && timer.endsIn > timer.fadeOutIn, "\(timer)")
        let shown = try #require(try control.sessions().first { $0.id == id }?.timer)
        #expect(shown.fadeOutIn > 1790 && shown.fadeSeconds == timer.fadeSeconds, "\(shown)")
        try control.cancelSleepTimer(of: id)
        #expect(try control.session(id).timer == nil)
        let none = #expect(throws: ControlError.self) { try control.cancelSleepTimer(of: id) }
        #expect(none?.message.contains("no sleep timer") == true, "\(String(describing: none))")

        // Presets: listed, saved as a user's, asked before replacing, loadable.
        #expect(try control.presets().contains { $0.name == "drone" && $0.shipped })
        let document = PresetDocument(name: "round-trip", description: "Saved by a test.", seed: 5, params: ["tempo": .number(123)])
        let summary = PresetSummary(name: "round-trip", description: "Saved by a test.", shipped: false)
        #expect(try control.savePreset(document, overwrite: false) == .saved(summary))
        #expect(try control.savePreset(document, overwrite: false) == .exists)
        var changed = document
        changed.params = ["tempo": .number(124)]
        #expect(try control.savePreset(changed, overwrite: true) == .saved(summary))
        #expect(try control.presets().contains(summary))
        #expect(FileManager.default.fileExists(atPath: userPresets.appendingPathComponent("round-trip.json").path))
        let fromPreset = try control.createSession(preset: "round-trip")
        #expect(fromPreset.seed == 5 && fromPreset.params["tempo"] == .number(124))
        // A shipped preset stays as shipped; a name the server does not take is its message.
        #expect(throws: ControlError.self) { try control.savePreset(PresetDocument(name: "drone"), overwrite: true) }
        #expect(throws: ControlError.self) { try control.savePreset(PresetDocument(name: "no such/name"), overwrite: false) }

        // Ending.
        try control.endSession(id)
        #expect(try !control.sessions().contains { $0.id == id })
        #expect(throws: ControlError.self) { try control.session(id) }
    }

    @Test func aReplyOfAnotherShapeIsAnErrorNamingTheEndpoint() {
        let error = #expect(throws: ControlError.self) {
            try HTTPControl.decode(SessionList.self, from: Data(#"{"sessions": [{"id": 3}]}"#.utf8), "GET /sessions")
        }
        #expect(error?.message.contains("GET /sessions") == true, "\(String(describing: error))")
        let notJSON = #expect(throws: ControlError.self) { try HTTPControl.decode(SchemaReply.self, from: Data("<html>".utf8), "GET /params") }
        #expect(notJSON?.message.contains("GET /params") == true, "\(String(describing: notJSON))")
    }

    @Test func aRefusalIsTheServersMessage() {
        let refused = HTTPControl.Reply(status: 400, data: APIJSON.data(ErrorBody(error: "'tempo' = 999 is out of range; allowed 40...240 BPM")))
        let error = #expect(throws: ControlError.self) { try HTTPControl.requireSuccess(refused, "PATCH /sessions/abc/params") }
        #expect(error?.message == "'tempo' = 999 is out of range; allowed 40...240 BPM")
        let bare = HTTPControl.Reply(status: 502, data: Data("Bad Gateway".utf8))
        let plain = #expect(throws: ControlError.self) { try HTTPControl.requireSuccess(bare, "GET /sessions") }
        #expect(plain?.message == "GET /sessions failed with HTTP 502")
    }

    @Test func anUnreachableServerIsAnErrorThatSaysWhere() throws {
        let port = try OccupiedPort()
        let control = HTTPControl(baseURL: "http://127.0.0.1:\(port.port)/", timeout: 2)
        #expect(control.serverURL == "http://127.0.0.1:\(port.port)")
        #expect(throws: ControlError.self) { try control.knobs() }
    }

    @Test func aConnectionTheServerClosedWhileIdleIsOpenedAgain() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        // The server answers 408 and closes a kept-alive connection idle this long.
        configuration.requestTimeoutSeconds = 0.3
        var logger = Logger(label: "synthcast.tui-tests")
        logger.logLevel = .critical
        let presets = PresetLibrary(directory: TmuxPane.repository.appendingPathComponent("presets"))
        let server = try StreamingServer(configuration: configuration, presets: presets, logger: logger)
        try server.start()
        defer { server.shutdown() }
        let control = HTTPControl(baseURL: server.baseURL)
        let created = try control.createSession(preset: "rain")
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.6)
            #expect(try control.session(#require(created.id)).preset == "rain")
        }
        // The POST after an idle spell is sent once: one more session, not two.
        Thread.sleep(forTimeInterval: 0.6)
        _ = try control.createSession(preset: "drone")
        #expect(try control.sessions().count == 2)
    }

    @Test func onlyPlainHTTPURLsAreTaken() throws {
        let address = try HTTPControl.address(of: "http://example.net:8081/synthcast/")
        #expect(address.host == "example.net" && address.port == 8081 && address.path == "/synthcast")
        let bare = try HTTPControl.address(of: "http://[::1]")
        #expect(bare.host == "::1" && bare.port == 80 && bare.path == "")
        let https = #expect(throws: ControlError.self) { try HTTPControl.address(of: "https://example.net") }
        #expect(https?.message.contains("only http://") == true && https?.message.contains("ssh -L") == true, "\(String(describing: https))")
        let nonsense = #expect(throws: ControlError.self) { try HTTPControl.address(of: "localhost-8000") }
        #expect(nonsense?.message.contains("http://127.0.0.1:8000") == true, "\(String(describing: nonsense))")
        // The UI's own requests say the same, as does the command line.
        #expect(throws: ControlError.self) { try HTTPControl(baseURL: "https://example.net").knobs() }
        let command = try runCommand(TmuxPane.binary.path, ["tui", "--connect", "https://example.net"])
        #expect(command.status != 0 && command.error.contains("only http://"), "\(command.error)")
    }

    @Test func withoutATerminalTheCommandSaysWhatToDoInstead() throws {
        let result = try runCommand(TmuxPane.binary.path, [])
        #expect(result.status != 0)
        #expect(result.error.contains("needs a terminal") && result.error.contains("synthcast serve"), "\(result.error)")
    }

    @Test func presetsFolderGoesWithTheEmbeddedServerOnly() throws {
        let result = try runCommand(TmuxPane.binary.path, ["tui", "--connect", "http://127.0.0.1:8000", "--presets", "presets"])
        #expect(result.status != 0)
        #expect(result.error.contains("are for the embedded server"), "\(result.error)")
    }
}
