import API

/// A change sent to the server and shown at once, before a fetched session list confirms it:
/// an older list still in flight must not flick the knob back.
public struct PendingChange: Sendable, Equatable {
    public var ticket: Int
    public var session: String
    public var values: [String: ParameterValue]
}
