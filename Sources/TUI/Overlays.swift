import API

/// Boxes drawn over the knob pane: the key help and the preset list.
enum Overlays {
    static func drawHelp(_ layout: Layout, on canvas: Canvas) {
        box(title: "Keys", lines: KeyTable.helpLines.map { $0.isEmpty ? "" : "  " + $0 }, layout, selected: nil, on: canvas)
    }

    static func drawPresetPicker(_ state: UIState, purpose: Mode.PresetPurpose, index: Int, _ layout: Layout, on canvas: Canvas) {
        let title = purpose == .newSession ? "New session from preset" : "Load preset into session \(state.selectedSession?.shortID ?? "")"
        let lines = state.presets.isEmpty ? ["  (loading the presets...)"] : state.presets.map { "  " + $0.name.fitted(20) + $0.description }
        box(title: title, lines: lines, layout, selected: state.presets.isEmpty ? nil : index, on: canvas)
    }

    /// A framed box across the knob pane; long lists scroll to keep `selected` in view.
    private static func box(title: String, lines: [String], _ layout: Layout, selected: Int?, on canvas: Canvas) {
        let top = layout.knobTop - 1
        let height = max(3, layout.statusRow - top)
        let width = layout.columns
        let visible = height - 2
        let first = selected.map { max(0, min($0 - visible + 1, lines.count - visible)) } ?? 0
        canvas.put("+" + " \(title) ".fitted(width - 2).replacingSpaces() + "+", row: top, column: 0, width: width, style: .title)
        for row in 0..<visible {
            let index = first + row
            let text = lines.indices.contains(index) ? lines[index] : ""
            canvas.put(("|" + text.fitted(width - 2) + "|"), row: top + 1 + row, column: 0, width: width,
                       style: index == selected ? .selected : .normal)
        }
        canvas.put("+" + String(repeating: "-", count: width - 2) + "+", row: top + height - 1, column: 0, width: width, style: .title)
    }
}

private extension String {
    /// The title bar's padding as a rule.
    func replacingSpaces() -> String {
        let trimmed = self.reversed().drop { $0 == " " }
        let padding = count - trimmed.count
        return String(trimmed.reversed()) + String(repeating: "-", count: padding)
    }
}
