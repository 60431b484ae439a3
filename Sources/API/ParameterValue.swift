/// A parameter's value as users write it and the JSON API carries it: a number, a choice's
/// name, or a switch. In JSON: a number, a string, `true`/`false`.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool first: a JSON `true` must not read as the number 1.
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a number, a string or true/false")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number):
            // Whole numbers go out as integers (`800`, not `800.0`), so seeds and counts read exactly.
            if let whole = Int64(exactly: number) { try container.encode(whole) } else { try container.encode(number) }
        case .string(let text): try container.encode(text)
        case .bool(let flag): try container.encode(flag)
        }
    }

    /// As `set_param` takes it back and people read it: `saw`, `800`, `0.45`, `true`.
    public var description: String {
        switch self {
        case .number(let number): NumberText.format(number)
        case .string(let text): text
        case .bool(let flag): String(flag)
        }
    }
}
