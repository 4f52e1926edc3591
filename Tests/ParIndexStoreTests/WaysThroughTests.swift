import Foundation
import ParIndexCore
import ParIndexStore
import Testing

/// The ways through a cycle (DESIGN.md, "Ways through"): submitting on a unit's behalf, reopening,
/// withdrawing, extensions in any phase, and what each phase move leaves behind.
@Suite struct WaysThroughTests {
    /// Every self-scored leaf of the small framework, with an entry a unit or a reviewer can make.
    static let entries: [(String, Entry)] = [
        ("1.1", .points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
        ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
    ]

    /// Fills in every leaf of `unit` (with the required evidence for 1.3), ready to submit.
    static func fillIn(_ t: TestDatabase, _ unit: String, by caller: Caller) async throws {
        for (code, entry) in entries {
            _ = try await t.services.assessments.setSelfEntry(cycle: "2026", unit: unit, criterion: code, .init(entry: entry), by: caller)
        }
        _ = try await t.services.evidence.addReference(cycle: "2026", unit: unit, criterion: "1.3", .init(title: "Báo cáo năm"), by: caller)
    }

    static func ledgerActions(_ t: TestDatabase) async throws -> [String] {
        try await t.database.read { db in try db.ledgerEvents(after: 0, limit: 10_000).map(\.action) }
    }

    @Test("an admin submits for a unit before its deadline with a reason; the receipt says so, and not late")
    func submitOnBehalfEarly() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        do {
            _ = try await s.assessments.submit(cycle: "2026", unit: "A2", by: admin)
            Issue.record("an admin submitted without a reason")
        } catch let error as DomainError {
            #expect(error.code == "reason_required")
            #expect(error.message == "Cần nêu lý do nộp thay đơn vị.")
        }
        let submitted = try await s.assessments.submit(cycle: "2026", unit: "A2", reason: "Đơn vị đề nghị bằng văn bản", by: admin)
        #expect(submitted.status == .submitted && !submitted.late)
        #expect(submitted.onBehalfReason == "Đơn vị đề nghị bằng văn bản")
        let receipt = try await s.assessments.receipt(cycle: "2026", unit: "A2", by: admin)
        #expect(receipt.manifest["onBehalf"] == .bool(true))
        #expect(receipt.manifest["reason"]?.stringValue == "Đơn vị đề nghị bằng văn bản")
        #expect(receipt.manifest.canonicalSHA256 == receipt.sha256)
        // a unit's own receipt carries no such mark
        let a1 = try await t.caller("u.a1")
        try await Self.fillIn(t, "A1", by: a1)
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        let own = try await s.assessments.receipt(cycle: "2026", unit: "A1", by: a1)
        #expect(own.manifest["onBehalf"] == nil && own.manifest["reason"] == nil)
        // after the unit's deadline the same is marked late too
        t.clock.advance(by: days(11))
        let late = try await s.assessments.submit(cycle: "2026", unit: "B1", reason: "Quá hạn", by: admin)
        #expect(late.late && late.onBehalfReason == "Quá hạn")
        #expect(try await Self.ledgerActions(t).filter { $0 == "assessment.submit" }.count == 3)
    }

    @Test("an admin reopens a submission with a reason: the old receipt stays, the next one supersedes it")
    func reopen() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        try await Self.fillIn(t, "A1", by: a1)
        let first = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        await #expect(throws: DomainError.self) { try await s.assessments.reopen(cycle: "2026", unit: "A1", reason: "x", by: a1) }
        await #expect(throws: DomainError.self) { try await s.assessments.reopen(cycle: "2026", unit: "A1", reason: " ", by: admin) }
        t.clock.advance(by: days(11))
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        let reopened = try await s.assessments.reopen(cycle: "2026", unit: "A1", reason: "Sai số liệu tiêu chí 2.1", by: admin)
        #expect(reopened.status == .draft && reopened.receiptSHA256 == nil)
        // the old receipt stays readable, marked as reopened
        let kept = try await s.assessments.receipt(cycle: "2026", unit: "A1", by: a1)
        #expect(kept.sha256 == first.receiptSHA256)
        let history = try await s.assessments.receipts(cycle: "2026", unit: "A1", by: admin)
        #expect(history.count == 1 && history[0].ending == .reopened && history[0].endReason == "Sai số liệu tiêu chí 2.1")
        // reopening twice is refused: nothing is submitted
        await #expect(throws: DomainError.self) { try await s.assessments.reopen(cycle: "2026", unit: "A1", reason: "x", by: admin) }
        // past the deadline the unit writes again only with an extension, in this later phase
        await #expect(throws: DomainError.self) {
            try await s.assessments.setSelfEntry(
                cycle: "2026",
                unit: "A1",
                criterion: "2.1",
                .init(entry: .ratio(numerator: 2, denominator: 3)),
                by: a1
            )
        }
        _ = try await s.admin.grantExtension(cycle: "2026", unit: "A1", until: t.clock.now() + days(2), reason: "Sửa số liệu", by: admin)
        _ = try await s.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "2.1",
            .init(entry: .ratio(numerator: 2, denominator: 3)),
            by: a1
        )
        let again = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        #expect(again.status == .submitted && again.receiptSHA256 != first.receiptSHA256 && !again.late)
        let current = try await s.assessments.receipt(cycle: "2026", unit: "A1", by: a1)
        #expect(current.manifest["supersedes"]?.stringValue == first.receiptSHA256)
        let all = try await s.assessments.receipts(cycle: "2026", unit: "A1", by: admin)
        #expect(all.map(\.sha256) == [first.receiptSHA256!, again.receiptSHA256!])
        #expect(all[1].ended == nil)
        let actions = try await Self.ledgerActions(t)
        #expect(actions.contains("assessment.reopen"))
    }

    @Test("a unit withdraws its own submission before its deadline, recorded; not after")
    func withdraw() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        let a2 = try await t.caller("u.a2")
        try await Self.fillIn(t, "A1", by: a1)
        let first = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        // only the unit itself: another unit does not see it, an admin reopens instead
        await #expect(throws: DomainError.self) { try await s.assessments.withdraw(cycle: "2026", unit: "A1", by: a2) }
        await #expect(throws: DomainError.self) { try await s.assessments.withdraw(cycle: "2026", unit: "A1", by: admin) }
        let withdrawn = try await s.assessments.withdraw(cycle: "2026", unit: "A1", reason: "Bổ sung tài liệu", by: a1)
        #expect(withdrawn.status == .draft)
        let history = try await s.assessments.receipts(cycle: "2026", unit: "A1", by: a1)
        #expect(history.map(\.ending) == [.withdrawn] && history[0].sha256 == first.receiptSHA256)
        #expect(try await Self.ledgerActions(t).contains("assessment.withdraw"))
        // it writes again, then submits again; after the deadline it cannot withdraw
        _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(1))), by: a1)
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        t.clock.advance(by: days(11))
        do {
            _ = try await s.assessments.withdraw(cycle: "2026", unit: "A1", by: a1)
            Issue.record("withdrawn after the deadline")
        } catch let error as DomainError {
            #expect(error.code == "deadline_passed")
        }
    }

    @Test("an extension given in a later phase lets that unit alone write, attach evidence and submit")
    func extensionInLaterPhase() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        let a2 = try await t.caller("u.a2")
        // moved to appraisal before the deadline with A1 and A2 not submitted (the stuck cycle)
        t.clock.advance(by: days(2))
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        await #expect(throws: DomainError.self) {
            try await s.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(1))), by: a1)
        }
        _ = try await s.admin.grantExtension(cycle: "2026", unit: "A1", until: t.clock.now() + days(3), reason: "Chuyển giai đoạn sớm", by: admin)
        try await Self.fillIn(t, "A1", by: a1)
        let submitted = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        #expect(submitted.status == .submitted && !submitted.late)
        // A2 has no extension
        await #expect(throws: DomainError.self) {
            try await s.assessments.setSelfEntry(cycle: "2026", unit: "A2", criterion: "1.1", .init(entry: .points(Points(1))), by: a2)
        }
        // when the extension ends, writing ends
        t.clock.advance(by: days(4))
        await #expect(throws: DomainError.self) { try await s.assessments.withdraw(cycle: "2026", unit: "A1", by: a1) }
    }

    @Test("the confirmation lists what a move leaves behind: units not submitted, items unappraised, questions, deadlines ahead")
    func leftBehindReport() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        let r1 = try await t.caller("r1")
        try await Self.fillIn(t, "A1", by: a1)
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        t.clock.advance(by: days(2))
        var report = try await s.admin.leftBehind(cycle: "2026", target: .appraisal, by: admin)
        #expect(report.unitsNotSubmitted.map(\.unit.code).sorted() == ["A2", "B1"])
        #expect(report.unitsNotSubmitted.allSatisfy { $0.ways == [.submitOnBehalf, .extend] })
        #expect(report.deadlinesAhead.map(\.phase) == [.selfAssessment])
        #expect(report.unappraised == 0)
        await #expect(throws: DomainError.self) { try await s.admin.leftBehind(cycle: "2026", target: .appraisal, by: a1) }

        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.1", message: "Đề nghị giải thích", by: r1)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: admin)
        report = try await s.admin.leftBehind(cycle: "2026", target: .finalReview, by: admin)
        let a1Entry = try #require(report.units.first { $0.unit.code == "A1" })
        #expect(a1Entry.unappraised == 5 && a1Entry.questionsOpen == 1)
        #expect(a1Entry.ways == [.review])
        #expect(report.questionsOpen == 1)
        #expect(report.units.allSatisfy { !$0.ways.isEmpty })

        // a disabled reviewer does not count: the unit needs another one
        try await t.database.write { db in
            var reviewer = try #require(try db.user("r1"))
            reviewer.disabled = true
            try db.save(reviewer)
        }
        report = try await s.admin.leftBehind(cycle: "2026", target: .finalReview, by: admin)
        let orphaned = try #require(report.units.first { $0.unit.code == "A1" })
        #expect(orphaned.reviewers.isEmpty && orphaned.ways == [.assignReviewer, .review])
    }

    // MARK: - The phase walk

    /// How a unit stands when it is left behind.
    enum UnitState: String, CaseIterable, Sendable {
        case notSubmitted, submitted, submittedOnBehalf, reopened, withdrawn, extended
    }

    struct Walk: Sendable, CustomTestStringConvertible {
        var state: UnitState
        /// The phase in which the admin's step happens (the unit's own steps happen in self-assessment).
        var at: Phase
        /// Whether every phase move waits for its deadline, or comes early (as in the stuck cycle).
        var early: Bool
        var testDescription: String { "\(state) in \(at), \(early ? "early" : "late") moves" }
    }

    static let walks: [Walk] = UnitState.allCases.flatMap { state in
        [Phase.selfAssessment, .appraisal, .explanation, .finalReview].flatMap { at in [true, false].map { Walk(state: state, at: at, early: $0) } }
    }

    /// A1 is put in each state at each phase, B1 never writes anything, A2 is an ordinary unit
    /// with a question. The phases move on (early or after each deadline), and then only the ways
    /// the final confirmation offers are followed, round after round, until publication.
    @Test("whatever the admin did, publication stays reachable through the offered ways", arguments: walks)
    func phaseWalk(walk: Walk) async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        try await t.seedCycle()
        let s = t.services
        let a1 = try await t.caller("u.a1")
        let a2 = try await t.caller("u.a2")
        let r1 = try await t.caller("r1")
        let r2 = try await t.caller("r2")
        let reviewers = ["r1": r1, "r2": r2]
        let deadlines = try await s.cycles.detail("2026", by: admin).cycle.deadlines

        try await Self.fillIn(t, "A1", by: a1)
        try await Self.fillIn(t, "A2", by: a2)
        _ = try await s.assessments.submit(cycle: "2026", unit: "A2", by: a2)
        // the unit's own steps, in self-assessment before its deadline
        switch walk.state {
        case .submitted, .reopened: _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        case .withdrawn:
            _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
            _ = try await s.assessments.withdraw(cycle: "2026", unit: "A1", reason: "Sửa lại", by: a1)
        case .notSubmitted, .submittedOnBehalf, .extended: break
        }

        var phase = Phase.selfAssessment
        while true {
            if phase == walk.at {
                switch walk.state {
                case .submittedOnBehalf: _ = try await s.assessments.submit(cycle: "2026", unit: "A1", reason: "Nộp thay", by: admin)
                case .reopened: _ = try await s.assessments.reopen(cycle: "2026", unit: "A1", reason: "Mở lại", by: admin)
                case .extended:
                    _ = try await s.admin.grantExtension(cycle: "2026", unit: "A1", until: t.clock.now() + days(1), reason: "Gia hạn", by: admin)
                    // the unit finishes itself during its extension, whatever the phase
                    _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
                case .notSubmitted, .submitted, .withdrawn: break
                }
            }
            // the council's ordinary work, while its phase is open
            if phase == .appraisal {
                _ = try? await s.review.ask(cycle: "2026", unit: "A2", criterion: "1.2", message: "Đề nghị giải thích", by: r1)
                for unit in ["A1", "A2"] {
                    for (code, entry) in Self.entries {
                        _ = try? await s.review.appraise(cycle: "2026", unit: unit, criterion: code, .init(entry: entry, note: nil), by: r1)
                    }
                }
            }
            if phase == .explanation {
                _ = try? await s.review.answer(cycle: "2026", unit: "A2", criterion: "1.2", message: "Đã ban hành đúng hạn", by: a2)
            }
            guard let next = phase.next, next != .published else { break }
            // every move's confirmation names a way for everything it lists
            let report = try await s.admin.leftBehind(cycle: "2026", target: next, by: admin)
            #expect(report.units.allSatisfy { !$0.ways.isEmpty }, "\(walk.testDescription): \(phase) → \(next)")
            #expect(report.unitsNotSubmitted.contains { $0.unit.code == "B1" }, "\(walk.testDescription): \(phase)")
            let deadline = deadlines.deadline(for: phase)!
            t.clock.set(walk.early ? max(t.clock.now(), deadline - days(5)) : deadline + 3600)
            _ = try await s.admin.movePhase(cycle: "2026", to: next, by: admin)
            phase = next
        }
        // late moves leave the council past its own last deadline, too
        if !walk.early { t.clock.set(deadlines.finalReview + 3600) }

        var rounds = 0
        var followed: Set<LeftBehind.Way> = []
        while true {
            let report = try await s.admin.leftBehind(cycle: "2026", target: .published, by: admin)
            let blocking = report.units.filter { $0.notSubmitted || $0.unappraised + $0.questionsOpen + $0.answersUnsettled > 0 }
            if blocking.isEmpty && report.surveyMissing == 0 { break }
            rounds += 1
            try #require(rounds <= 4, "\(walk.testDescription): still stuck: \(blocking.map(\.unit.code)), survey \(report.surveyMissing)")
            if report.surveyMissing > 0 {
                _ = try await s.results.importSurvey(
                    cycle: "2026",
                    rows: ["A1", "A2", "B1"].enumerated().map { .init(row: $0.offset + 2, unit: $0.element, criterion: "2.2", points: "1.5") },
                    by: admin
                )
            }
            for entry in blocking {
                #expect(!entry.ways.isEmpty, "\(walk.testDescription): \(entry.unit.code) has no way through")
                try await follow(entry, t: t, reviewers: reviewers)
                followed.formUnion(entry.ways)
            }
        }
        // B1, which never wrote a thing, went through on its behalf and was appraised; a council
        // past its last deadline needed the units' extensions
        #expect(followed.isSuperset(of: [.submitOnBehalf, .review]))
        let b1 = try await s.assessments.receipt(cycle: "2026", unit: "B1", by: admin)
        #expect(b1.manifest["onBehalf"] == .bool(true))
        if !walk.early { #expect(followed.contains(.extend)) }
        let publication = try await s.results.publish(cycle: "2026", by: admin)
        #expect(!publication.snapshotSHA256.isEmpty)
        #expect(try await s.audit.verify().ok)
    }

    /// Does what each offered way says, as an admin (and the unit's reviewer) would.
    func follow(_ entry: LeftBehind.UnitEntry, t: TestDatabase, reviewers: [String: Caller]) async throws {
        let s = t.services
        let unit = entry.unit.code
        for way in entry.ways {
            switch way {
            case .submitOnBehalf:
                _ = try await s.assessments.submit(cycle: "2026", unit: unit, reason: "Đơn vị bị bỏ lại", by: admin)
            case .extend:
                _ = try await s.admin.grantExtension(
                    cycle: "2026",
                    unit: unit,
                    until: t.clock.now() + days(2),
                    reason: "Hoàn tất thẩm định",
                    by: admin
                )
            case .assignReviewer:
                _ = try await s.admin.assignReviewer(cycle: "2026", username: "r1", units: ["A1", "A2", unit], by: admin)
            case .review:
                let reviewer = try #require(reviewers[entry.reviewers.first ?? ""])
                let view = try await s.assessments.view(cycle: "2026", unit: unit, by: reviewer)
                for row in view.rows where row.leaf.spec.source == .selfAssessed && row.item.applicable {
                    let entryForLeaf = Self.entries.first { $0.0 == row.leaf.code }!.1
                    switch row.item.state {
                    case .unreviewed:
                        _ = try await s.review.appraise(
                            cycle: "2026",
                            unit: unit,
                            criterion: row.leaf.code,
                            .init(entry: entryForLeaf, note: "Thẩm định theo hồ sơ"),
                            by: reviewer
                        )
                    case .questionOpen, .answered:
                        _ = try await s.review.settle(
                            cycle: "2026",
                            unit: unit,
                            criterion: row.leaf.code,
                            .init(points: nil, note: "Chấp nhận giải trình", disposition: .accepted),
                            by: reviewer
                        )
                    case .agreed, .adjusted, .settled: break
                    }
                }
            case .importSurvey: break
            }
        }
    }
}
