import Foundation

/// The knob box: the UI loop htop-style. Each tick takes the worker's reports, draws a frame,
/// and waits up to one tick for a key; keys become commands, `apply` turns commands into
/// state and effects, the worker performs the effects. This thread alone touches curses.
public enum TerminalUI {
    /// The loop's heartbeat: frames (and meters) refresh up to 20 times a second.
    static let tickMilliseconds: Int32 = 50

    /// Runs until the user quits or a signal asks to stop; the terminal is restored either
    /// way, and on errors. `embedded`: the server lives in this process (quitting ends it).
    public static func run(control: SynthcastControl, embedded: Bool,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        // Before curses: a server that cannot be reached is an error message, not a blank UI.
        let knobs = try control.knobs()
        let stop = StopRequest()
        let inbox = Inbox()
        let worker = ServerWorker(control: control, inbox: inbox)
        var state = UIState(serverURL: control.serverURL, embedded: embedded)
        _ = apply(.knobsLoaded(knobs), to: &state)

        let terminal = try Terminal(allowColor: (environment["NO_COLOR"] ?? "").isEmpty, tick: tickMilliseconds)
        defer { terminal.close() }
        let size = terminal.size
        _ = apply(.resize(rows: size.rows, columns: size.columns), to: &state)
        worker.start()
        defer { worker.stop() }
        worker.perform(.refreshPresets)

        while !stop.isRequested {
            var effects: [Effect] = []
            for command in inbox.takeAll() { effects += apply(command, to: &state) }
            if perform(effects, worker) { return }
            terminal.draw { Screen.draw(state, glyphs: terminal.glyphs, on: $0) }
            guard let key = terminal.readKey(), let command = KeyMap.command(for: key, in: state.mode) else { continue }
            // A key clears the last message, unless the command leaves one of its own.
            if command.isUserAction { state.status = nil }
            if perform(apply(command, to: &state), worker) { return }
        }
    }

    /// Hands effects to the worker; true when one of them is the end of the program.
    private static func perform(_ effects: [Effect], _ worker: ServerWorker) -> Bool {
        for effect in effects {
            if effect == .quit { return true }
            worker.perform(effect)
        }
        return false
    }
}
