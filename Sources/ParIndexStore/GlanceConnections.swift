import Foundation
import GRDB

/// Read-only connections for `AppDatabase.glance`, handed out under one lock (decision 0013).
///
/// Every request glances at least once (who is calling), most two or three times. Through a
/// `DatabasePool` each glance paid for the pool's machinery: a barrier `DispatchQueue.sync`, a
/// semaphore and a dispatch group to take a reader and give it back, and a `PRAGMA schema_version`
/// statement to check the schema cache. That was ~12 % of the server's CPU under the assessment
/// JSON bench, more than the glances' own SQL. Here a glance takes an idle connection (or opens
/// one: a glance never waits for another) and runs on the calling thread.
///
/// The schema check is not needed: statements are prepared from SQL text and SQLite prepares them
/// again by itself when the schema changed, and glances use no GRDB record API that reads the schema cache.
final class GlanceConnections: @unchecked Sendable {
    /// Glances run on the few threads that serve requests; more idle connections than that are closed.
    static let maxIdle = 16

    private let path: String
    private let configuration: GRDB.Configuration
    private let lock = NSLock()
    private var idle: [DatabaseQueue] = []

    init(path: String, configuration: GRDB.Configuration) {
        var configuration = configuration
        configuration.readonly = true
        self.path = path
        self.configuration = configuration
    }

    /// Runs `work` on an idle connection, outside any transaction: each statement sees the latest
    /// commit on its own.
    func read<T>(_ work: (Database) throws -> T) throws -> T {
        let connection = try lock.withLock { idle.popLast() } ?? DatabaseQueue(path: path, configuration: configuration)
        defer {
            lock.withLock {
                if idle.count < Self.maxIdle { idle.append(connection) }
            }
        }
        return try connection.inDatabase(work)
    }
}
