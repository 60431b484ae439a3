/// A typed value as the JSON API wants it. Nothing is checked here: the server validates, and
/// its message ("cutoff must be from 20 to 20000 Hz") is better than any we would repeat.
extension Knob {
    public func typedValue(_ text: String) -> KnobValue {
        switch kind {
        case .choice:
            return .choice(text)
        case .flag:
            switch text.lowercased() {
            case "on", "true", "yes", "1": return .flag(true)
            case "off", "false", "no", "0": return .flag(false)
            default: return .choice(text)
            }
        case .float, .int:
            return Double(text).map(KnobValue.number) ?? .choice(text)
        }
    }
}
