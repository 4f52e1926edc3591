import Foundation

/// Deadline reminders: 7 days and 1 day before a phase's deadline, to the people who still have
/// work in it for a unit. Run by a periodic job on the injected clock; idempotent, because each
/// (deadline, distance, unit) is recorded once, in the transaction that writes its notices, and a
/// unit already recorded is never reminded again however often the job runs.
extension NotificationService {
    /// The distances at which a deadline is announced, in days, farthest first.
    public static let reminderDays = [7, 1]

    /// Writes the reminders due at the clock's now; returns how many notifications were written.
    @discardableResult public func remindDeadlines() async throws -> Int {
        let now = services.clock.now()
        var written = 0
        for cycle in try await services.repository.read({ db in try db.cycles() }) {
            written += try await remind(cycle, now: now)
        }
        return written
    }

    /// The nearest distance whose window holds `deadline` (1 within a day of it, 7 within a week);
    /// nil when it is farther off or past.
    static func window(now: Date, deadline: Date) -> Int? {
        let left = deadline.timeIntervalSince(now)
        guard left > 0 else { return nil }
        return reminderDays.last { left <= TimeInterval($0) * 86400 }
    }

    /// Units that face one deadline at one distance and were not yet decided, with what each still has to do.
    struct ReminderGroup: Sendable {
        var deadline: Date
        var days: Int
        var work: [(unit: String, left: Int)]
    }

    func remind(_ cycle: Cycle, now: Date) async throws -> Int {
        guard let deadline = cycle.deadlines.deadline(for: cycle.phase) else { return 0 }
        let groups = try await services.repository.read { db -> [ReminderGroup] in
            // A unit with an extension past the deadline faces its extension instead.
            let extensions = try db.extensions(cycle: cycle.code)
            var facing: [Date: [String]] = [:]
            for unit in try db.cycleUnits(cycle.code) { facing[max(deadline, extensions[unit] ?? deadline), default: []].append(unit) }
            var open: [(Date, Int, [String])] = []
            for (due, units) in facing.sorted(by: { $0.key < $1.key }) {
                guard let days = Self.window(now: now, deadline: due) else { continue }
                let decided = try db.remindedUnits(cycle: cycle.code, phase: cycle.phase, deadline: due, daysBefore: days)
                let left = units.filter { !decided.contains($0) }
                if !left.isEmpty { open.append((due, days, left)) }
            }
            // What is left to do is read only when some unit is undecided: at most once per
            // deadline and distance, not at every run of the job.
            guard !open.isEmpty else { return [] }
            let left = try Self.workLeft(db, cycle)
            return open.map { ReminderGroup(deadline: $0.0, days: $0.1, work: $0.2.map { ($0, left[$0] ?? 0) }) }
        }
        guard !groups.isEmpty else { return 0 }
        return try await services.repository.write { db in
            let notifier = services.notifier(db, at: now)
            var written = 0
            for group in groups {
                var byPerson: [String: (user: User, units: [(unit: String, left: Int)])] = [:]
                for (unit, left) in group.work {
                    // Farther distances are decided with the nearer one: a 7-day notice arriving
                    // after the 1-day one would only mislead.
                    var fresh = false
                    for days in Self.reminderDays where days >= group.days {
                        let reminder = DeadlineReminder(
                            cycleCode: cycle.code,
                            phase: cycle.phase,
                            unitCode: unit,
                            deadline: group.deadline,
                            daysBefore: days
                        )
                        let recorded = try db.record(reminder, notified: left > 0 && days == group.days, at: now)
                        if days == group.days { fresh = recorded }
                    }
                    guard fresh, left > 0 else { continue }
                    for user in try Self.remindees(notifier, cycle, unit) {
                        byPerson[user.username, default: (user, [])].units.append((unit, left))
                    }
                }
                for (_, person) in byPerson.sorted(by: { $0.key < $1.key }) {
                    let units = person.units
                    let target: NotificationTarget =
                        switch (person.user.role, units.count) {
                        case (.unit, _): .assessment(cycle: cycle.code, unit: units[0].unit, criterion: nil)
                        case (_, 1): .review(cycle: cycle.code, unit: units[0].unit, criterion: nil)
                        default: .worklist(cycle: cycle.code)
                        }
                    let names = try units.map { (name: try notifier.unitName($0.unit), left: $0.left) }
                    try notifier.notify(
                        person.user,
                        .deadline,
                        target,
                        subject: "Còn \(group.days) ngày đến hạn giai đoạn \"\(cycle.phase.vietnamese)\" — \(cycle.name)",
                        body: Self.reminderBody(cycle, deadline: group.deadline, days: group.days, units: names)
                    )
                    written += 1
                }
            }
            return written
        }
    }

    /// What each unit still has to do in the cycle's phase, counted for the people who do it:
    /// 1 for a self-assessment not submitted; items not appraised (of submitted units); questions
    /// not answered; explained or unanswered items not settled.
    static func workLeft(_ db: any RepositoryReader, _ cycle: Cycle) throws -> [String: Int] {
        var left: [String: Int] = [:]
        let statuses = try db.assessmentStatuses(cycle: cycle.code)
        if cycle.phase == .selfAssessment {
            for unit in try db.cycleUnits(cycle.code) where statuses[unit] != .submitted { left[unit] = 1 }
            return left
        }
        let counted: Set<String> =
            switch cycle.phase {
            case .appraisal: [ItemState.unreviewed.rawValue]
            case .explanation: [ItemState.questionOpen.rawValue]
            case .finalReview: [ItemState.answered.rawValue, ItemState.questionOpen.rawValue]
            case .setup, .selfAssessment, .published: []
            }
        for item in try ResultsService.unsettled(db, cycle: cycle).items where counted.contains(item.state) {
            // The council appraises only what was submitted.
            if cycle.phase == .appraisal && statuses[item.unit] != .submitted { continue }
            left[item.unit, default: 0] += 1
        }
        return left
    }

    /// Who acts for a unit in the cycle's phase: its officials while the unit writes, its assigned
    /// reviewers while the council does.
    static func remindees(_ notifier: Notifier, _ cycle: Cycle, _ unit: String) throws -> [User] {
        switch cycle.phase {
        case .selfAssessment, .explanation: try notifier.unitOfficials(unit)
        case .appraisal, .finalReview: try notifier.assignedReviewers(cycle: cycle.code, unit: unit)
        case .setup, .published: []
        }
    }

    static func reminderBody(_ cycle: Cycle, deadline: Date, days: Int, units: [(name: String, left: Int)]) -> String {
        var body = "Hạn giai đoạn \"\(cycle.phase.vietnamese)\" của kỳ \"\(cycle.name)\" là \(NotificationWords.time(deadline)), còn \(days) ngày."
        let list = units.map { "\($0.name) (\($0.left) tiêu chí)" }.joined(separator: ", ")
        switch cycle.phase {
        case .selfAssessment: body += " Bản tự đánh giá của \(units.map(\.name).joined(separator: ", ")) chưa nộp."
        case .explanation: body += units.map { " \($0.name) còn \($0.left) yêu cầu giải trình chưa trả lời." }.joined()
        case .appraisal: body += " Đơn vị còn tiêu chí chưa thẩm định: \(list)."
        case .finalReview: body += " Đơn vị còn tiêu chí chờ chốt điểm: \(list)."
        case .setup, .published: break
        }
        return body
    }
}
