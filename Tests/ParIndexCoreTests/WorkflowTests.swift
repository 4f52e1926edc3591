import Foundation
import Testing

@testable import ParIndexCore

private let day: TimeInterval = 86_400
private let start = Timestamp.parse("2026-01-01T00:00:00Z")!

private func cycle(_ phase: Phase) -> Cycle {
    Cycle(
        code: "2026",
        name: "Kỳ 2026",
        year: 2026,
        frameworkCode: "par-test",
        frameworkVersion: "2026",
        frameworkSHA256: String(repeating: "a", count: 64),
        phase: phase,
        deadlines: Deadlines(
            selfAssessment: start + 10 * day,
            appraisal: start + 20 * day,
            explanation: start + 30 * day,
            finalReview: start + 40 * day
        ),
        createdAt: start
    )
}

@Suite("Phases")
struct PhaseTests {
    @Test("Each phase may move only to the next one")
    func onlyNext() {
        let order: [Phase] = [.setup, .selfAssessment, .appraisal, .explanation, .finalReview, .published]
        #expect(Phase.allCases == order)
        for (i, from) in order.enumerated() {
            for (j, to) in order.enumerated() {
                #expect(from.canMove(to: to) == (j == i + 1), "\(from) → \(to)")
            }
        }
    }

    @Test("Nothing follows published")
    func publishedIsLast() {
        #expect(Phase.published.next == nil)
        #expect(Phase.allCases.allSatisfy { !Phase.published.canMove(to: $0) })
        #expect(Phase.setup.next == .selfAssessment)
    }

    @Test("Phases are ordered as in the workflow")
    func ordering() {
        #expect(Phase.setup < .selfAssessment)
        #expect(Phase.finalReview < .published)
        #expect(!(Phase.appraisal < .appraisal))
        #expect(Phase(rawValue: "final_review") == .finalReview)
    }

    @Test("Deadlines belong to the writing phases only and must follow their order")
    func deadlines() {
        let d = cycle(.setup).deadlines
        #expect(d.deadline(for: .setup) == nil)
        #expect(d.deadline(for: .published) == nil)
        #expect(d.deadline(for: .explanation) == start + 30 * day)
        #expect(d.isOrdered)
        var swapped = d
        swapped.appraisal = d.explanation
        #expect(!swapped.isOrdered)
    }
}

@Suite("Writing window")
struct WritingWindowTests {
    @Test("A write in another phase is refused with wrong_phase (conflict)")
    func wrongPhase() {
        let error = #expect(throws: DomainError.self) {
            try WritingWindow.check(cycle(.appraisal), phases: [.selfAssessment], now: start)
        }
        #expect(error?.code == "wrong_phase")
        #expect(error?.kind == .conflict)
        #expect(error?.details["phase"] == .string("appraisal"))
    }

    @Test("Published cycles refuse every write phase")
    func published() {
        let error = #expect(throws: DomainError.self) {
            try WritingWindow.check(cycle(.published), phases: [.appraisal, .finalReview], now: start)
        }
        #expect(error?.code == "wrong_phase")
    }

    @Test("A write up to and at the deadline goes through")
    func beforeDeadline() throws {
        try WritingWindow.check(cycle(.selfAssessment), phases: [.selfAssessment], now: start + day)
        try WritingWindow.check(cycle(.selfAssessment), phases: [.selfAssessment], now: start + 10 * day)
    }

    @Test("A write after the deadline is refused with deadline_passed (conflict)")
    func afterDeadline() {
        let error = #expect(throws: DomainError.self) {
            try WritingWindow.check(cycle(.selfAssessment), phases: [.selfAssessment], now: start + 10 * day + 0.001)
        }
        #expect(error?.code == "deadline_passed")
        #expect(error?.kind == .conflict)
        #expect(error?.details["deadline"] == .string("2026-01-11T00:00:00.000Z"))
        // 2026-01-11 00:00 UTC is 07:00 in Vietnam
        #expect(error?.message.contains("11/01/2026 07:00") == true)
    }

    @Test("An extension lets a late write through until it ends")
    func extensionAllows() throws {
        let extended = start + 15 * day
        try WritingWindow.check(cycle(.selfAssessment), phases: [.selfAssessment], now: start + 12 * day, extensionUntil: extended)
        let error = #expect(throws: DomainError.self) {
            try WritingWindow.check(
                cycle(.selfAssessment),
                phases: [.selfAssessment],
                now: start + 16 * day,
                extensionUntil: extended
            )
        }
        #expect(error?.code == "deadline_passed")
        #expect(error?.details["extensionUntil"] == .string("2026-01-16T00:00:00.000Z"))
    }

    @Test("An extension does not open a wrong phase")
    func extensionWrongPhase() {
        let error = #expect(throws: DomainError.self) {
            try WritingWindow.check(cycle(.appraisal), phases: [.selfAssessment], now: start, extensionUntil: start + 100 * day)
        }
        #expect(error?.code == "wrong_phase")
    }

    @Test("The setup phase has no deadline")
    func setupNoDeadline() throws {
        try WritingWindow.check(cycle(.setup), phases: [.setup], now: start + 1_000 * day)
    }
}

@Suite("Item states")
struct ItemStateTests {
    @Test("Unreviewed, question_open and answered block publication; the others do not")
    func unsettled() {
        let blocking = Set(ItemState.allCases.filter(\.isUnsettled))
        #expect(blocking == [.unreviewed, .questionOpen, .answered])
        #expect(!ItemState.agreed.isUnsettled)
        #expect(!ItemState.adjusted.isUnsettled)
        #expect(!ItemState.settled.isUnsettled)
        #expect(ItemState.questionOpen.rawValue == "question_open")
    }
}

@Suite("Access policy")
struct AccessPolicyTests {
    let admin = Caller(username: "admin", role: .admin, unitCode: nil)
    let observer = Caller(username: "thanhtra", role: .observer, unitCode: nil)
    let unitA = Caller(username: "u.a", role: .unit, unitCode: "A")
    let unitB = Caller(username: "u.b", role: .unit, unitCode: "B")
    let reviewer = Caller(username: "r1", role: .reviewer, unitCode: nil)
    /// A reviewer who works in unit A.
    let reviewerFromA = Caller(username: "r2", role: .reviewer, unitCode: "A")

    @Test("Admin and observer see every unit but neither self-assesses nor appraises")
    func adminObserver() {
        for caller in [admin, observer] {
            #expect(AccessPolicy.canSee(unit: "A", by: caller, assignedUnits: []))
            #expect(!AccessPolicy.canSelfAssess(unit: "A", by: caller))
            #expect(!AccessPolicy.canAppraise(unit: "A", by: caller, assignedUnits: ["A"]))
        }
        #expect(AccessPolicy.canAdminister(admin))
        #expect(!AccessPolicy.canAdminister(observer))
    }

    @Test("A unit sees and self-assesses only itself")
    func unit() {
        #expect(AccessPolicy.canSee(unit: "A", by: unitA, assignedUnits: []))
        #expect(AccessPolicy.canSelfAssess(unit: "A", by: unitA))
        #expect(!AccessPolicy.canAppraise(unit: "A", by: unitA, assignedUnits: ["A"]))
        // another unit
        #expect(!AccessPolicy.canSee(unit: "A", by: unitB, assignedUnits: ["A"]))
        #expect(!AccessPolicy.canSelfAssess(unit: "A", by: unitB))
        #expect(!AccessPolicy.canAdminister(unitA))
        // a unit account without a unit
        let orphan = Caller(username: "u.x", role: .unit, unitCode: nil)
        #expect(!AccessPolicy.canSee(unit: "A", by: orphan, assignedUnits: []))
        #expect(!AccessPolicy.canSelfAssess(unit: "A", by: orphan))
    }

    @Test("An assigned reviewer sees and appraises; an unassigned one does neither")
    func reviewers() {
        #expect(AccessPolicy.canSee(unit: "A", by: reviewer, assignedUnits: ["A", "C"]))
        #expect(AccessPolicy.canAppraise(unit: "A", by: reviewer, assignedUnits: ["A", "C"]))
        #expect(!AccessPolicy.canSelfAssess(unit: "A", by: reviewer))
        #expect(!AccessPolicy.canSee(unit: "B", by: reviewer, assignedUnits: ["A", "C"]))
        #expect(!AccessPolicy.canAppraise(unit: "B", by: reviewer, assignedUnits: ["A", "C"]))
    }

    @Test("A reviewer who belongs to the unit is never allowed, even if assigned")
    func reviewerOfOwnUnit() {
        #expect(!AccessPolicy.canSee(unit: "A", by: reviewerFromA, assignedUnits: ["A"]))
        #expect(!AccessPolicy.canAppraise(unit: "A", by: reviewerFromA, assignedUnits: ["A"]))
        #expect(!AccessPolicy.canSelfAssess(unit: "A", by: reviewerFromA))
        // but may appraise another unit they are assigned to
        #expect(AccessPolicy.canAppraise(unit: "B", by: reviewerFromA, assignedUnits: ["A", "B"]))
        let user = User(username: "r2", name: "R2", role: .reviewer, unitCode: "A", passwordHash: "x", createdAt: start)
        #expect(!AccessPolicy.canAssign(reviewer: user, to: "A"))
        #expect(AccessPolicy.canAssign(reviewer: user, to: "B"))
        let notReviewer = User(username: "u.b", name: "B", role: .unit, unitCode: "B", passwordHash: "x", createdAt: start)
        #expect(!AccessPolicy.canAssign(reviewer: notReviewer, to: "A"))
    }

    @Test("Refusal is 404 for what cannot be seen and 403 for what can")
    func require() throws {
        try AccessPolicy.require(true, canSee: false, what: "đơn vị")
        let hidden = #expect(throws: DomainError.self) { try AccessPolicy.require(false, canSee: false, what: "đơn vị") }
        #expect(hidden?.kind == .notFound)
        let visible = #expect(throws: DomainError.self) { try AccessPolicy.require(false, canSee: true, what: "đơn vị") }
        #expect(visible?.kind == .forbidden)
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("A password shorter than 8 characters is refused", arguments: ["", "abc", "Xy7!pqr", "Mật-khẩ"])
    func tooShort(password: String) {
        let error = #expect(throws: DomainError.self) { try PasswordPolicy.check(password, username: "nguyenvana") }
        #expect(error?.code == "password_too_short")
        #expect(error?.kind == .unprocessable)
    }

    @Test("129 characters are refused, 128 accepted")
    func tooLong() throws {
        let error = #expect(throws: DomainError.self) {
            try PasswordPolicy.check(String(repeating: "Ab3$", count: 32) + "x", username: "nguyenvana")
        }
        #expect(error?.code == "password_too_long")
        try PasswordPolicy.check(String(repeating: "Ab3$", count: 32), username: "nguyenvana")
    }

    @Test("A common password is refused, whatever its case", arguments: ["matkhau123", "MatKhau123", "12345678", "P@ssw0rd"])
    func common(password: String) {
        let error = #expect(throws: DomainError.self) { try PasswordPolicy.check(password, username: "nguyenvana") }
        #expect(error?.code == "password_common")
    }

    @Test("A password equal to the username is refused")
    func equalsUsername() {
        let error = #expect(throws: DomainError.self) { try PasswordPolicy.check("NguyenVanA", username: "nguyenvana") }
        #expect(error?.code == "password_common")
    }

    @Test("A good password passes")
    func good() throws {
        try PasswordPolicy.check("Cải cách hành chính 2026!", username: "nguyenvana")
        try PasswordPolicy.check("correct horse battery", username: "nguyenvana")
        // exactly 8 characters
        try PasswordPolicy.check("q8#Lm2vZ", username: "nguyenvana")
    }
}

@Suite("A unit's own writing window")
struct SelfWritingWindowTests {
    @Test("In self-assessment: open until the deadline, then only during an extension")
    func selfAssessment() throws {
        let c = cycle(.selfAssessment)
        try WritingWindow.checkSelf(c, now: start + 10 * day, extensionUntil: nil)
        #expect(throws: DomainError.self) { try WritingWindow.checkSelf(c, now: start + 11 * day, extensionUntil: nil) }
        try WritingWindow.checkSelf(c, now: start + 11 * day, extensionUntil: start + 12 * day)
    }

    @Test("An extension reopens writing in whatever later phase it runs", arguments: [Phase.appraisal, .explanation, .finalReview])
    func laterPhases(phase: Phase) throws {
        let c = cycle(phase)
        let now = start + 35 * day
        #expect(throws: DomainError.self) { try WritingWindow.checkSelf(c, now: now, extensionUntil: nil) }
        #expect(!WritingWindow.selfOpen(c, now: now, extensionUntil: now - 1))
        try WritingWindow.checkSelf(c, now: now, extensionUntil: now + day)
        #expect(WritingWindow.selfOpen(c, now: now, extensionUntil: now))
    }

    @Test("Neither setup nor a published cycle opens, extension or not", arguments: [Phase.setup, .published])
    func closedPhases(phase: Phase) {
        let c = cycle(phase)
        #expect(!WritingWindow.selfOpen(c, now: start, extensionUntil: start + 100 * day))
    }
}

@Suite("Ways through for a unit left behind")
struct LeftBehindWaysTests {
    @Test("A unit not submitted can always be submitted for or extended, from self-assessment on")
    func notSubmitted() {
        for phase in [Phase.selfAssessment, .appraisal, .explanation, .finalReview] {
            let ways = LeftBehind.ways(
                cycle: cycle(phase),
                now: start + 50 * day,
                notSubmitted: true,
                openItems: false,
                reviewers: ["r1"],
                extensionUntil: nil
            )
            #expect(ways == [.submitOnBehalf, .extend], "\(phase)")
        }
    }

    @Test("Open items need a reviewer; past the phase's deadline they also need the unit's extension")
    func openItems() {
        let c = cycle(.finalReview)
        let inTime = LeftBehind.ways(cycle: c, now: start + 39 * day, notSubmitted: false, openItems: true, reviewers: [], extensionUntil: nil)
        #expect(inTime == [.assignReviewer, .review])
        let late = LeftBehind.ways(cycle: c, now: start + 41 * day, notSubmitted: false, openItems: true, reviewers: ["r1"], extensionUntil: nil)
        #expect(late == [.extend, .review])
        let extended = LeftBehind.ways(
            cycle: c,
            now: start + 41 * day,
            notSubmitted: false,
            openItems: true,
            reviewers: ["r1"],
            extensionUntil: start + 45 * day
        )
        #expect(extended == [.review])
    }
}
