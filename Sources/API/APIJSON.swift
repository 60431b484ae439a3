import Foundation

/// How both ends write and read the API's JSON: keys sorted (stable replies, readable diffs),
/// slashes unescaped (URLs stay URLs).
public enum APIJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// A value as one line of JSON plus a newline, as the server answers.
    public static func data<Value: Encodable>(_ value: Value) -> Data {
        // The API's types encode plain strings, numbers and bools only; encoding cannot fail.
        var data = (try? encoder().encode(value)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
