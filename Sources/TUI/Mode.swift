/// What the keys are doing: browsing, or answering a prompt.
public enum Mode: Sendable, Equatable {
    case browsing
    case help
    /// Typing an exact value for a knob.
    case typingValue(key: String, text: String)
    /// Typing the name to save the session as.
    case namingPreset(text: String)
    /// Picking a preset from the list, highlighted at `index`.
    case choosingPreset(PresetPurpose, index: Int)
    case confirming(Question)

    public enum PresetPurpose: Sendable, Equatable {
        case newSession
        case loadIntoSession
    }

    /// A yes/no question before something that cannot be taken back.
    public enum Question: Sendable, Equatable {
        case endSession(String)
        case overwritePreset(name: String, session: String)
        case quit(listeners: Int)
    }
}
