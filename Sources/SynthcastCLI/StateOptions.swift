import ArgumentParser
import Server

/// Where a server keeps its sessions across restarts, as `serve` and the TUI take it.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "SQLite file the sessions are kept in across restarts, or 'none' to keep them in memory only. Default: $XDG_STATE_HOME/synthcast/FILE, else ~/.local/state/synthcast/FILE (FILE: sessions.sqlite for serve, tui-sessions.sqlite for the TUI). Delete the file (with the server stopped) to start afresh.",
        valueName: "path|none"))
    var state: String?

    /// The file to use, or nil for none.
    func path(default name: String) -> String? {
        switch state {
        case nil: ServerConfiguration.defaultStatePath(named: name)
        case "none": nil
        case let path?: path
        }
    }
}
