/// One frame: every pane, then the open overlay, or a message if the terminal is too small.
public enum Screen {
    public static func draw(_ state: UIState, glyphs: Glyphs, on canvas: Canvas) {
        let layout = Layout(state)
        guard layout.fits else {
            let lines = ["Synthcast needs \(Layout.minimumColumns)x\(Layout.minimumRows) or more;",
                         "this terminal is \(layout.columns)x\(layout.rows).", "Enlarge it, or press q."]
            for (offset, line) in lines.enumerated() where offset < layout.rows {
                canvas.put(line, row: offset, column: 0, width: layout.columns, style: .error)
            }
            // A question (quit with listeners?) must be seen to be answered.
            if case .confirming = state.mode {
                for (offset, line) in StatusLine.content(state).0.wrapped(to: layout.columns).enumerated() {
                    canvas.put(line, row: lines.count + offset, column: 0, width: layout.columns, style: .notice)
                }
            }
            return
        }
        HeaderPane.draw(state, layout, on: canvas)
        SessionListPane.draw(state, layout, glyphs, on: canvas)
        KnobPane.draw(state, layout, glyphs, on: canvas)
        switch state.mode {
        case .help: Overlays.drawHelp(layout, on: canvas)
        case .choosingPreset(let purpose, let index): Overlays.drawPresetPicker(state, purpose: purpose, index: index, layout, on: canvas)
        default: break
        }
        StatusLine.draw(state, layout, on: canvas)
        KeyHelpLine.draw(state, layout, on: canvas)
    }
}
