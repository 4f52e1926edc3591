import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// Notifications are written by the services that make the changes, in the same transaction:
/// phase moves, questions, answers, settlements and publication each reach exactly the people they
/// concern, with the page where the work is; e-mail is queued beside them only when mail is
/// configured and the person has an address.
@Suite struct NotificationTests {
    static let admin = Caller.commandLine("test")
    static let people = ["u.a1", "u.a2", "u.b1", "u.b2", "r1", "r2", "r3", "obs", "admin"]

    /// Settings as the composition root makes them when `mail.*` is configured.
    static var mailOn: NotificationSettings {
        var settings = NotificationSettings()
        settings.mail = true
        settings.siteURL = "https://cchc.example.gov.vn/"
        settings.path = NotificationLinks.path
        return settings
    }

    static func caller(_ app: TestApp, _ username: String) async throws -> Caller {
        Caller(try #require(try await app.services.repository.read { db in try db.user(username) }))
    }

    static func notices(_ app: TestApp, _ username: String) async throws -> [UserNotification] {
        try await app.services.notifications.list(by: try await caller(app, username), limit: 1000)
    }

    /// Each person's notifications counted by kind, e.g. `["phase": 4, "publication": 1]`.
    static func kinds(_ app: TestApp) async throws -> [String: [String: Int]] {
        var all: [String: [String: Int]] = [:]
        for person in people {
            for notice in try await notices(app, person) { all[person, default: [:]][notice.kind.rawValue, default: 0] += 1 }
        }
        return all
    }

    @Test("a whole cycle: each phase move, question, answer, settlement and the publication reaches exactly the people it concerns")
    func everyEventKind() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        _ = try await app.services.results.publish(cycle: "2026", by: Self.admin)
        let everyone = ["phase": 4, "publication": 1]
        // r3 is assigned no unit: the cycle is not theirs. The admin who acted is `cli:test`, so
        // the admin account hears of the moves like everyone else.
        #expect(
            try await Self.kinds(app) == [
                "u.a1": ["phase": 4, "question": 1, "settlement": 1, "publication": 1], "u.a2": everyone, "u.b1": everyone, "u.b2": everyone,
                "r1": ["phase": 4, "answer": 1, "publication": 1], "r2": everyone, "obs": everyone, "admin": everyone,
            ]
        )

        let a1 = try await Self.notices(app, "u.a1")
        let question = try #require(a1.first { $0.kind == .question })
        #expect(question.subject == "Yêu cầu giải trình tiêu chí 1.3 — Sở Tài chính")
        #expect(question.body.contains("Hội đồng thẩm định yêu cầu Sở Tài chính giải trình tiêu chí 1.3"))
        #expect(question.body.contains("> Đề nghị bổ sung báo cáo quý IV"))
        // RV-3: the unit is never told which reviewer asked or settled.
        for notice in a1 { #expect(!notice.body.contains("r1") && !notice.body.contains("Người dùng r1"), "\(notice.subject)") }
        #expect(NotificationLinks.path(question.target) == "/cycles/2026/units/A1#item-1.3")
        let settled = try #require(a1.first { $0.kind == .settlement })
        #expect(settled.subject == "Hội đồng đã chốt điểm tiêu chí 1.3 — Sở Tài chính")
        #expect(!settled.body.contains("1,00") && !settled.body.contains("accepted"))

        let answer = try #require(try await Self.notices(app, "r1").first { $0.kind == .answer })
        #expect(answer.subject == "Sở Tài chính đã giải trình tiêu chí 1.3")
        #expect(answer.body.contains("> Đã bổ sung báo cáo quý IV"))
        #expect(NotificationLinks.path(answer.target) == "/review/2026/units/A1#item-1.3")

        let phases = try await Self.notices(app, "u.b1").filter { $0.kind == .phase }.map(\.subject)
        #expect(
            phases.reversed() == [
                "Kỳ \"Kỳ 2026\" chuyển sang giai đoạn \"Tự đánh giá\"", "Kỳ \"Kỳ 2026\" chuyển sang giai đoạn \"Thẩm định\"",
                "Kỳ \"Kỳ 2026\" chuyển sang giai đoạn \"Giải trình\"", "Kỳ \"Kỳ 2026\" chuyển sang giai đoạn \"Xem xét cuối cùng\"",
            ]
        )
        let explanation = try #require(try await Self.notices(app, "u.b1").first { $0.subject.hasSuffix("\"Giải trình\"") })
        // The deadline in Vietnam time: t0 + 30 days = 2026-03-31 02:00 UTC = 09:00 in Hà Nội.
        #expect(explanation.body.contains("Hạn của giai đoạn này: 31/03/2026 09:00 (giờ Việt Nam)."))
        // Each role is sent to its own page of the cycle.
        let targets = try await Dictionary(
            uniqueKeysWithValues: ["u.b1", "r2", "obs", "admin"].asyncMap {
                ($0, try await Self.notices(app, $0).first { $0.kind == .phase }!.target)
            }
        )
        #expect(
            targets == [
                "u.b1": .assessment(cycle: "2026", unit: "B1", criterion: nil), "r2": .worklist(cycle: "2026"), "obs": .worklist(cycle: "2026"),
                "admin": .cycle("2026"),
            ]
        )
        let published = try #require(try await Self.notices(app, "obs").first { $0.kind == .publication })
        #expect(published.subject == "Đã công bố kết quả kỳ \"Kỳ 2026\"" && NotificationLinks.path(published.target) == "/results/2026")
        // Mail is not configured in this app: nothing was queued, whoever has an address.
        #expect(try await app.count("SELECT COUNT(*) FROM outbox") == 0)
    }

    @Test("a refused change writes no notice: the notice commits with the change or not at all")
    func refusedChangeWritesNothing() async throws {
        let app = try await StatusSignalsTests.questioned()
        let before = try await app.count("SELECT COUNT(*) FROM notification")
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        // Questions are asked in appraisal only; the cycle is in explanation.
        await #expect(throws: DomainError.self) {
            _ = try await app.services.review.ask(cycle: "2026", unit: "A1", criterion: "2.1", message: "Vì sao?", by: r1)
        }
        await #expect(throws: DomainError.self) {
            _ = try await app.services.admin.movePhase(cycle: "2026", to: .published, by: Self.admin)
        }
        #expect(try await app.count("SELECT COUNT(*) FROM notification") == before)
    }

    @Test("with mail configured, an e-mail is queued beside each notice of a person with an address, and only then")
    func mailQueuedOnlyWithAddressAndConfiguration() async throws {
        for mail in [true, false] {
            let app = try TestApp(notifications: mail ? Self.mailOn : NotificationSettings())
            try await app.seed()
            _ = try await app.services.admin.setEmail("u.a1", to: " cb.taichinh@stc.hanoi.gov.vn ", by: Self.admin)
            _ = try await app.services.admin.setEmail("r1", to: "thamdinh1@snv.hanoi.gov.vn", by: Self.admin)
            let s = app.services
            try await app.submitA1()
            app.clock.advance(by: 11 * 86400)
            _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: Self.admin)
            let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
            _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.1", message: "Đề nghị gửi bản ký số của kế hoạch", by: r1)

            let rows = try await app.database.databaseWriter.read { db in
                try OutboxRow.fetchAll(db)
            }
            guard mail else {
                #expect(rows.isEmpty, "no mail configuration, no e-mail")
                continue
            }
            // The phase move to appraisal for both, and the question for the unit; nobody else has an address.
            #expect(rows.map(\.recipient).sorted() == ["cb.taichinh@stc.hanoi.gov.vn", "cb.taichinh@stc.hanoi.gov.vn", "thamdinh1@snv.hanoi.gov.vn"])
            let question = try #require(rows.first { $0.subject.contains("Yêu cầu giải trình") })
            #expect(question.subject == "[ParIndex] Yêu cầu giải trình tiêu chí 1.1 — Sở Tài chính")
            #expect(question.body.hasPrefix("Kính gửi Người dùng u.a1,\n\nHội đồng thẩm định yêu cầu Sở Tài chính giải trình tiêu chí 1.1"))
            #expect(question.body.contains("> Đề nghị gửi bản ký số của kế hoạch"))
            #expect(question.body.contains("Xem và xử lý tại: https://cchc.example.gov.vn/cycles/2026/units/A1#item-1.1\n"))
            #expect(question.attempts == 0 && question.sentAt == nil && question.nextAttemptAt == Timestamp.format(app.clock.now()))
        }
    }

    @Test("an address must be one plain address: no display name, no second address, no line break")
    func emailAddressChecked() async throws {
        let app = try TestApp()
        try await app.seed()
        for bad in ["abc", "a@b", "Nguyễn <a@b.vn>", "a@b.vn, c@d.vn", "a@b.vn\r\nBcc: x@y.vn", "nguyễn@b.vn", "a b@c.vn"] {
            let error = await #expect(throws: DomainError.self, "\(bad)") {
                _ = try await app.services.admin.setEmail("u.a1", to: bad, by: Self.admin)
            }
            #expect(error?.code == "invalid_email" && error?.details["field"] == .string("email"))
        }
        #expect(
            try await app.services.admin.setEmail("u.a1", to: "van.thu+cchc@so-tc.hanoi.gov.vn", by: Self.admin).email
                == "van.thu+cchc@so-tc.hanoi.gov.vn"
        )
        #expect(try await app.services.admin.setEmail("u.a1", to: "  ", by: Self.admin).email == nil)
        let unit = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        await #expect(throws: DomainError.self) { _ = try await app.services.admin.setEmail("u.a1", to: "a@b.vn", by: unit) }
        // Each change of address is in the ledger.
        #expect(try await app.count("SELECT COUNT(*) FROM ledger WHERE action = 'user.email'") == 2)
    }
}

/// An outbox row as stored, for checks on what was queued.
struct OutboxRow {
    var recipient: String
    var subject: String
    var body: String
    var attempts: Int
    var lastError: String?
    var nextAttemptAt: String
    var sentAt: String?

    static func fetchAll(_ db: GRDB.Database) throws -> [OutboxRow] {
        try GRDB.Row.fetchAll(db, sql: "SELECT recipient, subject, body, attempts, lastError, nextAttemptAt, sentAt FROM outbox ORDER BY id").map {
            OutboxRow(
                recipient: $0[0],
                subject: $0[1],
                body: $0[2],
                attempts: $0[3],
                lastError: $0[4],
                nextAttemptAt: $0[5],
                sentAt: $0[6]
            )
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
