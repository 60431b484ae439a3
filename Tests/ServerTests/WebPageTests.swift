import Foundation
import Testing
import TestSupport

/// The web page in a real browser: headless Chromium driven by Selenium
/// (Tests/Browser/session_page.py), against a real `synthcast serve`.
@Suite("The web page in Chromium", .serialized)
struct WebPageTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Browser/session_page.py").path

    final class PageServer {
        let userPresets = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-web-presets-\(UUID().uuidString.prefix(8))")
        let server: ServeProcess
        init() throws {
            server = try ServeProcess(["--rate-limit", "0", "--user-presets", userPresets.path])
        }
        deinit { try? FileManager.default.removeItem(at: userPresets) }
        var base: String { server.baseURL }
    }

    /// Runs one scenario; returns what it printed (JSON of its figures).
    @discardableResult
    static func run(_ scenario: String, _ base: String, _ arguments: String...) throws -> String {
        let result = try runCommand("/usr/bin/timeout", ["120", "/usr/bin/python3", script, scenario, base] + arguments)
        #expect(result.status == 0, "\(scenario): \(result.error.suffix(3000))")
        return result.output
    }

    @Test("/ lists the presets for a browser, and New session opens a session page with a knob for every parameter, grouped as the schema groups them")
    func startPage() throws {
        let page = try PageServer()
        try Self.run("start-page", page.base)
        // curl still gets the text.
        let plain = try httpGet(port: page.server.port, "/")
        #expect(plain.text.contains("GET /create_stream"), "\(plain.text)")
    }

    @Test("Play: the audio element's currentTime advances in real time, with the listener count, a moving level meter and MediaSession metadata; Pause pauses")
    func playsInRealTime() throws {
        let page = try PageServer()
        try Self.run("plays-in-real-time", page.base, try page.server.createSession(preset: "drone"))
    }

    @Test("after a network drop (the server killed and started again on its state file) the player reconnects by itself and plays on")
    func reconnectsAfterADrop() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-web-state-\(UUID().uuidString.prefix(8)).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: state + suffix) } }
        let port = try freeLoopbackPort()
        var server: ServeProcess? = try ServeProcess(["--state", state], port: port)
        let token = try server!.createSession(preset: "drone")
        let page = try BackgroundCommand(URL(fileURLWithPath: "/usr/bin/timeout"),
                                         ["120", "/usr/bin/python3", Self.script, "reconnects", server!.baseURL, token])
        defer { page.kill() }
        #expect(page.waitForOutput("playing", timeout: 40), "the page did not play: \(page.output.suffix(2000))")
        Thread.sleep(forTimeInterval: 1)
        server!.kill()
        server = nil
        Thread.sleep(forTimeInterval: 2)
        server = try ServeProcess(["--state", state], port: port)
        #expect(page.waitForExit(timeout: 60) == 0, "\(page.output.suffix(3000))")
    }

    @Test("arrow keys, a typed value and a fast drag on a knob reach the session; a drag is a few requests and its last value arrives; a refused value shows why")
    func knobMovesTheSession() throws {
        let page = try PageServer()
        try Self.run("knob-moves-the-session", page.base, try page.server.createSession(preset: "default"))
    }

    @Test("a change made with /set_param shows on the page within a second")
    func showsChangesFromElsewhere() throws {
        let page = try PageServer()
        try Self.run("shows-changes-from-elsewhere", page.base, try page.server.createSession(preset: "default"))
    }

    @Test("Randomize changes the session, Undo brings it back, Load preset loads one")
    func randomizeUndoAndLoad() throws {
        let page = try PageServer()
        try Self.run("randomize-undo-and-load", page.base, try page.server.createSession(preset: "default"))
    }

    @Test("Save as preset: the preset appears in GET /presets; saving it again asks before it overwrites")
    func saveAsPreset() throws {
        let page = try PageServer()
        try Self.run("save-as-preset", page.base, try page.server.createSession(preset: "default"), "web-saved")
        #expect(FileManager.default.fileExists(atPath: page.userPresets.appendingPathComponent("web-saved.json").path))
    }

    @Test("a listen-only page plays with no knobs, and the control token is in neither its HTML nor its requests")
    func listenOnly() throws {
        let page = try PageServer()
        try Self.run("listen-only", page.base, try page.server.createSession(preset: "default"))
    }

    @Test("the Content-Security-Policy holds (an inline script is refused) and the page logs no console error")
    func securityPolicy() throws {
        let page = try PageServer()
        let token = try page.server.createSession(preset: "default")
        try Self.run("security-policy", page.base, token)
        let reply = try httpGet(port: page.server.port, "/play/\(token)")
        let policy = reply.header("Content-Security-Policy") ?? ""
        #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(policy)")
        #expect(!reply.text.contains(token), "the page's HTML holds the token")
    }

    @Test("at phone width every control is on screen with no sideways scrolling, each has a label, and a dark color scheme is followed")
    func phoneWidth() throws {
        let page = try PageServer()
        try Self.run("phone-width", page.base, try page.server.createSession(preset: "default"))
    }
}
