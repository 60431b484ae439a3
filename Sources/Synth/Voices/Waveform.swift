/// The voice oscillator's waveform.
public enum Waveform: Int, NamedChoice, Sendable {
    case saw, pulse, triangle, sine

    public var name: String {
        switch self {
        case .saw: "saw"
        case .pulse: "pulse"
        case .triangle: "triangle"
        case .sine: "sine"
        }
    }
}
