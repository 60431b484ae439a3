import API

/// What `PUT /presets/{name}` did: stored the preset, or found the name taken and changed
/// nothing (409), so that the UI can ask before replacing it.
public enum PresetSaveOutcome: Sendable, Equatable {
    case saved(PresetSummary)
    case exists
}
