import GRDB

/// A token whose session ended (deleted or expired), kept so that a player coming back after
/// a restart is told why rather than "unknown". The state file keeps the most recent ones.
struct EndedToken: Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ended_token"
    /// How many the file keeps; older ones are forgotten.
    static let kept = 20_000

    var token: String
    /// A `SessionEnding` raw value.
    var reason: String
    /// Seconds since 1970.
    var endedAt: Double

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case token, reason
        case endedAt = "ended_at"
    }
}
