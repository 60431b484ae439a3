/// The test generator: off, a steady sine, or a repeating logarithmic sweep from 20 Hz to 20 kHz.
public enum TestSignalKind: Int, NamedChoice, Sendable {
    case off, tone, sweep

    public var name: String {
        switch self {
        case .off: "off"
        case .tone: "tone"
        case .sweep: "sweep"
        }
    }
}
