import API

/// The knobs laid out in the knob pane: each schema group as a heading and its knobs below,
/// flowing down one column and on into the next (a heading never ends a column). When they do
/// not all fit, the page holding the selected knob is shown.
public struct KnobGrid: Sendable, Equatable {
    public enum Line: Sendable, Equatable {
        case group(String)
        case knob(Int)
        case blank
    }

    public struct Placement: Sendable, Equatable {
        public let line: Line
        public let row: Int
        public let column: Int
        public let width: Int
    }

    /// Every line in order, `blank` where a heading would have been the last of a column.
    public let lines: [Line]
    public let layout: Layout

    public init(knobs: [ParameterRow], layout: Layout) {
        var lines: [Line] = []
        for (index, knob) in knobs.enumerated() {
            if index == 0 || knobs[index - 1].group != knob.group {
                if layout.knobRows > 1, lines.count % layout.knobRows == layout.knobRows - 1 { lines.append(.blank) }
                lines.append(.group(knob.group))
            }
            lines.append(.knob(index))
        }
        self.lines = lines
        self.layout = layout
    }

    public var linesPerPage: Int { layout.knobRows * layout.knobColumns }
    public var pageCount: Int { max(1, (lines.count + linesPerPage - 1) / linesPerPage) }

    public func page(showing knob: Int) -> Int {
        (lines.firstIndex(of: .knob(knob)) ?? 0) / linesPerPage
    }

    /// Screen positions of one page's lines.
    public func placements(page: Int) -> [Placement] {
        let start = page * linesPerPage
        guard start < lines.count else { return [] }
        return lines[start..<min(lines.count, start + linesPerPage)].enumerated().map { offset, line in
            let column = offset / layout.knobRows
            return Placement(line: line, row: layout.knobTop + offset % layout.knobRows,
                             column: column * (layout.knobColumnWidth + 1), width: layout.knobColumnWidth)
        }
    }

    /// The knob drawn at a screen position on a page, if any.
    public func knob(atRow row: Int, column: Int, page: Int) -> Int? {
        for placement in placements(page: page)
        where placement.row == row && (placement.column..<placement.column + placement.width).contains(column) {
            if case .knob(let index) = placement.line { return index }
        }
        return nil
    }
}
