@testable import TUI

/// A screen of characters that panes can draw on, so drawing is testable without a terminal.
final class TextScreen: Canvas {
    private(set) var cells: [[Character]]

    init(rows: Int, columns: Int) {
        cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
    }

    func put(_ text: String, row: Int, column: Int, width: Int, style: Style) {
        guard cells.indices.contains(row), column >= 0 else { return }
        for (offset, character) in text.prefix(max(width, 0)).enumerated() where column + offset < cells[row].count {
            cells[row][column + offset] = character
        }
    }

    var lines: [String] { cells.map { String($0) } }
    var text: String { lines.joined(separator: "\n") }

    static func drawing(_ state: UIState, glyphs: Glyphs = .unicode) -> TextScreen {
        let screen = TextScreen(rows: state.screenRows, columns: state.screenColumns)
        Screen.draw(state, glyphs: glyphs, on: screen)
        return screen
    }
}
