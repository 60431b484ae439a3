import Foundation

/// A JSON document as a tree that keeps bools apart from numbers (Foundation's
/// `JSONSerialization` folds them into one `NSNumber`), for schema validation.
public indirect enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let object = try? container.decode([String: JSONValue].self) { self = .object(object) }
        else { self = .array(try container.decode([JSONValue].self)) }
    }

    /// Parses `data`, reporting a syntax error with its line and column.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        do {
            // JSONSerialization says where a syntax error is; JSONDecoder then builds the typed tree.
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            throw JSONSyntaxError(detail: detail, position: Self.position(in: data, describedBy: detail))
        }
    }

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Line and column (from 1) of the offset in "... around character N."
    private static func position(in data: Data, describedBy detail: String) -> (line: Int, column: Int)? {
        guard let range = detail.range(of: "character "),
              let offset = Int(detail[range.upperBound...].prefix(while: \.isNumber)) else { return nil }
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 }
            else if byte & 0xC0 != 0x80 { column += 1 }  // count characters, not UTF-8 continuation bytes
        }
        return (line, column)
    }
}

public struct JSONSyntaxError: Error, Sendable {
    public let detail: String
    public let position: (line: Int, column: Int)?
}
