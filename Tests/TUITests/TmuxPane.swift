import Foundation
import TestSupport

/// `synthcast` running in a detached tmux pane on a tmux server of its own (`tmux -L`), so a
/// test can type keys and read the screen as a user would. The pane's shell reports the exit
/// status and the terminal's settings after synthcast ends; `deinit` kills the tmux server.
final class TmuxPane {
    let socket = "synthcast-tui-\(UUID().uuidString.prefix(8))"
    let presets: URL

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to this test bundle (same build configuration), as CLITests find it.
    static var binary: URL {
        let bundle = Bundle.main.bundleURL
        for folder in [bundle.deletingLastPathComponent(), bundle] {
            let candidate = folder.appendingPathComponent("synthcast")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repository.appendingPathComponent(".build/release/synthcast")
    }

    /// Starts `synthcast ARGUMENTS --presets TEMP` in a `columns`x`rows` pane, with a copy of
    /// the repository's presets so saving writes nowhere else.
    init(_ arguments: [String] = [], columns: Int = 120, rows: Int = 40, environment: [String: String] = ["LANG": "C.UTF-8"]) throws {
        presets = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tui-presets-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("presets"), to: presets)
        let command = ([Self.binary.path, "tui"] + arguments + ["--presets", presets.path]).map(Self.quoted).joined(separator: " ")
        let settings = environment.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        let script = "env \(settings) \(command); echo \"synthcast-exit=$?\"; stty -a | tr '\\n' ' '; echo; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "sh", "-c", script])
    }

    deinit {
        _ = try? runCommand("tmux", ["-L", socket, "kill-server"])
        try? FileManager.default.removeItem(at: presets)
    }

    /// Keys by tmux's names: "Right", "Enter", "C-c", or literal text.
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "0"] + keys)
    }

    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "0", "-l", text])
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The screen as text; `escapes` keeps the colors and attributes as escape sequences.
    func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "0"] + (escapes ? ["-e"] : [])).output
    }

    /// Reads the screen until `condition` holds; the last screen either way, and whether it held.
    @discardableResult
    func waitForScreen(timeout: Double = 10, _ condition: (String) -> Bool) throws -> (screen: String, held: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        repeat {
            screen = try self.screen()
            if condition(screen) { return (screen, true) }
            usleep(50_000)
        } while Date() < deadline
        return (screen, false)
    }

    /// The embedded server's port, read from the header.
    func serverPort(timeout: Double = 20) throws -> Int {
        let (screen, _) = try waitForScreen(timeout: timeout) { $0.contains("http://127.0.0.1:") && $0.contains("KNOBS") }
        guard let range = screen.range(of: #"http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(screen[range].split(separator: ":").last ?? "") else {
            throw TestClientError("no server URL on the screen:\n\(screen)")
        }
        return port
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> CommandResult {
        let result = try runCommand("tmux", ["-L", socket] + arguments)
        guard result.status == 0 else { throw TestClientError("tmux \(arguments.joined(separator: " ")): \(result.error)") }
        return result
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// The JSON API of the TUI's embedded server, for checking what the keys did.
struct ServerAPI {
    let port: Int

    func json(_ method: String, _ target: String, body: String? = nil) throws -> [String: Any] {
        let response = try httpRequest(port: port, method, target, headers: ["Accept": "application/json"], body: body)
        guard (200..<300).contains(response.status) else { throw TestClientError("\(method) \(target): \(response.status) \(response.text)") }
        return (try JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    func sessions() throws -> [[String: Any]] { try json("GET", "/sessions")["sessions"] as? [[String: Any]] ?? [] }

    func parameters(_ id: String) throws -> [String: Any] { try json("GET", "/sessions/\(id)/params")["params"] as? [String: Any] ?? [:] }

    /// Polls until `condition` holds or `timeout` passes; whether it held.
    func eventually(timeout: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if try condition() { return true }
            usleep(50_000)
        } while Date() < deadline
        return false
    }
}
