/// Spectral tilt of the texture noise: white is flat, pink falls 3 dB and brown 6 dB per octave.
public enum NoiseColor: Int, NamedChoice, Sendable {
    case white, pink, brown

    public var name: String {
        switch self {
        case .white: "white"
        case .pink: "pink"
        case .brown: "brown"
        }
    }
}
