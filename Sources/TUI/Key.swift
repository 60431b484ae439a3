/// A key press (or wheel turn, or resize) as the terminal reports it, before it means anything.
public enum Key: Sendable, Equatable {
    case character(Character)
    case up, down, left, right
    case shiftLeft, shiftRight
    case pageUp, pageDown
    case tab, backTab
    case enter, escape, backspace
    case wheel(row: Int, column: Int, up: Bool)
    case resize(rows: Int, columns: Int)
}
