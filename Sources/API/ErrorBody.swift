/// Every refusal of the JSON API (and of the three URLs, for clients that ask for JSON):
/// a message naming what was wrong and what is allowed.
public struct ErrorBody: Sendable, Hashable, Codable, Error {
    public var error: String

    public init(error: String) { self.error = error }
}
