/// `GET /health`: the server answers, and how many sessions it holds.
public struct HealthReply: Sendable, Hashable, Codable {
    public var status: String
    public var sessions: Int

    public init(status: String = "ok", sessions: Int) {
        self.status = status
        self.sessions = sessions
    }
}
