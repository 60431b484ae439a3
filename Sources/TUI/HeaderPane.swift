/// Row 0: where the server is and what it carries.
enum HeaderPane {
    static func draw(_ state: UIState, _ layout: Layout, on canvas: Canvas) {
        let place = state.embedded ? "embedded server" : "remote server"
        let figures = "sessions \(state.sessions.count)   listeners \(state.totalListeners)   render load \(Format.percent(state.totalRenderLoad))"
        var left = " Synthcast  \(state.serverURL) (\(place))"
        // On a narrow screen the figures matter more than the words.
        if left.count + figures.count + 2 > layout.columns { left = " \(state.serverURL)" }
        let gap = max(1, layout.columns - left.count - figures.count - 1)
        canvas.put(left + String(repeating: " ", count: gap) + figures + " ", row: layout.headerRow, column: 0,
                   width: layout.columns, style: .title)
    }
}
