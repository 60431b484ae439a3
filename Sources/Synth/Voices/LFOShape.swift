/// Shapes of the modulation LFO.
public enum LFOShape: Int, NamedChoice, Sendable {
    case sine, triangle, square, random

    public var name: String {
        switch self {
        case .sine: "sine"
        case .triangle: "triangle"
        case .square: "square"
        case .random: "random"
        }
    }
}
