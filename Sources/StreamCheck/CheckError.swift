/// Why a check could not run to the end: a message a user can act on (what was wrong, what
/// would work), printed after "check failed: ".
public struct CheckError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
