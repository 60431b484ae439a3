import API

/// A typed value as the JSON API wants it. Nothing is checked here: the server validates, and
/// its message ("cutoff must be from 20 to 20000 Hz") is better than any we would repeat.
extension ParameterRow {
    public func typedValue(_ text: String) -> ParameterValue {
        switch kind {
        case .choice:
            return .string(text)
        case .bool:
            switch text.lowercased() {
            case "on", "true", "yes", "1": return .bool(true)
            case "off", "false", "no", "0": return .bool(false)
            default: return .string(text)
            }
        case .float, .int:
            // "nan" and "inf" parse as numbers JSON cannot carry: they go as text, for the
            // server to refuse like any other word.
            guard let number = Double(text), number.isFinite else { return .string(text) }
            return .number(number)
        }
    }
}
