import Foundation
import GRDB
import ParIndexCore
import ParIndexStore
import Testing

/// `audit verify` replays the ledger and compares the state it implies with every stored row: a
/// whole demo (two published years and one in progress) passes, and each change made with plain
/// SQL behind the application's back is named by table, cycle, unit, criterion and field.
@Suite struct LedgerReplayTests {
    /// The demo on two units: 2024 and 2025 published, 2026 in progress, with appraisals,
    /// questions, answers, evidence, survey points and publications, all through the services.
    static func seeded() async throws -> TestDatabase {
        let t = try TestDatabase()
        func spec(_ year: Int) throws -> DemoScenario.CycleSpec {
            .init(
                code: "\(year)-so",
                name: "Chỉ số CCHC năm \(year)",
                block: "DEPT",
                framework: try DocumentValue.parseJSON(smallFrameworkJSON),
                year: year
            )
        }
        _ = try await DemoScenario(services: t.services, clock: t.clock).run(
            units: [
                .init(line: 2, code: "A1", name: "Sở Tài chính", block: "DEPT"), .init(line: 3, code: "A2", name: "Sở Tư pháp", block: "DEPT"),
            ],
            blockNames: ["DEPT": "Khối sở"],
            cycles: [try spec(2026)],
            earlier: [try spec(2024), try spec(2025)]
        )
        return t
    }

    /// Where an item row is, as mismatches name it.
    func place(_ t: TestDatabase, where condition: String) async throws -> (id: Int64, cycle: String, unit: String, criterion: String) {
        try await t.database.databaseWriter.read { db in
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT i.id, a.cycleCode, a.unitCode, i.criterion FROM item i JOIN assessment a ON a.id = i.assessmentId
                        WHERE \(condition) ORDER BY i.id LIMIT 1
                        """
                )
            )
            return (row[0], row[1], row[2], row[3])
        }
    }

    func tamper(_ t: TestDatabase, _ sql: String) async throws {
        try await t.database.databaseWriter.write { db in try db.execute(sql: sql) }
    }

    @Test("the whole seeded demo replays without a mismatch, and its rows are of every kind")
    func wholeCyclePasses() async throws {
        let t = try await Self.seeded()
        defer { t.remove() }
        let result = try await t.services.audit.verify()
        #expect(result.mismatches == [])
        #expect(result.ok && result.firstBroken == nil && result.events > 50)
        let counts = try await t.database.databaseWriter.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM item WHERE appraisedPoints IS NOT NULL), (SELECT count(*) FROM item WHERE finalPoints IS NOT NULL),
                        (SELECT count(*) FROM evidence), (SELECT count(*) FROM message), (SELECT count(*) FROM publication WHERE auditEvents IS NOT NULL)
                    """
            )!
        }
        // appraisals, finals, evidence and publications (this small demo asks no question: thread
        // messages are covered by the generated national dataset's replay)
        for column in [0, 1, 2, 4] { #expect((counts[column] as Int) > 0, "column \(column)") }
        // a publication's head is the hash of the event it counted
        let publication = try #require(try await t.services.repository.read { db in try db.publication(cycle: "2025-so") })
        let events = try #require(publication.auditEvents)
        #expect(try await t.services.repository.read { db in try db.ledgerHash(sequence: events) } == publication.auditHead)
    }

    @Test("a self-assessed score edited with SQL is named")
    func scoreTampering() async throws {
        let t = try await Self.seeded()
        defer { t.remove() }
        let item = try await place(t, where: "i.selfPoints IS NOT NULL")
        try await tamper(t, "UPDATE item SET selfPoints = selfPoints + 50 WHERE id = \(item.id)")
        let result = try await t.services.audit.verify()
        #expect(!result.ok && result.firstBroken == nil)
        #expect(result.mismatches.count == 1)
        let mismatch = try #require(result.mismatches.first)
        #expect(mismatch.table == "item" && mismatch.field == "selfPoints")
        #expect(mismatch.cycle == item.cycle && mismatch.unit == item.unit && mismatch.criterion == item.criterion)
        #expect(mismatch.ledger != mismatch.stored)
    }

    @Test("an appraisal edited with SQL is named")
    func appraisalTampering() async throws {
        let t = try await Self.seeded()
        defer { t.remove() }
        let item = try await place(t, where: "i.appraisedPoints IS NOT NULL")
        try await tamper(t, "UPDATE item SET appraisedPoints = appraisedPoints + 25 WHERE id = \(item.id)")
        let result = try await t.services.audit.verify()
        #expect(!result.ok)
        #expect(
            result.mismatches.map { [$0.table, $0.cycle, $0.unit, $0.criterion, $0.field] } == [
                ["item", item.cycle, item.unit, item.criterion, "appraisedPoints"]
            ]
        )
    }

    @Test("a final point edited with SQL is named")
    func finalTampering() async throws {
        let t = try await Self.seeded()
        defer { t.remove() }
        let item = try await place(t, where: "i.finalPoints IS NOT NULL")
        try await tamper(t, "UPDATE item SET finalPoints = finalPoints + 10 WHERE id = \(item.id)")
        let result = try await t.services.audit.verify()
        #expect(!result.ok)
        #expect(
            result.mismatches.map { [$0.table, $0.cycle, $0.unit, $0.criterion, $0.field] } == [
                ["item", item.cycle, item.unit, item.criterion, "finalPoints"]
            ]
        )
    }

    @Test("an evidence row deleted or edited with SQL is named, and so is an item row no event wrote")
    func evidenceTampering() async throws {
        let t = try await Self.seeded()
        defer { t.remove() }
        let (id, itemId): (String, Int64) = try await t.database.databaseWriter.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT id, itemId FROM evidence ORDER BY id LIMIT 1"))
            return (row[0], row[1])
        }
        let item = try await place(t, where: "i.id = \(itemId)")
        try await tamper(t, "DELETE FROM evidence WHERE id = '\(id)'")
        var result = try await t.services.audit.verify()
        #expect(!result.ok)
        #expect(
            result.mismatches == [
                AuditMismatch(
                    table: "evidence",
                    item: ItemKey(cycle: item.cycle, unit: item.unit, criterion: item.criterion),
                    field: "row",
                    ledger: .string(id),
                    stored: .null
                )
            ]
        )
        // A title changed on another row, and an item inserted without any event.
        try await tamper(t, "UPDATE evidence SET title = 'Văn bản khác' WHERE id = (SELECT min(id) FROM evidence WHERE kind = 'reference')")
        try await tamper(
            t,
            "INSERT INTO item (assessmentId, criterion, applicable, state, version) SELECT assessmentId, '9.9', 1, 'agreed', 1 FROM item WHERE id = \(itemId)"
        )
        result = try await t.services.audit.verify()
        #expect(result.mismatches.contains { $0.table == "evidence" && $0.field == "title" && $0.stored == .string("Văn bản khác") })
        #expect(result.mismatches.contains { $0.table == "item" && $0.criterion == "9.9" && $0.field == "row" && $0.ledger == .null })
    }

    @Test("a ledger cut back after a head was recorded fails the copied head, and the rows its lost events wrote are named")
    func tailCut() async throws {
        let t = try await Self.seeded()
        defer { t.remove() }
        let head = try await t.services.audit.head()
        #expect(head.events > 0 && head.at != nil)
        let copied = AuditService.CopiedHead(head: head.head, events: head.events)
        #expect(try await t.services.audit.verify(copied: copied).ok)
        // A wrong hash for the copied event fails too.
        let wrong = try await t.services.audit.verify(copied: .init(head: String(repeating: "a", count: 64), events: head.events))
        #expect(!wrong.ok && wrong.mismatches.map(\.table) == ["ledger"])
        // The tail from the newest item event on is cut.
        try await tamper(
            t,
            "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq >= (SELECT max(seq) FROM ledger WHERE action LIKE 'item.%')"
        )
        let result = try await t.services.audit.verify(copied: copied)
        #expect(!result.ok && result.firstBroken == nil)
        #expect(result.events < head.events)
        #expect(
            result.mismatches.contains {
                $0.table == "ledger" && $0.field == "event \(head.events)" && $0.ledger == .null && $0.stored == .string(head.head)
            }
        )
        #expect(result.mismatches.contains { $0.table == "item" })
    }
}
