/// Why a parameter value was refused. Each message names the key and what is allowed,
/// so the user can fix the input without reading the source.
public enum ParameterError: Error, Equatable, CustomStringConvertible {
    case unknownKey(String, suggestion: String?)
    case wrongKind(key: String, expected: String, got: String)
    case notFinite(key: String, allowed: String)
    case outOfRange(key: String, value: String, allowed: String)
    case notWhole(key: String, value: String)
    case unknownChoice(key: String, value: String, allowed: [String])
    case malformed(String)

    public var key: String? {
        switch self {
        case .unknownKey(let key, _): key
        case .wrongKind(let key, _, _), .notFinite(let key, _), .outOfRange(let key, _, _),
             .notWhole(let key, _), .unknownChoice(let key, _, _): key
        case .malformed: nil
        }
    }

    public var description: String {
        switch self {
        case .unknownKey(let key, let suggestion):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "unknown parameter '\(key)'\(hint); `synthcast params` lists them all"
        case .wrongKind(let key, let expected, let got):
            return "'\(key)' takes \(expected), got \(got)"
        case .notFinite(let key, let allowed):
            return "'\(key)' must be a finite number in \(allowed)"
        case .outOfRange(let key, let value, let allowed):
            return "'\(key)' = \(value) is out of range; allowed \(allowed)"
        case .notWhole(let key, let value):
            return "'\(key)' takes a whole number, got \(value)"
        case .unknownChoice(let key, let value, let allowed):
            return "'\(key)' = \"\(value)\" is not a choice; allowed: \(allowed.joined(separator: ", "))"
        case .malformed(let text):
            return text
        }
    }
}
