import Foundation
import GRDB

/// One session as the state file keeps it: what brings it back after a restart with the same
/// tokens and settings. Its audio is not kept; it starts fresh from these settings.
struct StoredSession: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    var token: String
    var listenToken: String
    var preset: String
    var seed: Int64
    /// Every parameter's value, as a JSON object of the API's values.
    var params: String
    /// The Icecast outputs, as a JSON array of the API's requests (with their passwords: the
    /// state folder is the owner's alone).
    var outputs: String
    /// Seconds since 1970.
    var createdAt: Double
    var lastActivity: Double

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case token, preset, seed, params, outputs
        case listenToken = "listen_token"
        case createdAt = "created_at"
        case lastActivity = "last_activity"
    }
}
