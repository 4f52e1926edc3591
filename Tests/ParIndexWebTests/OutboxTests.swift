import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexMail
import Testing

@testable import ParIndexWeb

/// A mail system that refuses a given number of times, then accepts: the outbox's retries are
/// checked against it on the test clock. (The real transport is checked in `MailDeliveryTests`.)
final class ScriptedTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var refusals: Int
    private(set) var delivered: [OutboxMail] = []
    let problem: String? = nil

    init(refusals: Int) { self.refusals = refusals }

    func send(_ mail: OutboxMail) async throws {
        try lock.withLock {
            if refusals > 0 {
                refusals -= 1
                throw MailSendError(message: "msmtp thoát với mã 75: msmtp: cannot connect to 127.0.0.1, port 2525: Connection refused")
            }
            delivered.append(mail)
        }
    }
}

@Suite struct OutboxTests {
    /// A seeded app with mail on, `u.a1` with an address, and two mails queued for it (the move to
    /// appraisal and a question).
    static func queued(retry: MailRetry = MailRetry()) async throws -> TestApp {
        var settings = NotificationTests.mailOn
        settings.retry = retry
        let app = try TestApp(notifications: settings, mail: MailStatus(enabled: true, summary: "/usr/bin/msmtp tới 127.0.0.1:2525"))
        try await app.seed()
        // The address is set after the seed: the move to appraisal and the question are queued for it.
        _ = try await app.services.admin.setEmail("u.a1", to: "vanthu@stc.hanoi.gov.vn", by: NotificationTests.admin)
        let s = app.services
        try await app.submitA1()
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: NotificationTests.admin)
        _ = try await s.review.ask(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            message: "Đề nghị bổ sung kế hoạch",
            by: Caller(username: "r1", role: .reviewer, unitCode: nil)
        )
        return app
    }

    static func rows(_ app: TestApp) async throws -> [OutboxRow] {
        try await app.database.databaseWriter.read { db in try OutboxRow.fetchAll(db) }
    }

    @Test("the waits double from one minute up to an hour")
    func backoffSchedule() {
        let retry = MailRetry()
        #expect((1...9).map { retry.wait(afterAttempts: $0) } == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect(MailRetry(firstWait: 5, longestWait: 30, maxAttempts: 3).wait(afterAttempts: 4) == 30)
    }

    @Test("a refused send is retried after a doubling wait, with its error kept; then it goes")
    func retriedWithBackoff() async throws {
        let app = try await Self.queued()
        let transport = ScriptedTransport(refusals: 3)
        let outbox = app.services.notifications
        #expect(try await Self.rows(app).count == 2)  // the phase move and the question
        try await app.database.databaseWriter.write { db in try db.execute(sql: "DELETE FROM outbox WHERE subject NOT LIKE '%giải trình%'") }

        var outcome = try await outbox.sendDueMail(through: transport)
        #expect(outcome == (0, 1))
        var row = try #require(try await Self.rows(app).first)
        #expect(row.attempts == 1 && row.sentAt == nil && row.lastError?.contains("Connection refused") == true)
        #expect(row.nextAttemptAt == Timestamp.format(app.clock.now() + 60))

        // Not due again before its wait is over.
        #expect(try await outbox.sendDueMail(through: transport) == (0, 0))
        app.clock.advance(by: 59)
        #expect(try await outbox.sendDueMail(through: transport) == (0, 0))
        app.clock.advance(by: 1)
        #expect(try await outbox.sendDueMail(through: transport) == (0, 1))
        row = try #require(try await Self.rows(app).first)
        #expect(row.attempts == 2 && row.nextAttemptAt == Timestamp.format(app.clock.now() + 120))
        app.clock.advance(by: 120)
        #expect(try await outbox.sendDueMail(through: transport) == (0, 1))
        #expect(try #require(try await Self.rows(app).first).nextAttemptAt == Timestamp.format(app.clock.now() + 240))
        app.clock.advance(by: 240)
        outcome = try await outbox.sendDueMail(through: transport)
        #expect(outcome == (1, 0))
        row = try #require(try await Self.rows(app).first)
        #expect(row.attempts == 4 && row.sentAt == Timestamp.format(app.clock.now()))
        #expect(transport.delivered.map(\.recipient) == ["vanthu@stc.hanoi.gov.vn"])
        // Sent is sent: never again.
        app.clock.advance(by: 86400)
        #expect(try await outbox.sendDueMail(through: transport) == (0, 0))
    }

    @Test("after its last try a mail is given up, shown so on the admin page, and sent again when an admin asks")
    func givenUpAndRetriedByAnAdmin() async throws {
        let app = try await Self.queued(retry: MailRetry(firstWait: 60, longestWait: 600, maxAttempts: 3))
        let transport = ScriptedTransport(refusals: 8)
        let outbox = app.services.notifications
        for _ in 0..<3 {
            _ = try await outbox.sendDueMail(through: transport)
            app.clock.advance(by: 600)
        }
        app.clock.advance(by: 7 * 86400)
        #expect(try await outbox.sendDueMail(through: transport) == (0, 0), "given up: not tried any more")
        let admin = try await outbox.outbox(by: NotificationTests.admin)
        #expect(admin.counts == OutboxCounts(sent: 0, waiting: 0, failing: 0, givenUp: 2))

        try await app.application.test(.router) { client in
            let page = try await client.call(.get, SiteURL.adminMail.path, as: "admin", app: app)
            #expect(page.status == .ok)
            #expect(page.body.contains("<p data-mail-on>Thư được gửi qua /usr/bin/msmtp tới 127.0.0.1:2525</p>"))
            #expect(page.body.contains("<dd data-count=\"given-up\">2</dd>"))
            #expect(page.body.contains("Đã ngừng sau 3 lần thử"))
            #expect(
                page.body.contains(
                    "<code class=\"error\">msmtp thoát với mã 75: msmtp: cannot connect to 127.0.0.1, port 2525: Connection refused</code>"
                )
            )
            #expect(page.body.contains("vanthu@stc.hanoi.gov.vn") && page.body.contains("[ParIndex] Yêu cầu giải trình tiêu chí 1.1 — Sở Tài chính"))
            // Only admins see it.
            for user in ["u.a1", "r1", "obs"] {
                #expect(try await client.call(.get, SiteURL.adminMail.path, as: user, app: app).status == .forbidden, "\(user)")
            }
            let (cookie, csrf) = try await browserSession(client, app, "admin")
            let retried = try await postForm(client, app, SiteURL.adminMailRetry.path, cookie: cookie, [("_csrf", csrf)])
            #expect(retried.status == .found && retried.headers[.location] == "/admin/mail?retried=2")
        }
        // Due at once with its tries counted afresh; the transport now lets it through.
        #expect(try await outbox.sendDueMail(through: transport) == (0, 2))
        app.clock.advance(by: 60)
        #expect(try await outbox.sendDueMail(through: transport) == (2, 0))
        #expect(try await outbox.outbox(by: NotificationTests.admin).counts == OutboxCounts(sent: 2))
    }

    @Test("the admin page says when mail is not configured, and names a configuration problem")
    func mailPageStates() async throws {
        let off = try TestApp()
        try await off.seed()
        var settings = MailSettings(host: "127.0.0.1", from: "parindex@snv.hanoi.gov.vn")
        settings.sendmail = "/opt/khong-co/msmtp"
        let missing = SendmailTransport(settings: settings)
        let broken = try TestApp(
            notifications: NotificationTests.mailOn,
            mail: MailStatus(enabled: true, summary: "/opt/khong-co/msmtp tới 127.0.0.1:25") { missing.problem }
        )
        try await broken.seed()
        for (app, expected) in [(off, "data-mail-off"), (broken, "data-mail-problem")] {
            try await app.application.test(.router) { client in
                let page = try await client.call(.get, SiteURL.adminMail.path, as: "admin", app: app)
                #expect(page.status == .ok && page.body.contains(expected), "\(expected)")
                if expected == "data-mail-problem" {
                    #expect(page.body.contains("Không chạy được chương trình gửi thư /opt/khong-co/msmtp (mail.sendmail)"))
                }
            }
        }
    }
}

extension TestApp {
    /// A1 fills in every self-scored leaf, attaches the evidence 1.3 requires, and submits.
    func submitA1() async throws {
        let a1 = UnitPagesTests.a1
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await services.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: code, .init(entry: entry), by: a1)
        }
        try await UnitPagesTests.attachFile(self, "1.3", name: "Báo cáo.pdf")
        _ = try await services.assessments.submit(cycle: "2026", unit: "A1", by: a1)
    }
}
