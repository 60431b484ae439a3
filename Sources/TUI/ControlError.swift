/// A failed call to the server, with the server's own explanation when it gave one.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
