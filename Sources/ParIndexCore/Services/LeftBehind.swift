import Foundation

/// What a cycle still owes before publication, read before a phase move or publication, with
/// the way through each: units not submitted, items unappraised, questions unanswered or not yet
/// settled, survey values missing, deadlines still ahead. Every entry names at least one way,
/// and following the ways always leads to publication (the phase-walk test holds it to that).
public struct LeftBehind: Sendable {
    /// What an admin (or a reviewer the admin points to) can do about an entry.
    public enum Way: String, Sendable, CaseIterable {
        /// An admin submits the unit's assessment on its behalf, with a reason.
        case submitOnBehalf = "submit_on_behalf"
        /// An admin extends the unit's deadline: the unit (and its reviewers) may write again until then.
        case extend
        /// An admin assigns a reviewer to the unit, who can then appraise and settle its items.
        case assignReviewer = "assign_reviewer"
        /// The unit's reviewers appraise its open items (appraisal or final review) and settle its
        /// questions (final review).
        case review
        /// An admin imports the survey values still missing.
        case importSurvey = "import_survey"
    }

    public struct UnitEntry: Sendable {
        public var unit: Unit
        public var status: AssessmentStatus
        /// The unit's submission was reopened or withdrawn and not submitted again.
        public var hadReceipt: Bool
        public var extensionUntil: Date?
        public var reviewers: [String]
        /// Applicable self-scored leaves no reviewer has appraised yet.
        public var unappraised: Int
        /// Questions the unit has not answered.
        public var questionsOpen: Int
        /// Answers no reviewer has settled yet.
        public var answersUnsettled: Int
        public var ways: [Way]

        public var notSubmitted: Bool { status != .submitted }
    }

    /// A deadline after now: the current phase's, or one unit's extension.
    public struct DeadlineAhead: Sendable {
        public var phase: Phase
        public var unit: Unit?
        public var at: Date
    }

    public var cycle: Cycle
    /// The phase the cycle would move to (`published` for publication).
    public var target: Phase
    public var units: [UnitEntry]
    /// Survey leaves × units with no imported value.
    public var surveyMissing: Int
    public var deadlinesAhead: [DeadlineAhead]

    public var isEmpty: Bool { units.isEmpty && surveyMissing == 0 && deadlinesAhead.isEmpty }
    public var unitsNotSubmitted: [UnitEntry] { units.filter(\.notSubmitted) }
    public var unappraised: Int { units.reduce(0) { $0 + $1.unappraised } }
    public var questionsOpen: Int { units.reduce(0) { $0 + $1.questionsOpen } }
    public var answersUnsettled: Int { units.reduce(0) { $0 + $1.answersUnsettled } }

    /// The ways through for one unit, decided from what it owes and where the cycle stands. A
    /// unit not submitted can always be submitted for (from self-assessment on); items need a
    /// reviewer, and a reviewer past the phase's deadline needs the unit's extension.
    static func ways(
        cycle: Cycle,
        now: Date,
        notSubmitted: Bool,
        openItems: Bool,
        reviewers: [String],
        extensionUntil: Date?
    ) -> [Way] {
        var ways: [Way] = []
        if notSubmitted && cycle.phase >= .selfAssessment { ways += [.submitOnBehalf, .extend] }
        if openItems || notSubmitted {
            if reviewers.isEmpty { ways.append(.assignReviewer) }
            if openItems {
                // Past the phase's deadline the reviewers need the unit's extension first.
                let deadline = cycle.deadlines.deadline(for: cycle.phase)
                let reviewerLate = cycle.phase >= .appraisal && deadline.map { now > $0 } == true && !(extensionUntil.map { now <= $0 } ?? false)
                if reviewerLate && !ways.contains(.extend) { ways.append(.extend) }
                ways.append(.review)
            }
        }
        return ways
    }

    static func read(_ db: any RepositoryReader, cycle: Cycle, target: Phase, now: Date) throws -> LeftBehind {
        let unsettled = try ResultsService.unsettled(db, cycle: cycle)
        let assessments = Dictionary(try db.assessments(cycle: cycle.code).map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let units = Dictionary(try db.units().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        // A disabled reviewer (by an admin, or after months without signing in) cannot do the
        // work: the unit needs another reviewer, or the account enabled again.
        let disabled = Set(try db.users().filter(\.disabled).map(\.username))
        var reviewers: [String: [String]] = [:]
        for assignment in try db.assignments(cycle: cycle.code) where !disabled.contains(assignment.username) {
            reviewers[assignment.unitCode, default: []].append(assignment.username)
        }
        var counts: [String: [String: Int]] = [:]
        var surveyMissing = 0
        for item in unsettled.items {
            if item.state == "no_survey_value" { surveyMissing += 1 } else { counts[item.unit, default: [:]][item.state, default: 0] += 1 }
        }
        // Survey results usually arrive for the final review: before that they are not yet owed.
        if cycle.phase < .explanation { surveyMissing = 0 }
        let notSubmitted = cycle.phase >= .selfAssessment ? Set(unsettled.unitsNotSubmitted) : []
        var entries: [UnitEntry] = []
        var ahead: [DeadlineAhead] = []
        if let deadline = cycle.deadlines.deadline(for: cycle.phase), deadline > now {
            ahead.append(DeadlineAhead(phase: cycle.phase, unit: nil, at: deadline))
        }
        for code in try db.cycleUnits(cycle.code) {
            guard let unit = units[code] else { continue }
            let assessment = assessments[code]
            if let until = assessment?.extensionUntil, until > now, cycle.phase < .published {
                ahead.append(DeadlineAhead(phase: cycle.phase, unit: unit, at: until))
            }
            let own = counts[code] ?? [:]
            // Items of a unit that has not submitted are not the council's to appraise yet: the
            // submission is what is owed, and it is counted once.
            let submitted = !notSubmitted.contains(code)
            // Each count starts to matter once its phase is over: items are appraised in appraisal,
            // questions answered in explanation, answers settled in final review.
            let unappraised = submitted && cycle.phase >= .appraisal ? own[ItemState.unreviewed.rawValue] ?? 0 : 0
            let questions = cycle.phase >= .explanation ? own[ItemState.questionOpen.rawValue] ?? 0 : 0
            let answers = cycle.phase >= .finalReview ? own[ItemState.answered.rawValue] ?? 0 : 0
            guard !submitted || unappraised + questions + answers > 0 else { continue }
            let assigned = (reviewers[code] ?? []).sorted()
            let hadReceipt = try assessment?.id.map { try !db.receipts(assessment: $0).isEmpty } ?? false
            entries.append(
                UnitEntry(
                    unit: unit,
                    status: assessment?.status ?? .draft,
                    hadReceipt: !submitted && hadReceipt,
                    extensionUntil: assessment?.extensionUntil,
                    reviewers: assigned,
                    unappraised: unappraised,
                    questionsOpen: questions,
                    answersUnsettled: answers,
                    ways: ways(
                        cycle: cycle,
                        now: now,
                        notSubmitted: !submitted,
                        openItems: unappraised + questions + answers > 0,
                        reviewers: assigned,
                        extensionUntil: assessment?.extensionUntil
                    )
                )
            )
        }
        return LeftBehind(
            cycle: cycle,
            target: target,
            units: entries.sorted { VietnameseText.precedes($0.unit.name, $1.unit.name) },
            surveyMissing: surveyMissing,
            deadlinesAhead: ahead.sorted { $0.at < $1.at }
        )
    }
}

extension AdminService {
    /// What moving the cycle to `target` (its next phase, or publication) would leave behind.
    public func leftBehind(cycle cycleCode: String, target: Phase, by caller: Caller) async throws -> LeftBehind {
        try requireAdmin(caller)
        let now = services.clock.now()
        return try await services.repository.read { db in
            try LeftBehind.read(db, cycle: try db.requireCycle(cycleCode), target: target, now: now)
        }
    }
}
