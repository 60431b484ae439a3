/// Why the terminal UI could not start.
public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case cannotStart

    public var description: String {
        switch self {
        case .notATerminal: "the terminal UI needs a terminal on stdin and stdout; `synthcast serve` runs the server without one"
        case .cannotStart: "cannot start the terminal UI: is TERM set to a terminal this machine knows?"
        }
    }
}
