import API

/// Everything the screen shows, as a plain value: `apply(_:to:)` changes it, the panes read it.
public struct UIState: Sendable, Equatable {
    public enum Pane: Sendable, Equatable {
        case sessions
        case knobs
    }

    public struct Status: Sendable, Equatable {
        public var text: String
        public var isError: Bool
    }

    public var serverURL: String
    /// True when the server runs inside this process: quitting ends its streams.
    public var embedded: Bool
    /// The server's schema rows, one knob each, in the server's order.
    public var knobs: [ParameterRow] = []
    /// Sessions the UI controls: each has its control token (`id`).
    public var sessions: [SessionInfo] = []
    public var presets: [PresetSummary] = []
    public var selectedSessionID: String?
    public var selectedKnob = 0
    public var focus = Pane.knobs
    public var mode = Mode.browsing
    public var status: Status?
    /// Why the server cannot be reached, until a fetch succeeds again.
    public var connectionProblem: String?
    public var undoSteps: [UndoStep] = []
    public var pending: [PendingChange] = []
    public var nextTicket = 1
    /// The knob a run of turns is going to, so that the run is one undo step.
    public var turning: String?
    public var screenRows = 24
    public var screenColumns = 80

    public static let undoLimit = 200

    public init(serverURL: String, embedded: Bool) {
        self.serverURL = serverURL
        self.embedded = embedded
    }

    public var selectedSessionIndex: Int? { sessions.firstIndex { $0.id != nil && $0.id == selectedSessionID } }
    public var selectedSession: SessionInfo? { selectedSessionIndex.map { sessions[$0] } }
    public var selectedKnobSpec: ParameterRow? { knobs.indices.contains(selectedKnob) ? knobs[selectedKnob] : nil }
    public var totalListeners: Int { sessions.reduce(0) { $0 + $1.listeners } }
    public var totalRenderLoad: Double { sessions.reduce(0) { $0 + $1.renderLoad } }

    /// A knob's value in the selected session (its default before the session is known).
    public func value(of knob: ParameterRow) -> ParameterValue {
        selectedSession?.params[knob.key] ?? knob.defaultValue
    }
}
