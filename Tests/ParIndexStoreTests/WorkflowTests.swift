import Foundation
import ParIndexCore
import ParIndexStore
import Testing

/// A whole cycle through the services against real SQLite, checked against figures computed by hand.
@Suite struct WorkflowTests {
    @Test("a full cycle publishes exactly the hand-computed indices, sub-indices and ranks")
    func fullCycle() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        let a2 = try await t.caller("u.a2")
        let b1 = try await t.caller("u.b1")
        let r1 = try await t.caller("r1")
        let r2 = try await t.caller("r2")

        // given: self entries
        func put(_ c: Caller, _ unit: String, _ code: String, _ entry: Entry) async throws {
            _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: unit, criterion: code, .init(entry: entry), by: c)
        }
        try await put(a1, "A1", "1.1", .points(Points(2)))
        try await put(a1, "A1", "1.2", .choice(0))
        try await put(a1, "A1", "1.3", .ratio(numerator: 95, denominator: 100))
        try await put(a1, "A1", "2.1", .ratio(numerator: 90, denominator: 100))
        try await put(a1, "A1", "9.1", .points(Points(hundredths: 50)))
        try await put(a1, "A1", "9.2", .points(.zero))
        _ = try await s.evidence.addReference(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(title: "Báo cáo kết quả", documentNumber: "12/BC-STC"),
            by: a1
        )

        try await put(a2, "A2", "1.1", .points(Points(hundredths: 150)))
        try await put(a2, "A2", "1.2", .choice(1))
        _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A2", criterion: "1.3", .init(notApplicableReason: "Không phát sinh"), by: a2)
        try await put(a2, "A2", "2.1", .ratio(numerator: 45, denominator: 60))
        try await put(a2, "A2", "9.1", .points(.zero))
        try await put(a2, "A2", "9.2", .points(Points(hundredths: 50)))

        try await put(b1, "B1", "1.1", .points(Points(2)))
        try await put(b1, "B1", "1.2", .choice(0))
        try await put(b1, "B1", "1.3", .ratio(numerator: 100, denominator: 100))
        try await put(b1, "B1", "2.1", .ratio(numerator: 1, denominator: 3))
        try await put(b1, "B1", "9.1", .points(Points(1)))
        try await put(b1, "B1", "9.2", .points(.zero))

        // when: A2's submit is refused until… it has everything; B1 lacks required evidence for 1.3
        await #expect(throws: DomainError.self) { try await s.assessments.submit(cycle: "2026", unit: "B1", by: b1) }
        _ = try await s.evidence.addReference(
            cycle: "2026",
            unit: "B1",
            criterion: "1.3",
            .init(title: "Báo cáo năm", issuedOn: "2026-12-01"),
            by: b1
        )
        for (c, u) in [(a1, "A1"), (a2, "A2"), (b1, "B1")] {
            let submitted = try await s.assessments.submit(cycle: "2026", unit: u, by: c)
            #expect(submitted.status == .submitted)
            // the receipt's hash is the SHA-256 of its manifest's canonical JSON
            let receipt = try await s.assessments.receipt(cycle: "2026", unit: u, by: c)
            #expect(receipt.manifest.canonicalSHA256 == receipt.sha256)
        }
        // no more self edits after submission
        await #expect(throws: DomainError.self) { try await put(a1, "A1", "1.1", .points(Points(1))) }

        t.clock.advance(by: days(11))
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)

        func appraise(_ c: Caller, _ unit: String, _ code: String, _ entry: Entry, _ note: String? = nil) async throws {
            _ = try await s.review.appraise(cycle: "2026", unit: unit, criterion: code, .init(entry: entry, note: note), by: c)
        }
        // a different value needs a note
        await #expect(throws: DomainError.self) { try await appraise(r1, "A1", "1.1", .points(Points(hundredths: 150))) }
        try await appraise(r1, "A1", "1.1", .points(Points(hundredths: 150)), "Kế hoạch thiếu nội dung số hoá")
        try await appraise(r1, "A1", "1.2", .choice(0))
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đề nghị bổ sung báo cáo quý IV", by: r1)
        try await appraise(r1, "A1", "2.1", .ratio(numerator: 90, denominator: 100))
        try await appraise(r1, "A1", "9.1", .points(Points(hundredths: 50)))
        try await appraise(r1, "A1", "9.2", .points(.zero))
        try await appraise(r1, "A2", "1.1", .points(Points(hundredths: 150)))
        try await appraise(r1, "A2", "1.2", .choice(1))
        try await appraise(r1, "A2", "2.1", .ratio(numerator: 45, denominator: 60))
        try await appraise(r1, "A2", "9.1", .points(.zero))
        try await appraise(r1, "A2", "9.2", .points(Points(hundredths: 50)))
        // r2 belongs to A1: cannot even see it, though assigned B1
        await #expect(throws: DomainError.self) { try await appraise(r2, "A1", "1.1", .points(Points(2))) }
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 100, denominator: 100)),
            ("2.1", .ratio(numerator: 1, denominator: 3)), ("9.1", .points(Points(1))), ("9.2", .points(.zero)),
        ] {
            try await appraise(r2, "B1", code, entry)
        }

        t.clock.advance(by: days(10))
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: admin)
        _ = try await s.review.answer(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đã bổ sung báo cáo quý IV", by: a1)
        let extra = try await s.evidence.addReference(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(title: "Báo cáo quý IV", documentNumber: "45/BC-STC"),
            by: a1
        )
        #expect(extra.supplementary)

        t.clock.advance(by: days(10))
        _ = try await s.admin.movePhase(cycle: "2026", to: .finalReview, by: admin)
        _ = try await s.results.importSurvey(
            cycle: "2026",
            rows: [
                .init(row: 2, unit: "A1", criterion: "2.2", points: "1.8"), .init(row: 3, unit: "A2", criterion: "2.2", points: "1,5"),
                .init(row: 4, unit: "B1", criterion: "2.2", points: "2"),
            ],
            by: admin
        )
        // publishing while A1's 1.3 is still answered is refused, listing it
        do {
            _ = try await s.results.publish(cycle: "2026", by: admin)
            Issue.record("publish should be refused")
        } catch let error as DomainError {
            #expect(error.code == "unsettled")
            #expect(error.details["items"]?.canonicalJSON.contains("\"criterion\":\"1.3\"") == true)
        }
        let settled = try await s.review.settle(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(points: nil, note: "Chấp nhận giải trình", disposition: .accepted),
            by: r1
        )
        #expect(settled.final?.points == Points(1))
        #expect(settled.state == .settled)

        let headBefore = try await t.database.read { db in try db.ledgerHead()!.hash }
        let publication = try await s.results.publish(cycle: "2026", by: admin)
        #expect(publication.auditHead == headBefore)

        // then: the published figures, computed by hand in WorkflowTests' comments
        // A1: 1.5 + 1 + 1 (settled: self accepted) + 2.7 + 1.8 + 0.5 bonus − 0 = 8.5 of 10 → 85.00
        // A2: 1.5 + 0.5 + (1.3 N/A: max 8) + 2.25 + 1.5 + 0 − 0.5 = 5.25 of 8 → 65.625 → 65.63
        // B1: 2 + 1 + 2 + 1 (1/3 of 3) + 2 + 1 bonus = 9 of 10 → 90.00
        let (snapshot, stored) = try await s.results.results(cycle: "2026")
        #expect(snapshot.canonicalSHA256 == stored.snapshotSHA256)
        let blocks = snapshot["blocks"]!.arrayValue!
        #expect(blocks.map { $0["block"]!.stringValue! } == ["DEPT", "DISTRICT"])
        let dept = blocks[0]["ranking"]!.arrayValue!
        #expect(dept.map { $0["unit"]!.stringValue! } == ["A1", "A2"])
        #expect(dept.map { $0["rank"]!.scalarText! } == ["1", "2"])
        #expect(dept.map { $0["index"]!.scalarText! } == ["85", "65.63"])
        #expect(dept.map { $0["points"]!.scalarText! } == ["8.5", "5.25"])
        #expect(dept.map { $0["max"]!.scalarText! } == ["10", "8"])
        #expect(dept.map { $0["band"]!.stringValue! } == ["Tốt", "Khá"])
        // field sub-indices: A1 field 1 = 3.5/5 = 70, field 2 = 4.5/5 = 90, field 9 none; A2 field 1 = 2/3 = 66.67
        let a1Fields = dept[0]["fields"]!.arrayValue!
        #expect(a1Fields.map { $0["index"]!.scalarText ?? "null" } == ["70", "90", "null"])
        #expect(a1Fields[2]["points"]!.scalarText == "0.5")
        #expect(dept[1]["fields"]!.arrayValue![0]["index"]!.scalarText == "66.67")
        let district = blocks[1]["ranking"]!.arrayValue!
        #expect(district[0]["index"]!.scalarText == "90")
        #expect(district[0]["fields"]!.arrayValue!.map { $0["index"]!.scalarText ?? "null" } == ["100", "60", "null"])

        // the scores results read by column position are exactly those of the whole items
        let (scores, whole) = try await t.database.read { db in
            let scores = try db.itemScores(cycle: "2026").map { "\($0.unitCode) \($0.score)" }.sorted()
            let whole = try db.assessments(cycle: "2026").flatMap { a in
                try db.items(assessment: a.id!).map { "\(a.unitCode) \(ItemScore($0))" }
            }.sorted()
            return (scores, whole)
        }
        #expect(scores.count > 20 && scores == whole)

        // publishing twice is refused; nothing writes after publication
        await #expect(throws: DomainError.self) { try await s.results.publish(cycle: "2026", by: admin) }
        await #expect(throws: DomainError.self) { try await appraise(r1, "A2", "1.1", .points(Points(2)), "x") }
        let verification = try await s.audit.verify()
        #expect(verification.ok)
        #expect(verification.events > 40)
    }

    @Test("a stale version is refused with 409, and the deadline closes writing unless extended")
    func versionsAndDeadlines() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        let a2 = try await t.caller("u.a2")
        let first = try await s.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(entry: .points(Points(1)), expectedVersion: 0),
            by: a1
        )
        #expect(first.item.version == 1)
        do {
            _ = try await s.assessments.setSelfEntry(
                cycle: "2026",
                unit: "A1",
                criterion: "1.1",
                .init(entry: .points(Points(2)), expectedVersion: 0),
                by: a1
            )
            Issue.record("stale version accepted")
        } catch let error as DomainError {
            #expect(error.kind == .conflict && error.code == "stale_version")
        }
        // another unit's assessment is not found, not forbidden
        do {
            _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(1))), by: a2)
            Issue.record("other unit wrote")
        } catch let error as DomainError {
            #expect(error.kind == .notFound)
        }
        t.clock.advance(by: days(10) + 1)
        do {
            _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(2))), by: a1)
            Issue.record("write after deadline accepted")
        } catch let error as DomainError {
            #expect(error.code == "deadline_passed")
        }
        _ = try await s.admin.grantExtension(cycle: "2026", unit: "A1", until: TestDatabase.t0 + days(12), reason: "Sự cố mất điện", by: admin)
        let late = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(2))), by: a1)
        #expect(late.item.selfValue?.points == Points(2))
        // the extension is for A1 only
        await #expect(throws: DomainError.self) {
            try await s.assessments.setSelfEntry(cycle: "2026", unit: "A2", criterion: "1.1", .init(entry: .points(Points(2))), by: a2)
        }
    }

    @Test("a reviewer who belongs to a unit can never be assigned to it")
    func conflictOfInterest() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let before = try await t.database.read { db in try db.ledgerHead()!.sequence }
        do {
            _ = try await t.services.admin.assignReviewer(cycle: "2026", username: "r2", units: ["A1", "B1"], by: admin)
            Issue.record("conflicted assignment accepted")
        } catch let error as DomainError {
            #expect(error.code == "conflict_of_interest")
        }
        let (after, assigned) = try await t.database.read { db in
            (try db.ledgerHead()!.sequence, try db.assignments(cycle: "2026").filter { $0.username == "r2" }.map(\.unitCode))
        }
        #expect(after == before)
        #expect(assigned == ["B1"])
    }

    @Test("survey import is all or nothing and lists the bad rows")
    func surveyAllOrNothing() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        do {
            _ = try await t.services.results.importSurvey(
                cycle: "2026",
                rows: [
                    .init(row: 2, unit: "A1", criterion: "2.2", points: "1.5"), .init(row: 3, unit: "ZZ", criterion: "2.2", points: "1"),
                    .init(row: 4, unit: "A2", criterion: "1.1", points: "1"), .init(row: 5, unit: "B1", criterion: "2.2", points: "2.5"),
                ],
                by: admin
            )
            Issue.record("bad survey accepted")
        } catch let error as DomainError {
            #expect(error.code == "invalid_rows")
            let rows = error.details["rows"]!.arrayValue!.map { $0["row"]!.scalarText! }
            #expect(rows == ["3", "4", "5"])
        }
        let finals = try await t.database.read { db in try db.itemScores(cycle: "2026").filter { $0.score.finalPoints != nil }.count }
        #expect(finals == 0)
    }
}
