/// The bottom row: the keys that work right now.
enum KeyHelpLine {
    static func draw(_ state: UIState, _ layout: Layout, on canvas: Canvas) {
        canvas.put(" " + text(for: state.mode), row: layout.helpRow, column: 0, width: layout.columns, style: .dim)
    }

    static func text(for mode: Mode) -> String {
        switch mode {
        case .browsing:
            "Tab pane  arrows move/turn  <> coarse  Enter type  n new  p preset  s save  r random  u undo  x end  ? help  q quit"
        case .help: "any key closes the help"
        case .typingValue, .namingPreset: "Enter accept  Esc cancel  Backspace erase"
        case .choosingPreset: "Up/Down choose  Enter accept  Esc cancel"
        case .confirming: "y yes  n no"
        }
    }
}
