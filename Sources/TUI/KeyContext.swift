/// Which keys are live: each mode reads its own part of the key table.
public enum KeyContext: Sendable, Equatable, CaseIterable {
    case browsing
    /// Typing a knob's value, a preset's name, a transition or a sleep timer.
    case typing
    case choosingPreset
    case confirming
    case help

    /// How the help names the context, before its keys.
    var title: String {
        switch self {
        case .browsing: "Browsing"
        case .typing: "In a prompt"
        case .choosingPreset: "In the preset list"
        case .confirming: "In a question"
        case .help: "In the help"
        }
    }
}

extension Mode {
    public var keyContext: KeyContext {
        switch self {
        case .browsing: .browsing
        case .help: .help
        case .typingValue, .namingPreset, .typingTransition, .typingSleepTimer: .typing
        case .choosingPreset: .choosingPreset
        case .confirming: .confirming
        }
    }
}
