import API

/// A change that `u` can take back: the values some knobs of a session had before it.
public struct UndoStep: Sendable, Equatable {
    public var session: String
    public var previous: [String: ParameterValue]
    /// The knob a run of turns went to; further turns of it extend this step, so one `u`
    /// takes back a whole turn rather than its last click.
    public var turnedKey: String?
    /// The request that made the change: if the server refuses it, there is nothing to undo.
    public var ticket: Int
}
