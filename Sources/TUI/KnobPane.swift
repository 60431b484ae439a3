import API

/// The selected session's knobs, grouped as the schema groups them: label, value bar, value
/// with unit, range. Positions, values and ranges as text all come from the schema row.
enum KnobPane {
    static func draw(_ state: UIState, _ layout: Layout, _ glyphs: Glyphs, on canvas: Canvas) {
        let grid = KnobGrid(knobs: state.knobs, layout: layout)
        let page = grid.page(showing: state.selectedKnob)
        let title = grid.pageCount > 1 ? "KNOBS (page \(page + 1)/\(grid.pageCount))" : "KNOBS"
        canvas.put(" " + title, row: layout.knobTop - 1, column: 0, width: layout.columns, style: .heading)
        guard state.selectedSession != nil else { return }
        let focused = state.focus == .knobs
        for placement in grid.placements(page: page) {
            switch placement.line {
            case .group(let name):
                canvas.put(" " + name, row: placement.row, column: placement.column, width: placement.width, style: .heading)
            case .knob(let index):
                drawKnob(state.knobs[index], value: state.value(of: state.knobs[index]), selected: focused && index == state.selectedKnob,
                         at: placement, glyphs, on: canvas)
            case .blank:
                break
            }
        }
    }

    static let labelWidth = 16
    static let valueWidth = 16
    static let rangeWidth = 14

    private static func drawKnob(_ knob: ParameterRow, value: ParameterValue, selected: Bool, at placement: Placement, _ glyphs: Glyphs, on canvas: Canvas) {
        let fixedWidth = 2 + labelWidth + 1 + valueWidth
        let showsRange = placement.width - fixedWidth - rangeWidth >= 8
        let barWidth = max(4, placement.width - fixedWidth - (showsRange ? rangeWidth : 0))
        var column = placement.column
        let label = (selected ? glyphs.marker : " ") + " " + knob.label.fitted(labelWidth)
        canvas.put(label, row: placement.row, column: column, width: label.count, style: selected ? .selected : .normal)
        column += label.count
        let (filled, empty) = glyphs.bar(knob.position(of: value), width: barWidth)
        canvas.put(filled, row: placement.row, column: column, width: filled.count, style: .bar)
        canvas.put(empty, row: placement.row, column: column + filled.count, width: empty.count, style: .dim)
        column += barWidth
        canvas.put(" " + knob.display(value).fitted(valueWidth), row: placement.row, column: column, width: valueWidth + 1,
                   style: selected ? .selected : .normal)
        if showsRange {
            canvas.put(" " + knob.rangeText, row: placement.row, column: column + valueWidth + 1, width: rangeWidth, style: .dim)
        }
    }

    typealias Placement = KnobGrid.Placement
}
