/// What a key means in the current mode (tig's keymap: keys to named commands).
public enum KeyMap {
    public static func command(for key: Key, in mode: Mode) -> Command? {
        if case .resize(let rows, let columns) = key { return .resize(rows: rows, columns: columns) }
        switch mode {
        case .browsing: return browsing(key)
        case .help: return .toggleHelp
        case .typingValue, .namingPreset: return typing(key)
        case .choosingPreset:
            switch key {
            case .up, .character("k"): return .moveUp
            case .down, .character("j"): return .moveDown
            case .enter: return .submit
            case .escape, .character("q"): return .cancel
            default: return nil
            }
        case .confirming:
            switch key {
            case .character("y"), .character("Y"): return .answer(true)
            case .character("n"), .character("N"), .escape, .enter: return .answer(false)
            default: return nil
            }
        }
    }

    private static func browsing(_ key: Key) -> Command? {
        switch key {
        case .up, .character("k"): .moveUp
        case .down, .character("j"): .moveDown
        case .tab, .backTab: .switchPane
        case .left, .character("h"): .turn(steps: -1, coarse: false)
        case .right, .character("l"): .turn(steps: 1, coarse: false)
        case .shiftLeft, .pageDown, .character("<"), .character("H"): .turn(steps: -1, coarse: true)
        case .shiftRight, .pageUp, .character(">"), .character("L"): .turn(steps: 1, coarse: true)
        case .character("["): .previousSession
        case .character("]"): .nextSession
        case .enter: .beginTyping
        case .character("n"): .newSession
        case .character("p"): .choosePreset
        case .character("s"): .savePreset
        case .character("r"): .randomize
        case .character("u"): .undo
        case .character("x"): .endSession
        case .character("?"): .toggleHelp
        case .character("q"): .quit
        case .wheel(let row, let column, let up): .wheel(row: row, column: column, up: up)
        default: nil
        }
    }

    private static func typing(_ key: Key) -> Command? {
        switch key {
        case .enter: .submit
        case .escape: .cancel
        case .backspace: .deleteCharacter
        case .character(let character) where !character.isNewline && character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }):
            .typeCharacter(character)
        default: nil
        }
    }

    /// The help overlay's rows: keys and what they do.
    public static let help: [(keys: String, meaning: String)] = [
        ("Up/Down  j/k", "move in the focused pane"),
        ("Tab", "switch between the session list and the knobs"),
        ("[ ]", "previous / next session"),
        ("Left/Right  h/l", "turn the knob a fine step (mouse wheel too)"),
        ("< >  Shift-arrows  PgDn/PgUp", "turn the knob a coarse step"),
        ("Enter", "type an exact value"),
        ("n", "new session from a preset"),
        ("p", "load a preset into this session"),
        ("s", "save this session as a preset"),
        ("r", "randomize the knobs within their ranges"),
        ("u", "undo the last change"),
        ("x", "end this session"),
        ("?", "this help"),
        ("q", "quit"),
    ]
}
