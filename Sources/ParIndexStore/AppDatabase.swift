import Foundation
import GRDB
import ParIndexCore

/// The process's one database: a `DatabasePool` on a file (WAL, `synchronous=FULL`, foreign keys,
/// busy timeout), migrated on open. Implements the `Repository` port.
///
/// Beside it, read-only connections serve `glance` alone (decisions 0009 and 0013). Glances block
/// the calling thread, and the main pool's readers are also held by async reads whose release
/// needs a cooperative thread: with every cooperative thread blocked waiting for a main-pool
/// reader, those releases never ran and the server stopped answering. A glance never waits for a
/// connection: it takes an idle one or opens another.
public struct AppDatabase: Repository {
    let writer: any DatabaseWriter
    let glances: GlanceConnections
    let clock: any WallClock
    let frameworks = FrameworkCache()
    let commits: GroupCommit

    init(writer: any DatabaseWriter, glances: GlanceConnections, clock: any WallClock) {
        self.writer = writer
        self.glances = glances
        self.clock = clock
        commits = GroupCommit(writer: writer)
    }

    /// Opens (creating if needed) the database file and applies pending migrations.
    public static func open(path: String, clock: any WallClock = SystemClock()) throws -> AppDatabase {
        let database = try openUnmigrated(path: path, clock: clock)
        try database.migrate()
        return database
    }

    /// Opens without migrating, for `parindex migrate` to report what it applies.
    public static func openUnmigrated(path: String, clock: any WallClock = SystemClock()) throws -> AppDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pool = try makePool(path)
        // Glance connections open on first use, after the pool has put the file in WAL mode.
        return AppDatabase(writer: pool, glances: GlanceConnections(path: path, configuration: makeConfiguration()), clock: clock)
    }

    /// The pool, with the writer forced back to `synchronous=FULL`: GRDB sets NORMAL on the writer
    /// when it switches the file to WAL, after `prepareDatabase` ran (SECURITY.md A11; caught by
    /// DurabilitySecurityTests).
    static func makePool(_ path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: makeConfiguration())
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }

    static func makeConfiguration() -> GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        // Durability is not negotiable: an acknowledged write survives power loss (SECURITY.md A11).
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = 4
        return configuration
    }

    /// Applies every pending migration; returns the names applied.
    @discardableResult public func migrate() throws -> [String] {
        let migrator = Migrations.migrator
        let pending = try writer.read { db in try migrator.appliedIdentifiers(db) }
        try migrator.migrate(writer)
        return migrator.migrations.filter { !pending.contains($0) }
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any RepositoryReader) throws -> T) async throws -> T {
        do {
            return try await writer.read { db in try work(SQLRepository(db: db, clock: clock, frameworks: frameworks)) }
        } catch let error as DatabaseError {
            throw StoreErrors.map(error)
        }
    }

    public func glance<T>(_ work: (any RepositoryReader) throws -> T) throws -> T {
        do {
            // No transaction: each statement sees the latest commit on its own. BEGIN and COMMIT
            // around every glance cost more than its one or two indexed statements, and a glance
            // only checks (who calls, may they see this unit, which revision), where a commit
            // falling between two of its statements changes no answer that matters.
            return try glances.read { db in try work(SQLRepository(db: db, clock: clock, frameworks: frameworks)) }
        } catch let error as DatabaseError {
            throw StoreErrors.map(error)
        }
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any RepositoryWriter) throws -> T) async throws -> T {
        do {
            return try await commits.write { [clock, frameworks] db in try work(SQLRepository(db: db, clock: clock, frameworks: frameworks)) }
        } catch let error as DatabaseError {
            throw StoreErrors.map(error)
        }
    }

    /// Raw SQL access for operator commands and tests (integrity checks, backups).
    public var databaseWriter: any DatabaseWriter { writer }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try writer.read { db in try Self.check(db, sql: "PRAGMA integrity_check") }
    }

    /// `PRAGMA quick_check`: every page, record and constraint, but not whether each index holds
    /// exactly its table's rows. What start-up runs: on the national dataset (245 MiB) it takes
    /// 0.5 s where `integrity_check` takes 2.1 s, and start-up must stay under a second
    /// (docs/benchmarks.md);
    /// a torn or truncated restore fails it just the same.
    public func quickCheck() throws -> String {
        try writer.read { db in try Self.check(db, sql: "PRAGMA quick_check") }
    }

    /// A check pragma's answer as one line: "ok", or every problem it lists.
    static func check(_ db: Database, sql: String) throws -> String {
        try String.fetchAll(db, sql: sql).joined(separator: "; ")
    }

    /// An online, consistent copy of the database (SQLite's backup API) at `path`, checked with
    /// `integrity_check` before it is reported as good.
    public func backup(to path: String) throws -> String {
        if FileManager.default.fileExists(atPath: path) {
            throw DomainError.conflict("backup_exists", "Tệp \(path) đã tồn tại; hãy chọn tên khác.")
        }
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        let check = try destination.read { db in try Self.check(db, sql: "PRAGMA integrity_check") }
        try destination.close()
        guard check == "ok" else { throw DomainError.internalFailure("Bản sao lưu không toàn vẹn: \(check)") }
        return check
    }
}

/// Maps SQLite failures to domain errors; internals never reach users.
enum StoreErrors {
    static func map(_ error: DatabaseError) -> Error {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            return DomainError.conflict("constraint", "Dữ liệu mâu thuẫn với dữ liệu đã có (trùng hoặc thiếu liên kết).")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return DomainError(.conflict, "busy", "Hệ thống đang bận; vui lòng thử lại.")
        default:
            return error
        }
    }
}
