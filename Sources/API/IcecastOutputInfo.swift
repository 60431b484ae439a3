/// One Icecast output of a session, as the API shows it. The URL never carries the password.
public struct IcecastOutputInfo: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Connecting to Icecast, or waiting for it to take the source.
        case connecting
        /// Icecast took the source; audio flows at real-time pace.
        case streaming
        /// The connection failed or dropped; the next attempt comes after a backoff.
        case retrying
        /// Given up: refused (authentication, mount in use) or out of retries. `error` says why.
        case failed
    }

    public var id: String
    public var url: String
    public var state: State
    /// When the output entered its state (ISO 8601, UTC).
    public var since: String
    /// Reconnections attempted since the output was made.
    public var retries: Int
    /// Why the last attempt failed, when it did.
    public var error: String?

    public init(id: String, url: String, state: State, since: String, retries: Int, error: String? = nil) {
        self.id = id
        self.url = url
        self.state = state
        self.since = since
        self.retries = retries
        self.error = error
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, url, state, since, retries, error
    }
}

/// `GET /sessions/{id}/outputs`: a session's Icecast outputs, oldest first.
public struct IcecastOutputList: Sendable, Hashable, Codable {
    public var outputs: [IcecastOutputInfo]

    public init(outputs: [IcecastOutputInfo]) { self.outputs = outputs }
}
