import Foundation
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// Deadline reminders on a fixed clock: 7 days and 1 day before, to whoever still has work for a
/// unit, never twice for the same deadline and unit however often the job runs.
@Suite struct DeadlineReminderTests {
    static let day: TimeInterval = 86400

    /// The deadline reminders each person has, newest first.
    static func reminders(_ app: TestApp, _ username: String) async throws -> [UserNotification] {
        try await NotificationTests.notices(app, username).filter { $0.kind == .deadline }
    }

    static func counts(_ app: TestApp) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for person in NotificationTests.people {
            let n = try await reminders(app, person).count
            if n > 0 { counts[person] = n }
        }
        return counts
    }

    @Test("self-assessment: nothing before the week, then 7 days and 1 day to each unit not submitted, each once")
    func selfAssessmentOnce() async throws {
        let app = try await UnitPagesTests.submitted()  // A1 has submitted; A2, B1, B2 have not
        let jobs = app.services.notifications
        app.clock.set(TestApp.t0 + 2 * Self.day)
        #expect(try await jobs.remindDeadlines() == 0)

        // 6 days 23 hours before the deadline (t0 + 10 days).
        app.clock.set(TestApp.t0 + 3 * Self.day + 3600)
        #expect(try await jobs.remindDeadlines() == 3)
        #expect(try await Self.counts(app) == ["u.a2": 1, "u.b1": 1, "u.b2": 1])
        let week = try #require(try await Self.reminders(app, "u.b1").first)
        #expect(week.subject == "Còn 7 ngày đến hạn giai đoạn \"Tự đánh giá\" — Kỳ 2026")
        #expect(
            week.body
                == "Hạn giai đoạn \"Tự đánh giá\" của kỳ \"Kỳ 2026\" là 11/03/2026 09:00 (giờ Việt Nam), còn 7 ngày. Bản tự đánh giá của Quận Cầu Giấy chưa nộp."
        )
        #expect(NotificationLinks.path(week.target) == "/cycles/2026/units/B1")

        // The job runs every few minutes: the same window sends nothing more.
        for hours in [0.0, 0.1, 5, 30] {
            app.clock.set(TestApp.t0 + 3 * Self.day + 3600 + hours * 3600)
            #expect(try await jobs.remindDeadlines() == 0, "\(hours) h later")
        }

        // B2 submits meanwhile; the day before, the other two are told once more.
        try await Self.submit(app, "B2")
        app.clock.set(TestApp.t0 + 9 * Self.day + 7200)
        #expect(try await jobs.remindDeadlines() == 2)
        #expect(try await jobs.remindDeadlines() == 0)
        #expect(try await Self.counts(app) == ["u.a2": 2, "u.b1": 2, "u.b2": 1])
        #expect(try await Self.reminders(app, "u.a2").first?.subject == "Còn 1 ngày đến hạn giai đoạn \"Tự đánh giá\" — Kỳ 2026")

        // Past the deadline there is nothing to remind of.
        app.clock.set(TestApp.t0 + 10 * Self.day + 1)
        #expect(try await jobs.remindDeadlines() == 0)
        // Every unit's decision is recorded once per distance, A1's too (nothing to do: not notified).
        #expect(try await app.count("SELECT COUNT(*) FROM deadlineReminder") == 8)
        #expect(try await app.count("SELECT COUNT(*) FROM deadlineReminder WHERE notified") == 5)
    }

    @Test("a job that first runs on the last day sends the 1-day reminder alone, and never the 7-day one after it")
    func lateStartSendsOnlyTheNearest() async throws {
        let app = try TestApp()
        try await app.seed()
        app.clock.set(TestApp.t0 + 9.5 * Self.day)
        #expect(try await app.services.notifications.remindDeadlines() == 4)
        #expect(try await app.services.notifications.remindDeadlines() == 0)
        for person in ["u.a1", "u.a2", "u.b1", "u.b2"] {
            #expect(try await Self.reminders(app, person).map(\.subject) == ["Còn 1 ngày đến hạn giai đoạn \"Tự đánh giá\" — Kỳ 2026"])
        }
        #expect(try await app.count("SELECT COUNT(*) FROM deadlineReminder WHERE daysBefore = 7 AND NOT notified") == 4)
    }

    @Test("an extension is a new deadline for that unit alone, reminded in its own time")
    func extensionHasItsOwnReminders() async throws {
        let app = try TestApp()
        try await app.seed()
        _ = try await app.services.admin.grantExtension(
            cycle: "2026",
            unit: "A2",
            until: TestApp.t0 + 20 * Self.day,
            reason: "Sáp nhập đơn vị",
            by: NotificationTests.admin
        )
        // The day before the cycle's deadline: the three others, not A2.
        app.clock.set(TestApp.t0 + 9.5 * Self.day)
        #expect(try await app.services.notifications.remindDeadlines() == 3)
        #expect(try await Self.reminders(app, "u.a2").isEmpty)
        // A2 faces 21/03 09:00 (t0 + 20 days): a week before it, then the day before.
        app.clock.set(TestApp.t0 + 13.5 * Self.day)
        #expect(try await app.services.notifications.remindDeadlines() == 1)
        #expect(try await Self.reminders(app, "u.a2").first?.body.contains("là 21/03/2026 09:00 (giờ Việt Nam), còn 7 ngày") == true)
        app.clock.set(TestApp.t0 + 19.5 * Self.day)
        #expect(try await app.services.notifications.remindDeadlines() == 1)
        #expect(try await app.services.notifications.remindDeadlines() == 0)
        #expect(try await Self.counts(app) == ["u.a1": 1, "u.a2": 2, "u.b1": 1, "u.b2": 1])
    }

    @Test("appraisal: each reviewer gets one reminder naming the submitted units with items left, linked to the unit")
    func reviewersRemindedOfTheirUnits() async throws {
        let (app, _) = try await AccessMatrixTests.prepared()  // appraisal; only A1 submitted
        // The appraisal deadline is t0 + 20 days; the clock is at t0 + 11 days.
        app.clock.set(TestApp.t0 + 14 * Self.day)
        #expect(try await app.services.notifications.remindDeadlines() == 1)
        #expect(try await Self.counts(app) == ["r1": 1])
        let reminder = try #require(try await Self.reminders(app, "r1").first)
        #expect(reminder.subject == "Còn 7 ngày đến hạn giai đoạn \"Thẩm định\" — Kỳ 2026")
        #expect(reminder.body.hasSuffix("Đơn vị còn tiêu chí chưa thẩm định: Sở Tài chính (6 tiêu chí)."))
        #expect(NotificationLinks.path(reminder.target) == "/review/2026/units/A1")
        #expect(try await app.services.notifications.remindDeadlines() == 0)
    }

    static func submit(_ app: TestApp, _ unit: String) async throws {
        let caller = Caller(username: "u.\(unit.lowercased())", role: .unit, unitCode: unit)
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)),
            ("9.2", .points(.zero)),
        ] {
            _ = try await app.services.assessments.setSelfEntry(cycle: "2026", unit: unit, criterion: code, .init(entry: entry), by: caller)
        }
        _ = try await app.services.assessments.setSelfEntry(
            cycle: "2026",
            unit: unit,
            criterion: "1.3",
            .init(notApplicableReason: "Không phát sinh"),
            by: caller
        )
        _ = try await app.services.assessments.submit(cycle: "2026", unit: unit, by: caller)
    }
}
