import API

/// What kind of value a parameter holds. Every value travels as a `Double` inside the engine:
/// an enumeration as the index of its choice, a bool as 0 or 1.
public enum ParameterKind: Sendable, Equatable {
    case float
    case int
    case enumeration([String])
    case bool

    public var name: String {
        switch self {
        case .float: "float"
        case .int: "int"
        case .enumeration: "enum"
        case .bool: "bool"
        }
    }
}

/// How a knob's travel maps onto the value: exponential for frequencies and times. The
/// API's schema row carries the same curve to clients.
public typealias ParameterCurve = ParameterRow.Curve

/// One row of the parameter schema: everything validation, presets, the HTTP API and
/// the TUI knobs need to know about a parameter.
public struct ParameterSpec: Sendable {
    public let id: ParameterID
    public let key: String
    public let label: String
    public let group: ParameterGroup
    public let unit: String
    public let kind: ParameterKind
    public let range: ClosedRange<Double>
    public let defaultValue: Double
    public let curve: ParameterCurve
    /// Time constant of the ramp a change follows; 0 applies the change at once
    /// (discrete parameters, whose changes take effect at the next note or step).
    public let smoothingSeconds: Double

    /// The choices of an enumeration, empty for other kinds.
    public var choices: [String] {
        if case .enumeration(let names) = kind { return names }
        return []
    }
}

/// The schema's groups, in the order a user sees them.
public enum ParameterGroup: String, Sendable, CaseIterable {
    case sequencer = "Sequencer"
    case oscillator = "Oscillator"
    case filter = "Filter"
    case amplitudeEnvelope = "Amp envelope"
    case filterEnvelope = "Filter envelope"
    case lfo = "LFO"
    case drums = "Drums"
    case texture = "Texture"
    case delay = "Delay"
    case reverb = "Reverb"
    case testSignal = "Test signal"
    case master = "Master"

    /// Part of a patch's character, which "randomize" may move. Not the test signal (it
    /// replaces the music) nor the master level and width (the listener's, not the patch's).
    public var isPartOfTheSound: Bool { self != .testSignal && self != .master }
}
