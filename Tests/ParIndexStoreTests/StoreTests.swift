import Foundation
import GRDB
import ParIndexCore
import ParIndexFormats
import Testing

@testable import ParIndexStore

@Suite struct StoreTests {
    @Test(
        "stored entries read back as written, whether the {\"points\":N} shortcut or the JSON parser reads them",
        arguments: [
            Entry.points(Points(hundredths: 25)), .points(Points(hundredths: -150)), .points(Points(3)), .points(.zero), .choice(2),
            .ratio(numerator: 3, denominator: 5),
        ]
    )
    func entriesRoundTrip(entry: Entry) {
        #expect(Mapping.entry(entry.document.canonicalJSON) == entry)
    }

    @Test("the shortcut leaves anything but one plain number to the parser")
    func entryShortcutDefers() {
        #expect(Mapping.entry(#"{"points":1,"choice":2}"#) == Mapping.entry(#"{"choice":2,"points":1}"#))
        #expect(Mapping.entry(#"{"points":1,5}"#) == nil)
        #expect(Mapping.entry(#"{"points":"x"}"#) == nil)
        #expect(Mapping.entry(nil) == nil)
    }

    @Test("a publication's short fields come from the covering index, never from the row behind its snapshot")
    func publicationHeaderFromIndex() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        let plan = try await t.database.databaseWriter.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT cycleCode, publishedAt, publishedBy, '' AS snapshot, snapshotSha256, auditHead
                    FROM publication INDEXED BY publication_header WHERE cycleCode = ?
                    """,
                arguments: ["2026"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX publication_header") }, "\(plan)")
        // and the repository's query is that one: it finds nothing yet, without error
        #expect(try await t.database.read { db in try db.publicationWithoutSnapshot(cycle: "2026") } == nil)
    }

    @Test("migrations run from an empty file with WAL, synchronous=FULL and foreign keys (A11)")
    func migrationsFromEmpty() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        let (journal, synchronous, foreignKeys, tables) = try await t.database.databaseWriter.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA synchronous")!,
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!,
                try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"
                )
            )
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
        #expect(foreignKeys == 1)
        #expect(
            tables == [
                "apiToken", "assessment", "block", "councilNote", "cycle", "cycleUnit", "deadlineReminder", "evidence", "framework", "item", "ledger",
                "loginChallenge", "message", "notification", "outbox", "publication", "receipt", "reviewerAssignment", "session", "unit", "user",
            ]
        )
        // opening again applies nothing new
        #expect(try t.database.migrate().isEmpty)
    }

    @Test("a use case that fails half-way writes nothing: no item change without its ledger event (AC-8, LG-1)")
    func failedUseCaseWritesNothing() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let counts = { @Sendable (db: any RepositoryReader) throws -> (Int, Int64) in
            (try db.itemScores(cycle: "2026").count, try db.ledgerHead()!.sequence)
        }
        let before = try await t.database.read(counts)
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await t.database.write { db in
                let assessment = try db.save(Assessment(cycleCode: "2026", unitCode: "A1"))
                _ = try db.save(Item(assessmentId: assessment.id!, criterion: "1.1", state: .agreed, version: 1))
                try db.record(LedgerEntry(actor: "x", action: "item.self", subject: "A1"))
                throw Boom()
            }
        }
        let after = try await t.database.read(counts)
        #expect(after == before)
    }

    @Test("audit verify passes, then names the row edited behind the application's back (LG-1)")
    func ledgerTamperDetected() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let good = try await t.services.audit.verify()
        #expect(good.ok && good.events > 10)
        // the application's connection refuses to change the ledger
        await #expect(throws: (any Error).self) {
            try await t.database.databaseWriter.write { db in try db.execute(sql: "UPDATE ledger SET actor = 'mallory' WHERE seq = 5") }
        }
        // someone with the file drops the guard and edits row 5 with plain SQL
        try await t.database.databaseWriter.write { db in
            try db.execute(sql: "DROP TRIGGER ledger_no_update")
            try db.execute(sql: "UPDATE ledger SET payload = '{\"name\":\"Sở khác\"}' WHERE seq = 5")
        }
        let bad = try await t.services.audit.verify()
        #expect(!bad.ok)
        #expect(bad.firstBroken == 5)
        #expect(bad.events == 4)
    }

    @Test("deleting a ledger row is detected at the next one")
    func ledgerDeletionDetected() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        try await t.database.databaseWriter.write { db in
            try db.execute(sql: "DROP TRIGGER ledger_no_delete")
            try db.execute(sql: "DELETE FROM ledger WHERE seq = 3")
        }
        let result = try await t.services.audit.verify()
        #expect(result.firstBroken == 4)
    }

    @Test("backup makes a consistent copy with identical totals and a clean integrity_check (A11)")
    func backupCopy() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let a1 = try await t.caller("u.a1")
        _ = try await t.services.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "2.1",
            .init(entry: .ratio(numerator: 2, denominator: 3)),
            by: a1
        )
        let copyPath = t.directory.appendingPathComponent("copy.sqlite").path
        #expect(try t.database.backup(to: copyPath) == "ok")
        // a second backup to the same file is refused rather than overwriting it
        #expect(throws: DomainError.self) { try t.database.backup(to: copyPath) }
        let copy = try AppDatabase.open(path: copyPath, clock: t.clock)
        let copyServices = Services(repository: copy, clock: t.clock, passwords: ScryptPasswordHasher.forTesting, inspector: FileEvidenceInspector())
        let original = try await t.services.assessments.view(cycle: "2026", unit: "A1", by: admin)
        let restored = try await copyServices.assessments.view(cycle: "2026", unit: "A1", by: admin)
        #expect(original.totals == restored.totals)
        #expect(restored.totals.selfScore.rawPoints == Points(2))  // 3 × 2/3 = 2.00
        let verifyOriginal = try await t.services.audit.verify()
        let verifyCopy = try await copyServices.audit.verify()
        #expect(verifyOriginal == verifyCopy)
        #expect(try copy.integrityCheck() == "ok")
    }

    @Test("scrypt hashes carry their parameters, verify exactly and ask for a rehash when weaker (A2)")
    func scrypt() throws {
        let hasher = ScryptPasswordHasher.forTesting
        let hash = try hasher.hash("Mật khẩu rất dài 2026")
        #expect(hash.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(hasher.verify("Mật khẩu rất dài 2026", against: hash))
        #expect(!hasher.verify("Mật khẩu rất dài 2025", against: hash))
        #expect(!hasher.verify("anything", against: "garbage"))
        #expect(try hasher.hash("same password") != hasher.hash("same password"))  // salted
        #expect(ScryptPasswordHasher(logRounds: 5, blockSize: 8, parallelism: 1).needsRehash(hash))
        #expect(!hasher.needsRehash(hash))
        // a long password is not truncated: the 100th character matters
        let long = String(repeating: "a", count: 99)
        let longHash = try hasher.hash(long + "b")
        #expect(!hasher.verify(long + "c", against: longHash))
    }

    @Test("a framework version cannot be re-imported with different content")
    func frameworkImmutability() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        let document = try DocumentValue.parseJSON(smallFrameworkJSON)
        let first = try await t.services.admin.importFramework(document, by: admin)
        let again = try await t.services.admin.importFramework(document, by: admin)
        #expect(first.contentSHA256 == again.contentSHA256)
        let changed = try DocumentValue.parseJSON(smallFrameworkJSON.replacingOccurrences(of: "Bộ tiêu chí thử", with: "Bộ khác"))
        await #expect(throws: DomainError.self) { try await t.services.admin.importFramework(changed, by: admin) }
        // the pinned hash equals the SHA-256 of the stored canonical JSON
        let stored = try await t.database.databaseWriter.read { db in try Row.fetchOne(db, sql: "SELECT document, contentSha256 FROM framework")! }
        #expect(Digests.sha256Hex(stored["document"] as String) == stored["contentSha256"] as String)
    }
}
