/// Where each pane goes on a screen of a given size. Pure, so the reducer (mouse wheel) and
/// the tests use the same arithmetic as the drawing.
///
///     row 0            header: server, sessions, listeners, load
///     row 1            session list headings
///     rows 2...        one row per visible session
///     next rows        the selected session's stream URL and HLS playlist
///     rows ...         knobs, in columns, grouped
///     rows - 2         status line (errors, prompts)
///     rows - 1         key help
public struct Layout: Sendable, Equatable {
    public static let minimumRows = 16
    public static let minimumColumns = 60
    /// The least a knob column needs: label, bar, value.
    public static let knobColumnWidth = 56

    public let rows: Int
    public let columns: Int
    public let sessionRowCount: Int

    public init(rows: Int, columns: Int, sessionCount: Int) {
        self.rows = rows
        self.columns = columns
        // Up to eight sessions, fewer on short screens; the list scrolls past that.
        let room = max(1, min(8, (rows - 12) / 2))
        sessionRowCount = min(max(sessionCount, 1), room)
    }

    public init(_ state: UIState) {
        self.init(rows: state.screenRows, columns: state.screenColumns, sessionCount: state.sessions.count)
    }

    /// Below this, panes would overlap: the screen shows a message instead.
    public var fits: Bool { rows >= Self.minimumRows && columns >= Self.minimumColumns }

    public var headerRow: Int { 0 }
    public var sessionHeadingRow: Int { 1 }
    public var firstSessionRow: Int { 2 }
    public var streamRow: Int { firstSessionRow + sessionRowCount }
    public var hlsRow: Int { streamRow + 1 }
    public var knobTop: Int { streamRow + 2 }
    public var knobRows: Int { max(1, statusRow - 1 - knobTop) }
    public var statusRow: Int { rows - 2 }
    public var helpRow: Int { rows - 1 }

    public var knobColumns: Int { max(1, columns / Self.knobColumnWidth) }
    public var knobColumnWidth: Int { columns / knobColumns - 1 }
}
