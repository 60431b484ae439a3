import API

/// What must happen outside the UI state after a command: requests for the server worker,
/// and the end of the program. `apply(_:to:)` returns them; it never performs them.
public enum Effect: Sendable, Equatable {
    /// `ticket` lets the UI tell when a fetched session list already includes this change.
    case setParameters([String: ParameterValue], session: String, ticket: Int)
    /// `transition`: seconds to morph over; nil loads at each parameter's own smoothing.
    case loadPreset(String, session: String, transition: Double?, ticket: Int)
    case createSession(preset: String)
    case endSession(String)
    /// Stores the session's seed and values as a preset on the server.
    case savePreset(name: String, session: String, overwrite: Bool)
    case refreshPresets
    /// The session fades out after `after` seconds (over the server's default fade), then ends.
    case setSleepTimer(session: String, after: Double)
    case cancelSleepTimer(session: String)
    case quit
}
