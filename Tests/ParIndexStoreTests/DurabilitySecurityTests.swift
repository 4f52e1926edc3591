import Foundation
import GRDB
import ParIndexCore
import ParIndexFormats
import ParIndexStore
import Testing

/// SQLite settings that every connection must have, the ban on SQL built from strings, and password
/// storage (SECURITY.md A11, IV-3, A2). Kill -9 under load is `scripts/crash-test`'s job.
@Suite struct DurabilitySecurityTests {
    @Test("A11: the writer and every reader connection run WAL, synchronous=FULL, foreign_keys=ON and a busy timeout")
    func everyConnection() async throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let writer = test.database.databaseWriter
        @Sendable func settings(_ db: Database) throws -> [String] {
            [
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", String(try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1),
                String(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? -1), String(try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? -1),
            ]
        }
        // synchronous 2 = FULL; a busy timeout of at least 5 s (never "fail at once")
        func good(_ found: [String]) -> Bool { found.prefix(3) == ["wal", "2", "1"] && (Int(found[3]) ?? 0) >= 5000 }
        let written = try await writer.write { db in try settings(db) }
        #expect(good(written), "\(written)")
        // several readers at once, so the pool opens more than one reader connection
        try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await writer.read { db in
                        Thread.sleep(forTimeInterval: 0.05)
                        return try settings(db)
                    }
                }
            }
            for try await found in group { #expect(good(found), "\(found)") }
        }
        // foreign keys really are enforced: a unit in an unknown block is refused
        await #expect(throws: (any Error).self) {
            try await writer.write { db in try db.execute(sql: "INSERT INTO unit (code, name, blockCode) VALUES ('X', 'X', 'NO_SUCH_BLOCK')") }
        }
    }

    @Test("A11: a backup taken while a writer keeps committing passes integrity_check and holds every row committed before it")
    func backupUnderWrites() async throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let writer = test.database.databaseWriter
        try await writer.write { db in try db.execute(sql: "INSERT INTO block (code, name) VALUES ('B0', 'Khối 0')") }
        let stop = ManagedFlag()
        let writes = Task.detached {
            var n = 1
            while !stop.isSet {
                let code = "B\(n)"
                try await writer.write { db in try db.execute(sql: "INSERT INTO block (code, name) VALUES (?, ?)", arguments: [code, code]) }
                n += 1
            }
            return n
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        let before = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM block") ?? 0 }
        let copy = test.directory.appendingPathComponent("backup.sqlite").path
        #expect(try test.database.backup(to: copy) == "ok")
        stop.set()
        let written = try await writes.value
        let restored = try DatabaseQueue(path: copy)
        let (check, rows) = try await restored.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "SELECT count(*) FROM block") ?? 0)
        }
        #expect(check == "ok")
        #expect(rows >= before && rows <= written, "\(before) ≤ \(rows) ≤ \(written)")
    }

    /// String literals in a Swift source that look like SQL and interpolate a value.
    static func interpolatedSQL(in source: String) -> [String] {
        let literal = /"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"/
        let keyword = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|PRAGMA|VACUUM|CREATE|DROP|ALTER)\b/
        return source.matches(of: literal).map { String($0.output) }.filter { $0.contains(keyword) && $0.contains("\\(") }
    }

    @Test("IV-3: no SQL anywhere in Sources is built by string interpolation; values go in as arguments")
    func noInterpolatedSQL() throws {
        // the detector itself finds what it must
        #expect(Self.interpolatedSQL(in: #"db.execute(sql: "DELETE FROM unit WHERE code = '\(code)'")"#).count == 1)
        #expect(Self.interpolatedSQL(in: "let q = \"\"\"\nSELECT * FROM x WHERE a = \\(a)\n\"\"\"").count == 1)
        #expect(Self.interpolatedSQL(in: #"db.execute(sql: "DELETE FROM unit WHERE code = ?", arguments: [code])"#).isEmpty)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        var offenders: [String] = []
        var scanned = 0
        for case let path as String in FileManager.default.enumerator(atPath: sources.path) ?? .init() where path.hasSuffix(".swift") {
            // The OpenAPI document and page text are prose, not SQL.
            if path.hasSuffix("OpenAPIDocument.swift") || path.contains("Catalogue") { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            scanned += 1
            for hit in Self.interpolatedSQL(in: text) { offenders.append("\(path): \(hit.prefix(120))") }
        }
        #expect(scanned > 50)
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    @Test("A2: a hash made with weaker scrypt parameters is replaced at the next login; two users' equal passwords hash differently")
    func rehashOnLogin() async throws {
        let test = try TestDatabase()
        defer { test.remove() }
        _ = try await test.services.admin.saveBlock(Block(code: "DEPT", name: "Khối sở"), by: admin)
        _ = try await test.services.admin.importUnits([.init(line: 2, code: "A1", name: "Sở Tài chính", block: "DEPT")], by: admin)
        for name in ["u.one", "u.two"] {
            _ = try await test.services.admin.createUser(
                .init(username: name, name: name, role: .unit, unitCode: "A1", password: "Mật-khẩu-dài-2026"),
                by: admin
            )
        }
        let hashes = try await test.database.databaseWriter.read { db in
            try String.fetchAll(db, sql: "SELECT passwordHash FROM user ORDER BY username")
        }
        #expect(hashes.count == 2 && hashes[0] != hashes[1])
        #expect(hashes.allSatisfy { $0.hasPrefix("$scrypt$ln=4,r=8,p=1$") })
        // the operator raises the cost: the next login stores a hash with the new parameters
        let stronger = Services(
            repository: test.database,
            clock: test.clock,
            passwords: ScryptPasswordHasher(logRounds: 5, blockSize: 8, parallelism: 1),
            inspector: FileEvidenceInspector()
        )
        _ = try await stronger.auth.login(username: "u.one", password: "Mật-khẩu-dài-2026")
        let after = try await test.database.databaseWriter.read { db in
            try String.fetchOne(db, sql: "SELECT passwordHash FROM user WHERE username = 'u.one'")
        }
        #expect(after?.hasPrefix("$scrypt$ln=5,r=8,p=1$") == true)
        #expect(try await stronger.auth.login(username: "u.one", password: "Mật-khẩu-dài-2026").user.username == "u.one")
        // the default (production) parameters are OWASP's scrypt equivalent: N = 2^16, r = 8, p = 2
        let production = ScryptPasswordHasher()
        #expect(production.logRounds >= 16 && production.blockSize == 8 && production.parallelism >= 1)
    }
}

/// A flag one task sets and another reads.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
