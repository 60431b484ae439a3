/// What panes draw on. `Terminal` is the curses one; panes never see curses.
public protocol Canvas {
    /// Writes `text` at a position, cut to `width` characters.
    func put(_ text: String, row: Int, column: Int, width: Int, style: Style)
}

/// The looks a pane can ask for; the terminal maps them to colors, or to bold, reverse and
/// dim on monochrome terminals and under NO_COLOR.
public enum Style: Int, Sendable, CaseIterable {
    case normal = 0
    case title
    case heading
    case selected
    case dim
    case error
    case notice
    case levelLow
    case levelHigh
    case levelClip
    case bar
}
