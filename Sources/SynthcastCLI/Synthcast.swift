import ArgumentParser

@main
struct Synthcast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthcast",
        abstract: "Endless procedurally generated music, streamed as MP3 over HTTP or rendered to files.",
        discussion: """
        With no subcommand, starts the terminal UI on an embedded server (synthcast tui).

        Examples:
          synthcast
          synthcast tui --connect http://127.0.0.1:8000
          synthcast serve --port 8000
          synthcast render --seconds 30 --out ambient.wav
          synthcast render --preset techno-pulse --seconds 60 --set tempo=128 --out techno.wav
          synthcast push --preset drone icecast://source:PASS@localhost/drone.mp3
          synthcast check http://127.0.0.1:8000/stream?id=TOKEN --expect-tone 1000
          synthcast check http://radio.example.org:8000/live.mp3 --json
          synthcast presets list
          synthcast params --group Filter
        """,
        subcommands: [TUICommand.self, Serve.self, Render.self, Push.self, Check.self, PresetsCommand.self, Params.self],
        defaultSubcommand: TUICommand.self
    )
}
