import Foundation
import GRDB

/// The state file: every session in SQLite (WAL), read once at start and written in batches by
/// `SessionStateWriter`. A file that is not a database this server can read stops it with a
/// message saying what to do; it is never wiped or replaced.
final class SessionStore: Sendable {
    let path: String
    private let database: DatabasePool
    private let lock: StateFileLockBox

    /// Opens (or makes) the state file, locking it against a second server, checking it and
    /// bringing its schema up to date.
    init(path: String) throws(StateStoreError) {
        self.path = path
        let advice = "move it aside (the server then starts with no sessions), or run with --state none"
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateStoreError("cannot make the state folder \(folder.path): \(error.localizedDescription)")
        }
        lock = StateFileLockBox(try StateFileLock(statePath: path))
        do {
            var configuration = Configuration()
            configuration.label = "synthcast.state"
            database = try DatabasePool(path: path, configuration: configuration)
            let check = try database.read { try String.fetchOne($0, sql: "PRAGMA quick_check") } ?? ""
            guard check == "ok" else { throw StateStoreError("the state file \(path) is damaged (\(check.prefix(200))); \(advice)") }
            let newer = try database.read { try Self.migrator.hasBeenSuperseded($0) }
            guard !newer else { throw StateStoreError("the state file \(path) was written by a newer synthcast; upgrade, \(advice)") }
            try Self.migrator.migrate(database)
        } catch let error as StateStoreError {
            throw error
        } catch {
            throw StateStoreError("the state file \(path) cannot be read as a session store (\(error)); \(advice)")
        }
        // It holds the control tokens (and Icecast passwords): its owner's alone.
        chmod(path, 0o600)
    }

    /// The schema, one migration per version; a file from an older version is brought up to date.
    private static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions") { db in
            try db.create(table: StoredSession.databaseTableName) { table in
                table.primaryKey("token", .text)
                table.column("listen_token", .text).notNull().unique()
                table.column("preset", .text).notNull()
                table.column("seed", .integer).notNull()
                table.column("params", .text).notNull()
                table.column("outputs", .text).notNull()
                table.column("created_at", .double).notNull()
                table.column("last_activity", .double).notNull()
            }
        }
        migrator.registerMigration("v2: ended tokens") { db in
            try db.create(table: EndedToken.databaseTableName) { table in
                table.primaryKey("token", .text)
                table.column("reason", .text).notNull()
                table.column("ended_at", .double).notNull()
            }
        }
        return migrator
    }()

    func load() throws -> [StoredSession] {
        try database.read { try StoredSession.order(StoredSession.CodingKeys.createdAt).fetchAll($0) }
    }

    /// The ended tokens the file remembers, oldest first.
    func loadEnded() throws -> [EndedToken] {
        try database.read { try EndedToken.order(Column.rowID).fetchAll($0) }
    }

    /// Saves sessions and removes ended ones in one transaction: a crash keeps all of it or
    /// none. `ended` has the removed sessions' tokens and why they ended.
    func write(saving: [StoredSession], removing: [String], ended: [EndedToken]) throws {
        try database.write { db in
            for session in saving { try session.upsert(db) }
            for token in removing { _ = try StoredSession.deleteOne(db, key: token) }
            guard !ended.isEmpty else { return }
            // Inserted again, a token moves to the end of the rowid order the pruning follows.
            for token in ended {
                _ = try EndedToken.deleteOne(db, key: token.token)
                try token.insert(db)
            }
            try db.execute(sql: "DELETE FROM \(EndedToken.databaseTableName) WHERE rowid <= (SELECT max(rowid) FROM \(EndedToken.databaseTableName)) - ?",
                           arguments: [EndedToken.kept])
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    func integrityCheck() throws -> String {
        try database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

/// The lock lives as long as the store; the box makes it `Sendable` (it is never touched again).
private final class StateFileLockBox: @unchecked Sendable {
    let lock: StateFileLock
    init(_ lock: StateFileLock) { self.lock = lock }
}
