/// The seeds a session or preset takes: whole numbers from 0 to 2^53-1, the largest range
/// every JSON reader (JavaScript's included) holds exactly. One range for the URLs, the JSON
/// API, preset files and the command line.
public enum Seed {
    public static let range: ClosedRange<UInt64> = 0...(1 << 53 - 1)

    /// What to tell a user who gave something else.
    public static let allowedDescription = "a whole number from 0 to 2^53-1 (9007199254740991)"

    /// A seed from text (a URL query, a command line), or nil.
    public static func parse(_ text: String) -> UInt64? {
        guard let value = UInt64(text), range.contains(value) else { return nil }
        return value
    }

    /// A seed from a JSON number, or nil when it is not whole or out of range.
    public static func exactly(_ number: Double) -> UInt64? {
        guard number >= 0, number <= Double(range.upperBound), let value = UInt64(exactly: number) else { return nil }
        return value
    }
}

extension KeyedDecodingContainer {
    /// A seed, checked against `Seed.range`: -3, 1.5 or 2^60 are refused by name here rather
    /// than as unreadable JSON.
    public func decodeSeedIfPresent(forKey key: Key) throws -> UInt64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        guard let number = try? decode(Double.self, forKey: key), let seed = Seed.exactly(number) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: Seed.allowedDescription)
        }
        return seed
    }
}
