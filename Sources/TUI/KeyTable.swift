/// Every key the UI reads, once. `KeyMap` looks keys up here, and the help overlay, the key
/// help line and `synthcast tui --help` are generated from it, so they cannot disagree.
public enum KeyTable {
    typealias Hint = KeyBinding.Hint

    /// In each mode the first binding holding a key wins; the tests check no key is listed
    /// twice in one mode.
    static let all: [KeyBinding] = [
        KeyBinding(.browsing, .key(.tab, .backTab, makes: .switchPane),
                   "Tab", "switch between the session list and the knobs", hint: Hint("Tab", "pane", .movement)),
        KeyBinding(.browsing, .keys([.init([.up, .character("k")], .moveUp), .init([.down, .character("j")], .moveDown)]),
                   "Up/Down  j/k", "move in the focused pane", hint: Hint("arrows", "move/turn", .movement)),
        KeyBinding(.browsing, .keys([.init([.character("[")], .previousSession), .init([.character("]")], .nextSession)]),
                   "[ ]", "previous / next session, from either pane"),
        KeyBinding(.browsing, .keys([.init([.left, .character("h")], .turn(steps: -1, coarse: false)),
                                     .init([.right, .character("l")], .turn(steps: 1, coarse: false))]),
                   "Left/Right  h/l", "turn the knob a fine step"),
        KeyBinding(.browsing, .wheel, "mouse wheel", "turn the knob under the pointer a fine step"),
        // PgUp/PgDn turn rather than page: the knob pane pages by itself to the selected knob.
        KeyBinding(.browsing, .keys([.init([.shiftLeft, .pageDown, .character("<"), .character("H")], .turn(steps: -1, coarse: true)),
                                     .init([.shiftRight, .pageUp, .character(">"), .character("L")], .turn(steps: 1, coarse: true))]),
                   "< >  Shift-arrows  PgDn/PgUp", "turn the knob a coarse step", hint: Hint("<>", "coarse", .extra)),
        KeyBinding(.browsing, .key(.enter, makes: .beginTyping), "Enter", "type an exact value", hint: Hint("Enter", "type", .movement)),
        KeyBinding(.browsing, .key(.character("n"), makes: .newSession), "n", "new session from a preset", hint: Hint("n", "new", .command)),
        KeyBinding(.browsing, .key(.character("p"), makes: .choosePreset),
                   "p", "load a preset into this session over N seconds", hint: Hint("p", "preset", .command)),
        KeyBinding(.browsing, .key(.character("s"), makes: .savePreset),
                   "s", "save this session as a preset on the server", hint: Hint("s", "save", .command)),
        KeyBinding(.browsing, .key(.character("r"), makes: .randomize),
                   "r", "randomize the knobs within their ranges", hint: Hint("r", "random", .extra)),
        KeyBinding(.browsing, .key(.character("u"), makes: .undo), "u", "undo the last change", hint: Hint("u", "undo", .command)),
        // No hint: the key help line is full, and a timer is set once in a while.
        KeyBinding(.browsing, .key(.character("z"), makes: .setSleepTimer), "z", "sleep timer: fade out and end in N minutes"),
        KeyBinding(.browsing, .key(.character("x"), makes: .endSession), "x", "end this session", hint: Hint("x", "end", .command)),
        KeyBinding(.browsing, .key(.character("?"), makes: .toggleHelp), "?", "this help", hint: Hint("?", "help", .essential)),
        KeyBinding(.browsing, .key(.character("q"), makes: .quit), "q", "quit", hint: Hint("q", "quit", .essential)),

        KeyBinding(.typing, .key(.enter, makes: .submit), "Enter", "accept", hint: Hint("Enter", "accept", .essential)),
        KeyBinding(.typing, .key(.escape, makes: .cancel), "Esc", "cancel", hint: Hint("Esc", "cancel", .essential)),
        KeyBinding(.typing, .key(.backspace, makes: .deleteCharacter), "Backspace", "erase", hint: Hint("Backspace", "erase", .essential)),
        KeyBinding(.typing, .text, "other keys", "type"),

        KeyBinding(.choosingPreset, .keys([.init([.up, .character("k")], .moveUp), .init([.down, .character("j")], .moveDown)]),
                   "Up/Down/j/k", "choose", hint: Hint("Up/Down", "choose", .essential)),
        KeyBinding(.choosingPreset, .key(.enter, makes: .submit), "Enter", "accept", hint: Hint("Enter", "accept", .essential)),
        KeyBinding(.choosingPreset, .key(.escape, .character("q"), makes: .cancel), "Esc/q", "cancel", hint: Hint("Esc", "cancel", .essential)),

        KeyBinding(.confirming, .key(.character("y"), .character("Y"), makes: .answer(true)), "y", "yes", hint: Hint("y", "yes", .essential)),
        // Enter says no: a question before something that cannot be taken back needs a real yes.
        KeyBinding(.confirming, .key(.character("n"), .character("N"), .escape, .enter, makes: .answer(false)),
                   "n/Esc/Enter", "no", hint: Hint("n", "no", .essential)),

        KeyBinding(.help, .anyKey(.toggleHelp), "any key", "closes the help", hint: Hint("any key", "closes the help", .essential)),
    ]

    static func bindings(in context: KeyContext) -> [KeyBinding] {
        all.filter { $0.context == context }
    }

    /// What the keys alone do not say.
    static let notes = [
        "Knob steps: fine is 1/100 of the travel (in octaves on frequency and time knobs), coarse 1/10.",
        "The mouse wheel turns knobs; hold Shift to select text (the stream URL) with the mouse.",
        "p asks the seconds to morph into the preset over (Enter alone: at once).",
        "z asks the minutes until the fade (0 cancels the timer); the SLEEP column counts down.",
    ]

    /// The width of the keys' column in the help.
    static let keyColumnWidth = 30

    /// The help overlay's lines: the browsing keys in two columns, the notes, then one line
    /// for each prompt's keys.
    static let helpLines: [String] = {
        let rows = KeyTable.bindings(in: .browsing).map { $0.keysText.fitted(KeyTable.keyColumnWidth) + $0.meaning }
        let prompts = KeyContext.allCases.filter { $0 != .browsing }.map { context in
            "\(context.title): " + KeyTable.bindings(in: context).map { "\($0.keysText) \($0.meaning)" }.joined(separator: ", ") + "."
        }
        return rows + [""] + KeyTable.notes + [""] + prompts
    }()

    /// The keys for `synthcast tui --help`: the help overlay's lines, indented, long lines
    /// wrapped to fit an 80-column terminal.
    public static let helpText: String = {
        let width = 76
        let lines = KeyTable.helpLines.flatMap { line -> [String] in
            if line.isEmpty { return [""] }
            return (line.count <= width ? [line] : line.wrapped(to: width)).map { "  " + $0 }
        }
        return (["Keys:"] + lines).joined(separator: "\n")
    }()

    /// The key help line for a context, longest first: each binding's hint with its word, as
    /// its key alone, or left out, by its weight (`KeyBinding.Hint`).
    static func shortHelp(for context: KeyContext) -> [String] {
        let hints = bindings(in: context).compactMap(\.hint)
        var lines: [String] = []
        for variant in 0..<Hint.variants {
            let line = hints.compactMap { $0.text(onVariant: variant) }.joined(separator: "  ")
            if !lines.contains(line) { lines.append(line) }
        }
        return lines.sorted { $0.count > $1.count }
    }
}
