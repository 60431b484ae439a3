/// The bottom row: the keys that work right now, shortened on narrow screens so that help and
/// quit always show.
enum KeyHelpLine {
    static func draw(_ state: UIState, _ layout: Layout, on canvas: Canvas) {
        let variants = texts(for: state.mode)
        let text = variants.first { $0.count + 1 <= layout.columns } ?? variants[variants.count - 1]
        canvas.put(" " + text, row: layout.helpRow, column: 0, width: layout.columns, style: .dim)
    }

    /// Longest first.
    static func texts(for mode: Mode) -> [String] {
        switch mode {
        case .browsing:
            ["Tab pane  arrows move/turn  <> coarse  Enter type  n new  p preset  s save  r random  u undo  x end  ? help  q quit",
             "Tab pane  arrows turn  Enter type  n new  p preset  s save  u undo  x end  ? help  q quit",
             "Tab  arrows  Enter  n new  p preset  s save  u undo  ? help  q quit",
             "arrows  Enter  n p s r u x  ? help  q quit"]
        case .help: ["any key closes the help"]
        case .typingValue, .namingPreset: ["Enter accept  Esc cancel  Backspace erase"]
        case .choosingPreset: ["Up/Down choose  Enter accept  Esc cancel"]
        case .confirming: ["y yes  n no"]
        }
    }
}
