import RealModule

/// A parameter value as a user writes it: in JSON, on a command line or in a URL query.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)

    public var description: String {
        switch self {
        case .number(let n): formatNumber(n)
        case .string(let s): "\"\(s)\""
        case .bool(let b): String(b)
        }
    }
}

/// Numbers print without a trailing ".0" when whole, and with at most 6 significant digits.
func formatNumber(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(value)
    if text.count > 10 {
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 2 : (magnitude >= 1 ? 4 : 6)
        text = String(format6(value, decimals: decimals))
    }
    return text
}

private func format6(_ value: Double, decimals: Int) -> String {
    let scale = Double.pow(10, Double(decimals))
    let scaled = (value * scale).rounded() / scale
    var text = String(scaled)
    if text.contains("e") { return String(value) }
    while text.hasSuffix("0"), text.contains(".") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
