/// Tempo-synced delay times, as note values.
public enum DelayDivision: Int, NamedChoice, Sendable {
    case sixteenth, eighth, dottedEighth, quarter, dottedQuarter, half

    public var name: String {
        switch self {
        case .sixteenth: "1/16"
        case .eighth: "1/8"
        case .dottedEighth: "1/8."
        case .quarter: "1/4"
        case .dottedQuarter: "1/4."
        case .half: "1/2"
        }
    }

    /// Length in beats (quarter notes).
    var beats: Double {
        switch self {
        case .sixteenth: 0.25
        case .eighth: 0.5
        case .dottedEighth: 0.75
        case .quarter: 1
        case .dottedQuarter: 1.5
        case .half: 2
        }
    }
}
