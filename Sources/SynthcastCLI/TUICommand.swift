import ArgumentParser
import Foundation
import Logging
import Presets
import Server
import TUI

/// `synthcast tui`, and `synthcast` alone: the knob box, on an embedded server or a remote one.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "The terminal UI: live sessions, their knobs, presets and level meters.",
        discussion: """
        Without --connect, starts a server in this process on 127.0.0.1 (the first free port from \
        8000, or --port) with one session of --session, and controls it. With --connect, controls \
        a running `synthcast serve` through its JSON API; a server on another machine lists its \
        sessions only with its --admin-token.

        The selected session's stream URL is on screen: paste it into a player. Presets saved \
        with s are stored by the server, in its user presets folder.

        \(KeyTable.helpText)

        Examples:
          synthcast
          synthcast tui --session rain --port 8100
          synthcast tui --connect http://10.0.0.5:8000 --admin-token secret
        """
    )

    @Option(name: .long, help: ArgumentHelp("Control a running server at this URL instead of starting one.", valueName: "url"))
    var connect: String?

    @Option(name: .long, help: "The --connect server's admin token, which a server on another machine asks before it lists sessions.")
    var adminToken: String?

    @Option(name: .long, help: "Port for the embedded server. Default: the first free port from 8000.")
    var port: Int?

    @Option(name: .long, help: "Preset of the session the embedded server starts with (default: default).")
    var session: String?

    @Option(name: .long, help: "Folder of preset files for the embedded server. Default: $SYNTHCAST_PRESETS, else ./presets. Presets saved with s go to the server's user presets folder (see `synthcast serve --help`), not here.")
    var presets: String?

    @Option(name: .long, help: "Folder where the embedded server keeps presets saved with s. Default: $SYNTHCAST_USER_PRESETS, else $XDG_DATA_HOME/synthcast/presets, else ~/.local/share/synthcast/presets.")
    var userPresets: String?

    func validate() throws {
        if connect != nil, port != nil || session != nil {
            throw ValidationError("--port and --session are for the embedded server; --connect names a running one")
        }
        if connect != nil, presets != nil || userPresets != nil {
            throw ValidationError("--presets and --user-presets are for the embedded server; a --connect server keeps its own presets, and s saves there")
        }
        if connect != nil, state.state != nil {
            throw ValidationError("--state is for the embedded server; a --connect server keeps its own sessions")
        }
        if connect == nil, adminToken != nil {
            throw ValidationError("--admin-token goes with --connect; the embedded server listens on 127.0.0.1 only")
        }
        if let connect {
            do { _ = try HTTPControl.address(of: connect) } catch { throw ValidationError("--connect: \(error.message)") }
        }
    }

    @OptionGroup var state: StateOptions

    func run() throws {
        do { try Terminal.requireTerminal() } catch { throw CLIError(error.description) }
        if let connect {
            try TerminalUI.run(control: HTTPControl(baseURL: connect, adminToken: adminToken), embedded: false)
            return
        }
        let server = try startEmbeddedServer(PresetLibrary.locate(folder: presets, userFolder: userPresets))
        defer { server.shutdown() }
        // The sessions left last time came back from the state file; a first start gets one.
        if server.sessionCount == 0 || session != nil {
            let preset = session ?? "default"
            do { _ = try server.createSession([("preset", preset)]) } catch { throw CLIError("cannot start a '\(preset)' session: \(error)") }
        }
        try TerminalUI.run(control: HTTPControl(baseURL: server.baseURL), embedded: true)
    }

    /// The real server, in this process, on loopback: the UI drives it over HTTP like any
    /// other. Its log would scribble over the screen, so it is off; errors reach the status line.
    private func startEmbeddedServer(_ library: PresetLibrary) throws -> StreamingServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        // A knob turn travels key → PATCH → render head → player: the serve default of 0.5 s
        // lead alone reaches p99 0.494 s (BENCHMARKS.md), so the UI's own server keeps 0.1 s
        // for the UI's request and the player's buffer.
        configuration.leadSeconds = 0.4
        let logger = Logger(label: "synthcast") { _ in SwiftLogNoOpLogHandler() }
        configuration.statePath = state.path(default: "tui-sessions.sqlite")
        let server: StreamingServer
        do { server = try StreamingServer(configuration: configuration, presets: library, logger: logger) } catch {
            throw CLIError("\(error)")
        }
        let candidates = port.map { [$0] } ?? Array(8000..<8100)
        var lastError = ""
        for candidate in candidates {
            do {
                try server.start(port: candidate)
                return server
            } catch {
                lastError = "\(error)"
            }
        }
        server.shutdown()
        throw CLIError(port == nil ? "no free port from 8000 to 8099: \(lastError)" : lastError)
    }
}
