import API

/// Everything that can change the UI state: what the keys mean, and what the server worker
/// and the terminal report. `apply(_:to:)` handles each.
public enum Command: Sendable, Equatable {
    // Moving around
    case moveUp
    case moveDown
    /// Tab: the other pane (sessions ↔ knobs).
    case switchPane
    /// The session list's selection, from anywhere (PgUp/PgDn are taken by coarse turns).
    case previousSession
    case nextSession

    // Knobs
    case turn(steps: Int, coarse: Bool)
    /// Enter: type the selected knob's value exactly.
    case beginTyping
    case randomize
    case undo

    // Sessions and presets
    case newSession
    case choosePreset
    case savePreset
    case endSession
    /// `z`: asks the minutes until the session fades out and ends.
    case setSleepTimer

    // Prompts: text entry, lists and yes/no questions
    case typeCharacter(Character)
    case deleteCharacter
    case submit
    case cancel
    case answer(Bool)

    case toggleHelp
    case quit
    /// The mouse wheel over the screen: a knob under it turns.
    case wheel(row: Int, column: Int, up: Bool)
    case resize(rows: Int, columns: Int)

    // Reports from the server worker
    case knobsLoaded([ParameterRow])
    case presetsLoaded([PresetSummary])
    /// Every session as fetched after every request up to `appliedThrough` had completed.
    case sessionsLoaded([SessionInfo], appliedThrough: Int)
    case sessionCreated(SessionInfo)
    /// The server stored the preset (created or replaced).
    case presetSaved(PresetSummary)
    /// The server already has a preset of that name; it is replaced only when the user says so.
    case presetExists(name: String)
    /// A request failed; `ticket` names the parameter change it was, if it was one.
    case failed(String, ticket: Int?)
    case connectionLost(String)
}
