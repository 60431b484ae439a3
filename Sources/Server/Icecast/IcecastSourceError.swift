/// Why Icecast did not take (or keep) the source, in words that say what to do. Never holds
/// the password: messages name the mount by its redacted URL.
public struct IcecastSourceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 401: the user or password is wrong. Trying again cannot help.
        case authentication
        /// Another source has the mount (Icecast 2.4 answers 403 saying so, 2.5 answers 409).
        case mountInUse
        /// Any other refusal, with its status.
        case refused(status: Int)
        /// No connection, a reset, or Icecast closed it.
        case connection
        /// Icecast took too long to answer.
        case timeout
    }

    public let kind: Kind
    public let description: String

    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The server answered that it does not take this method: try the legacy `SOURCE`.
    var isMethodRefusal: Bool {
        if case .refused(let status) = kind { return [400, 405, 501].contains(status) }
        return false
    }
}
