#if canImport(Glibc)
import Glibc
#endif
import API
import Foundation
import TestSupport

/// `synthcast` running in a detached tmux pane on a tmux server of its own (`tmux -L`), so a
/// test can type keys and read the screen as a user would. The pane's shell reports the exit
/// status and the terminal's settings after synthcast ends; `deinit` kills the tmux server.
final class TmuxPane {
    let socket = "synthcast-tui-\(UUID().uuidString.prefix(8))"
    let presets: URL
    /// The embedded server's user presets folder (`SYNTHCAST_USER_PRESETS`), so that `s` never
    /// writes to the user's own.
    let userPresets: URL

    static let repository = BuiltProducts.repository
    static var binary: URL { BuiltProducts.synthcast }

    /// Starts `synthcast ARGUMENTS --presets TEMP` in a `columns`x`rows` pane, with a copy of
    /// the repository's presets for the embedded server (`--connect` takes no `--presets`: the
    /// server it names keeps its own).
    init(_ arguments: [String] = [], columns: Int = 120, rows: Int = 40, environment: [String: String] = ["LANG": "C.UTF-8"]) throws {
        presets = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tui-presets-\(UUID().uuidString)")
        userPresets = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tui-user-presets-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("presets"), to: presets)
        let presetsOption = arguments.contains("--connect") ? [] : ["--presets", presets.path]
        let command = ([Self.binary.path, "tui"] + arguments + presetsOption).map(Self.quoted).joined(separator: " ")
        // Only what the test asks for: the test runner's own NO_COLOR or locale must not leak in.
        // Its own state file, too: panes run side by side, and a state file takes one server.
        let environment = environment.merging(["SYNTHCAST_USER_PRESETS": userPresets.path, "XDG_STATE_HOME": userPresets.path + "-state"]) { given, _ in given }
        let settings = "-u NO_COLOR -u LC_ALL -u LANG " + environment.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: " ")
        // The shell outlives a Ctrl-C sent to synthcast (a trap with a command is not
        // inherited), to report how synthcast ended and how it left the terminal.
        let script = "trap : INT; env \(settings) \(command); echo \"synthcast-exit=$?\"; stty -a | tr '\\n' ' '; echo; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "sh", "-c", script])
    }

    deinit {
        _ = try? Self.spawn(["tmux", "-L", socket, "kill-server"])
        try? FileManager.default.removeItem(atPath: "\(ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp")/tmux-\(getuid())/\(socket)")
        try? FileManager.default.removeItem(at: presets)
        try? FileManager.default.removeItem(at: userPresets)
        try? FileManager.default.removeItem(atPath: userPresets.path + "-state")
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

    /// The screen as text; `escapes` keeps the colors and attributes as escape sequences, and
    /// `joined` puts lines the terminal wrapped back together (the shell's long stty line).
    func screen(escapes: Bool = false, joined: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "0"] + (escapes ? ["-e"] : []) + (joined ? ["-J"] : [])).output
    }

    /// Reads the screen until `condition` holds; the last screen either way, and whether it held.
    @discardableResult
    func waitForScreen(timeout: Double = 10, joined: Bool = false, _ condition: (String) -> Bool) throws -> (screen: String, held: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        repeat {
            screen = try self.screen(joined: joined)
            if condition(screen) { return (screen, true) }
            usleep(50_000)
        } while Date() < deadline
        return (screen, false)
    }

    /// The embedded server's port, read from the header, once the UI is up.
    func serverPort(timeout: Double = 20) throws -> Int {
        // Up once the first session list is in: the starting session and its stream URL show.
        let (screen, _) = try waitForScreen(timeout: timeout) { $0.contains("http://127.0.0.1:") && $0.contains("Stream: ") }
        guard let range = screen.range(of: #"http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(screen[range].split(separator: ":").last ?? "") else {
            throw TestClientError("no server URL on the screen:\n\(screen)")
        }
        return port
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try Self.spawn(["tmux", "-L", socket] + arguments)
        guard result.status == 0 else { throw TestClientError("tmux \(arguments.joined(separator: " ")): \(result.output)") }
        return result
    }

    /// Runs a program and waits for it. Not `Process`: it hands the child the signal mask of the
    /// test's thread, which blocks signals, and a tmux server started so never sees SIGCHLD or
    /// SIGTERM (and survives `kill-server`). posix_spawn can start it with a clean mask.
    static func spawn(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("synthcast-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TestClientError("cannot run \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        // Exited normally: the low 7 bits are 0 and the status is in the next 8.
        return ((status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
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

    /// A reply as the `API` type the server encodes it as.
    func reply<Value: Decodable>(_ type: Value.Type, _ method: String, _ target: String, body: String? = nil) throws -> Value {
        let response = try httpRequest(port: port, method, target, headers: ["Accept": "application/json"], body: body)
        guard (200..<300).contains(response.status) else { throw TestClientError("\(method) \(target): \(response.status) \(response.text)") }
        return try APIJSON.decoder().decode(Value.self, from: Data(response.body))
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
