import Foundation
import ParIndexCore
import ParIndexStore
import Testing

/// One document for many criteria: uploaded once, listed under each criterion it proves, counted
/// once against the quota, and removed from one criterion without touching the others.
@Suite struct EvidenceReuseTests {
    static let sha = String(repeating: "ab", count: 32)

    func seeded() async throws -> (TestDatabase, Caller, Evidence) {
        let t = try TestDatabase()
        try await t.seedCycle()
        let unit = try await t.caller("u.a1")
        let decree = try await t.services.evidence.addFile(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            filename: "Quyết định 123-QĐ-UBND.pdf",
            size: 4096,
            sha256: Self.sha,
            contentType: "application/pdf",
            by: unit
        )
        return (t, unit, decree)
    }

    func listed(_ t: TestDatabase, _ criterion: String) async throws -> [Evidence] {
        try await t.database.read { db in
            guard let assessment = try db.assessment(cycle: "2026", unit: "A1"),
                let item = try db.item(assessment: assessment.id!, criterion: criterion)
            else { return [] }
            return try db.evidence(item: item.id!).filter { $0.deleted == nil }
        }
    }

    @Test func aDocumentAttachedToMoreCriteriaIsListedUnderEachAndStoredOnce() async throws {
        let (t, unit, decree) = try await seeded()
        defer { t.remove() }
        let added = try await t.services.evidence.reuse(decree.id, for: ["1.1", "1.2", "1.3"], by: unit)
        // 1.3 already lists it: only the two others get a row.
        #expect(added.map(\.id).count == 2)
        for criterion in ["1.1", "1.2", "1.3"] {
            let rows = try await listed(t, criterion)
            #expect(rows.count == 1 && rows[0].sha256 == Self.sha && rows[0].filename == decree.filename, "criterion \(criterion)")
        }
        let usage = try await t.database.read { db in try db.evidenceUsage(assessment: try db.assessment(cycle: "2026", unit: "A1")!.id!) }
        #expect(usage.files == 1 && usage.bytes == 4096)
        // Asking again changes nothing.
        #expect(try await t.services.evidence.reuse(decree.id, for: ["1.1", "1.2"], by: unit).isEmpty)
        // The ledger names each attachment and where it came from.
        let events = try await t.database.read { db in try db.ledgerEvents(after: 0, limit: 10_000).filter { $0.action == "evidence.add" } }
        #expect(events.filter { $0.payload.contains("\"reusedFrom\":\"\(decree.id)\"") }.count == 2)
    }

    @Test func removingItFromOneCriterionLeavesTheOthers() async throws {
        let (t, unit, decree) = try await seeded()
        defer { t.remove() }
        let added = try await t.services.evidence.reuse(decree.id, for: ["1.1", "1.2"], by: unit)
        try await t.services.evidence.delete(try #require(added.first { _ in true }).id, by: unit)
        let remaining = try await [listed(t, "1.1"), listed(t, "1.2"), listed(t, "1.3")].map(\.count)
        #expect(remaining.reduce(0, +) == 2)
        #expect(try await listed(t, "1.3").count == 1)
    }

    @Test func onlyTheUnitItselfWhileItMayWriteAndNeverToASurveyCriterion() async throws {
        let (t, unit, decree) = try await seeded()
        defer { t.remove() }
        // Another unit does not see the document at all.
        let other = try await t.caller("u.a2")
        let otherError = await #expect(throws: DomainError.self) { try await t.services.evidence.reuse(decree.id, for: ["1.1"], by: other) }
        #expect(otherError?.kind == .notFound)
        // A survey criterion takes no evidence; nothing is attached anywhere when one target is refused.
        await #expect(throws: DomainError.self) { try await t.services.evidence.reuse(decree.id, for: ["1.1", "2.2"], by: unit) }
        #expect(try await listed(t, "1.1").isEmpty)
        // After the deadline the assessment takes no more evidence.
        t.clock.advance(by: days(11))
        let late = await #expect(throws: DomainError.self) { try await t.services.evidence.reuse(decree.id, for: ["1.2"], by: unit) }
        #expect(late?.kind == .conflict)
    }
}
