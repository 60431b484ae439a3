/// What the keys are doing: browsing, or answering a prompt.
public enum Mode: Sendable, Equatable {
    case browsing
    case help
    /// Typing an exact value for a knob.
    case typingValue(key: String, text: String)
    /// Typing the name to save the session as.
    case namingPreset(text: String)
    /// Typing the seconds `session` takes to morph into the chosen preset.
    case typingTransition(preset: String, session: String, text: String)
    /// Typing the minutes until `session`'s sleep timer fades it out.
    case typingSleepTimer(session: String, text: String)
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
