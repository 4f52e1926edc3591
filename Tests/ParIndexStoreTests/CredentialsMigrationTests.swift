import Foundation
import GRDB
import ParIndexCore
import ParIndexFormats
import Testing

@testable import ParIndexStore

/// Migration 0011 (SECURITY.md CR-2): tokens issued before it get an id and an expiry, and keep
/// signing in until then; why an account is disabled is kept beside it.
@Suite struct CredentialsMigrationTests {
    @Test("CR-2: a token from before migration 0011 gets an id and expires 180 days after it was made; it works until then")
    func existingTokensExpire() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-0011-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let made = TestDatabase.t0
        do {
            let pool = try AppDatabase.makePool(path)
            try Migrations.migrator.migrate(pool, upTo: "0010_LedgerReplay")
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO user (username, name, role, passwordHash, createdAt) VALUES ('u.cu', 'Cũ', 'observer', 'x', ?)",
                    arguments: [Timestamp.format(made)]
                )
                try db.execute(
                    sql: "INSERT INTO apiToken (tokenSha256, username, createdAt) VALUES (?, 'u.cu', ?)",
                    arguments: [Digests.sha256Hex("pi_old"), Timestamp.format(made)]
                )
            }
            try pool.close()
        }
        let clock = ManualClock(made + days(179))
        let database = try AppDatabase.open(path: path, clock: clock)
        let services = Services(repository: database, clock: clock, passwords: ScryptPasswordHasher.forTesting, inspector: FileEvidenceInspector())
        let tokens = try await database.read { db in try db.tokens(username: "u.cu") }
        #expect(tokens.count == 1)
        #expect(tokens.first?.id == 1 && tokens.first?.label == nil && tokens.first?.lastUsedAt == nil)
        #expect(tokens.first?.expiresAt == made + days(180))
        #expect(try await services.auth.callerForToken("pi_old")?.username == "u.cu")
        clock.set(made + days(180))
        #expect(try await services.auth.callerForToken("pi_old") == nil)
        // The migration left the account's own row alone; its disabling columns start empty.
        #expect(try await database.read { db in try db.disablings() }.isEmpty)
    }

    @Test("CR-2: a revoked token's id is never handed out again")
    func idsAreNotReused() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        _ = try await t.services.admin.createUser(
            .init(username: "u.x", name: "X", role: .observer, unitCode: nil, password: "Mật-khẩu-dài-2026"),
            by: admin
        )
        _ = try await t.services.admin.createToken(for: "u.x", by: admin)
        _ = try await t.services.admin.createToken(for: "u.x", by: admin)
        try await t.services.tokens.revoke(id: 2, by: admin)
        _ = try await t.services.admin.createToken(for: "u.x", label: "mới", by: admin)
        #expect(try await t.services.tokens.list(username: "u.x", by: admin).map(\.id) == [1, 3])
    }
}
