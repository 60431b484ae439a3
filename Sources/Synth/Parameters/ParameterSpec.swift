import RealModule

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

/// How a knob's travel maps onto the value: exponential for frequencies and times.
public enum ParameterCurve: String, Sendable {
    case linear
    case exponential
}

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

    /// Knob position 0...1 for a value, following the curve.
    public func normalized(_ value: Double) -> Double {
        let clamped = min(max(value, range.lowerBound), range.upperBound)
        guard range.upperBound > range.lowerBound else { return 0 }
        switch curve {
        case .linear:
            return (clamped - range.lowerBound) / (range.upperBound - range.lowerBound)
        case .exponential:
            return Double.log(clamped / range.lowerBound) / Double.log(range.upperBound / range.lowerBound)
        }
    }

    /// The value at knob position 0...1, snapped to the kind (ints and choices round).
    public func value(atNormalized position: Double) -> Double {
        let p = min(max(position, 0), 1)
        let raw: Double
        switch curve {
        case .linear: raw = range.lowerBound + p * (range.upperBound - range.lowerBound)
        case .exponential: raw = range.lowerBound * Double.pow(range.upperBound / range.lowerBound, p)
        }
        switch kind {
        case .float: return raw
        case .int, .enumeration, .bool: return raw.rounded()
        }
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
}
