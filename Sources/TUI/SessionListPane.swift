import API
import Foundation

/// The live sessions, one row each with a level meter, and the selected one's stream and HLS URLs.
enum SessionListPane {
    static let meterWidth = 16
    /// The meter's floor: quieter than this shows an empty bar.
    static let meterFloorDecibels = -60.0
    /// "fading 1:00:00" (the longest fade) and a space.
    static let sleepWidth = 15

    static func draw(_ state: UIState, _ layout: Layout, _ glyphs: Glyphs, on canvas: Canvas) {
        let focused = state.focus == .sessions && state.mode == .browsing
        // The SLEEP column only while some session has a timer: on an 80-column screen it
        // takes the meter's room, which matters less than when the stream stops.
        let sleepWidth = state.sessions.contains { $0.timer != nil } ? Self.sleepWidth : 0
        let heading = "  " + "SESSION".fitted(10) + "PRESET".fitted(20) + "LISTENERS".fitted(11) + "UPTIME".fitted(9)
            + "SLEEP".fitted(sleepWidth) + "ICECAST".fitted(10) + "LEVEL"
        canvas.put(heading, row: layout.sessionHeadingRow, column: 0, width: layout.columns, style: .heading)
        guard !state.sessions.isEmpty else {
            canvas.put("  No sessions. Press n to start one.", row: layout.firstSessionRow, column: 0, width: layout.columns, style: .dim)
            return
        }
        let selected = state.selectedSessionIndex ?? 0
        // Scroll so the selected session is in view.
        let first = max(0, min(selected - layout.sessionRowCount + 1, state.sessions.count - layout.sessionRowCount))
        for (offset, session) in state.sessions[first..<min(state.sessions.count, first + layout.sessionRowCount)].enumerated() {
            let row = layout.firstSessionRow + offset
            let isSelected = first + offset == selected
            let marker = isSelected ? glyphs.marker + " " : "  "
            let text = marker + session.shortID.fitted(10) + session.preset.fitted(20)
                + String(session.listeners).rightAligned(9).fitted(11) + Format.duration(session.uptimeSeconds).fitted(9)
                + (session.sleepText ?? "").fitted(sleepWidth) + session.outputSummary.fitted(10)
            canvas.put(text, row: row, column: 0, width: layout.columns, style: isSelected && focused ? .selected : .normal)
            drawMeter(session.level, row: row, column: text.count, width: layout.columns - text.count, glyphs, on: canvas)
        }
        if let session = state.selectedSession {
            canvas.put("  Stream: ", row: layout.streamRow, column: 0, width: layout.columns, style: .dim)
            canvas.put(session.playURL, row: layout.streamRow, column: 10, width: layout.columns - 10, style: .normal)
            canvas.put("  HLS: ", row: layout.hlsRow, column: 0, width: layout.columns, style: .dim)
            canvas.put(session.hlsURL, row: layout.hlsRow, column: 10, width: layout.columns - 10, style: .normal)
        }
    }

    /// A peak meter in dBFS: green, then yellow above -12 dB, red near full scale.
    private static func drawMeter(_ level: Double, row: Int, column: Int, width: Int, _ glyphs: Glyphs, on canvas: Canvas) {
        guard width > meterWidth else { return }
        let decibels = level > 0 ? 20 * log10(level) : -.infinity
        let fraction = (decibels - meterFloorDecibels) / -meterFloorDecibels
        let (filled, empty) = glyphs.bar(fraction, width: meterWidth)
        let style: Style = decibels > -1 ? .levelClip : decibels > -12 ? .levelHigh : .levelLow
        canvas.put(filled, row: row, column: column, width: filled.count, style: style)
        canvas.put(empty, row: row, column: column + filled.count, width: empty.count, style: .dim)
        canvas.put(" " + Format.decibels(level), row: row, column: column + meterWidth, width: width - meterWidth, style: .normal)
    }
}
