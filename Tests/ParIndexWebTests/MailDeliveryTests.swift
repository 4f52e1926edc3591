import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexMail
import Testing

@testable import ParIndexWeb

/// A real SMTP server on 127.0.0.1 (aiosmtpd, from build/venv, through `Tests/Fixtures/smtp_sink.py`),
/// which writes down each message it receives as Python's email package decodes it: an independent
/// reader of what we send. It stops by itself after five minutes, or when the test closes its input.
final class SMTPSink: @unchecked Sendable {
    struct Received: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var rawSubject: String
        var subject: String
        var from: String
        var to: String
        var contentType: String
        var charset: String?
        var transferEncoding: String?
        var autoSubmitted: String?
        var body: String
        var longestLine: Int
    }

    let process = Process()
    let input = Pipe()
    let output: URL
    let port: Int

    init() throws {
        let python = packageRoot.appendingPathComponent("build/venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MailSendError(message: "build/venv is missing (aiosmtpd): run bash scripts/setup --python")
        }
        output = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString).jsonl")
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent("Tests/Fixtures/smtp_sink.py").path, output.path, "300"]
        let ready = Pipe()
        process.standardInput = input
        process.standardOutput = ready
        try process.run()
        // "ready PORT", or nothing if the server could not start (the read ends when it exits).
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = ready.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.first == "ready", let port = words.last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            process.terminate()
            throw MailSendError(message: "the SMTP sink did not start: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: output)
    }

    var received: [Received] {
        guard let text = try? String(contentsOf: output, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Received.self, from: Data($0.utf8)) }
    }

    /// Waits (up to `seconds`) until `count` messages have arrived.
    func wait(for count: Int, seconds: Double = 60) async throws -> [Received] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while received.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return received
    }

    /// Settings for msmtp to this server: plain SMTP on loopback.
    func settings(from: String = "parindex@snv.hanoi.gov.vn") -> MailSettings {
        var settings = MailSettings(host: "127.0.0.1", from: from)
        settings.port = port
        settings.tls = .off
        settings.timeoutSeconds = 30
        return settings
    }
}

@Suite(.serialized) struct MailDeliveryTests {
    static let admin = NotificationTests.admin
    static let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)

    /// A1 submitted with addresses for u.a1 and r1, then moved through appraisal (a question on
    /// 1.1), explanation (its answer) and final review (its settlement): every kind of change
    /// that mails someone, in Vietnamese.
    static func wholeRound(_ app: TestApp) async throws {
        let s = app.services
        _ = try await s.admin.setEmail("u.a1", to: "vanthu.stc@stc.hanoi.gov.vn", by: admin)
        _ = try await s.admin.setEmail("r1", to: "thamdinh1@snv.hanoi.gov.vn", by: admin)
        try await app.submitA1()
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        _ = try await s.review.ask(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            message: "Đề nghị bổ sung Quyết định số 15/QĐ-UBND (bản có chữ ký số).\nKế hoạch năm chưa có mục chuyển đổi số.",
            by: r1
        )
        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: admin)
        _ = try await s.review.answer(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            message: "Sở đã bổ sung Quyết định số 15/QĐ-UBND ngày 20/12; mục chuyển đổi số ở phụ lục II.",
            by: UnitPagesTests.a1
        )
        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .finalReview, by: admin)
        _ = try await s.review.settle(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(points: nil, note: "Giải trình đủ căn cứ", disposition: .accepted),
            by: r1
        )
    }

    @Test("notices go out through msmtp to a real SMTP server: each message arrives once, subject and body intact in Vietnamese")
    func deliveredThroughMsmtp() async throws {
        let app = try TestApp(notifications: NotificationTests.mailOn)
        try await app.seed()
        try await Self.wholeRound(app)
        let queued = try await OutboxTests.rows(app)
        // Started only now: on a loaded machine the round above can outlast the sink's lifetime.
        let sink = try SMTPSink()
        defer { sink.stop() }
        // u.a1: three phase moves, the question, the settlement; r1: three phase moves, the answer.
        #expect(queued.count == 9)

        // The background sender, as the server runs it, polling every 200 ms.
        let transport = SendmailTransport(settings: sink.settings(), clock: app.clock)
        #expect(transport.problem == nil)
        let jobs = NotificationJobs(services: app.services, transport: transport, mailEvery: .milliseconds(200))
        let started = ContinuousClock.now
        let running = Task { await jobs.run() }
        let received = try await sink.wait(for: queued.count)
        let took = ContinuousClock.now - started
        running.cancel()
        await running.value
        print("MailDeliveryTests: \(received.count) messages through msmtp to aiosmtpd in \(took)")

        let sent = try await OutboxTests.rows(app)
        #expect(received.count == queued.count, "\(sent.map { "\($0.attempts) \($0.lastError ?? "-")" })")
        #expect(sent.allSatisfy { $0.sentAt != nil && $0.attempts == 1 && $0.lastError == nil })
        for (mail, got) in zip(queued, received.reordered(like: queued)) {
            #expect(got.mailFrom == "parindex@snv.hanoi.gov.vn" && got.rcptTos == [mail.recipient] && got.to == mail.recipient)
            #expect(got.from == "ParIndex <parindex@snv.hanoi.gov.vn>")
            #expect(got.subject == mail.subject, "decoded subject")
            #expect(got.rawSubject.hasPrefix("=?UTF-8?B?"), "\(got.rawSubject)")
            #expect(got.body == mail.body, "decoded body of \(mail.subject)")
            #expect(got.contentType == "text/plain" && got.charset == "utf-8" && got.transferEncoding == "base64")
            #expect(got.autoSubmitted == "auto-generated")
            #expect(got.longestLine <= 78, "RFC 5322 line length")
        }
        let question = try #require(received.first { $0.subject.contains("Yêu cầu giải trình") })
        #expect(question.rcptTos == ["vanthu.stc@stc.hanoi.gov.vn"])
        #expect(question.subject == "[ParIndex] Yêu cầu giải trình tiêu chí 1.1 — Sở Tài chính")
        #expect(
            question.body
                == """
                Kính gửi Người dùng u.a1,

                Hội đồng thẩm định yêu cầu Sở Tài chính giải trình tiêu chí 1.1 "Kế hoạch CCHC" (kỳ "Kỳ 2026"):

                > Đề nghị bổ sung Quyết định số 15/QĐ-UBND (bản có chữ ký số).
                > Kế hoạch năm chưa có mục chuyển đổi số.

                Hạn giải trình: 31/03/2026 09:00 (giờ Việt Nam).

                Xem và xử lý tại: https://cchc.example.gov.vn/cycles/2026/units/A1#item-1.1

                --\u{20}
                ParIndex — Chỉ số cải cách hành chính.
                Thư gửi tự động, xin đừng trả lời thư này. Thông báo này cũng có trong mục "Thông báo" khi bạn đăng nhập.

                """
        )
        let answer = try #require(received.first { $0.subject.contains("đã giải trình") })
        #expect(answer.rcptTos == ["thamdinh1@snv.hanoi.gov.vn"] && answer.subject == "[ParIndex] Sở Tài chính đã giải trình tiêu chí 1.1")
        #expect(answer.body.contains("> Sở đã bổ sung Quyết định số 15/QĐ-UBND ngày 20/12; mục chuyển đổi số ở phụ lục II."))
        #expect(answer.body.contains("https://cchc.example.gov.vn/review/2026/units/A1#item-1.1"))
        // A subject longer than one encoded word is folded, and still decodes whole.
        let final = try #require(received.first { $0.subject.hasSuffix("\"Xem xét cuối cùng\"") })
        #expect(final.subject == "[ParIndex] Kỳ \"Kỳ 2026\" chuyển sang giai đoạn \"Xem xét cuối cùng\"")
        #expect(final.rawSubject.components(separatedBy: "=?UTF-8?B?").count > 2)
        #expect(received.contains { $0.subject == "[ParIndex] Hội đồng đã chốt điểm tiêu chí 1.1 — Sở Tài chính" })
    }

    @Test(
        "a closed port: the send fails without holding anything up, is retried after its wait, and the admin page shows the tries and msmtp's words"
    )
    func closedPortRetriedAndShown() async throws {
        // A port nobody listens on: the sink's, once it has stopped.
        let gone = try SMTPSink()
        gone.stop()
        let failing = SendmailTransport(settings: gone.settings())
        let app = try TestApp(
            notifications: NotificationTests.mailOn,
            mail: MailStatus(enabled: true, summary: "msmtp tới 127.0.0.1:\(gone.port)") { failing.problem }
        )
        try await app.seed()
        try await Self.wholeRound(app)
        let queued = try await OutboxTests.rows(app).count

        let started = ContinuousClock.now
        let outcome = try await app.services.notifications.sendDueMail(through: failing)
        print("MailDeliveryTests: \(queued) refused sends took \(ContinuousClock.now - started)")
        #expect(outcome.sent == 0 && outcome.failed == queued)
        let rows = try await OutboxTests.rows(app)
        #expect(rows.allSatisfy { $0.attempts == 1 && $0.sentAt == nil })
        let error = try #require(rows.first?.lastError)
        #expect(error.hasPrefix("msmtp thoát với mã") && error.contains("cannot connect to 127.0.0.1, port \(gone.port)"), "\(error)")
        #expect(rows.allSatisfy { $0.nextAttemptAt == Timestamp.format(app.clock.now() + 60) })

        try await app.application.test(.router) { client in
            let page = try await client.call(.get, SiteURL.adminMail.path, as: "admin", app: app).body
            #expect(page.contains("<dd data-count=\"failing\">\(queued)</dd>"))
            #expect(page.contains("Gửi lỗi; thử lại lúc \(Timestamp.vietnamese(app.clock.now() + 60))"))
            #expect(page.contains("<code class=\"error\">\(error)</code>"))
            #expect(!page.contains("data-mail-problem"))
        }

        // Before its wait is over nothing is tried; after it, to a server that listens, it goes.
        #expect(try await app.services.notifications.sendDueMail(through: failing) == (0, 0))
        let sink = try SMTPSink()
        defer { sink.stop() }
        app.clock.advance(by: 60)
        let retried = try await app.services.notifications.sendDueMail(through: SendmailTransport(settings: sink.settings()))
        #expect(retried.sent == queued && retried.failed == 0)
        #expect(try await sink.wait(for: queued).count == queued)
        #expect(try await OutboxTests.rows(app).allSatisfy { $0.attempts == 2 && $0.sentAt != nil })
    }

    @Test("a sendmail path that is not there is named on the admin page, and each send records it; nothing crashes")
    func missingProgramIsVisible() async throws {
        var settings = MailSettings(host: "127.0.0.1", from: "parindex@snv.hanoi.gov.vn")
        settings.sendmail = "/opt/khong-co/msmtp"
        let transport = SendmailTransport(settings: settings)
        let app = try TestApp(notifications: NotificationTests.mailOn, mail: MailStatus(enabled: true, summary: "x") { transport.problem })
        try await app.seed()
        try await Self.wholeRound(app)
        let outcome = try await app.services.notifications.sendDueMail(through: transport)
        #expect(outcome.sent == 0 && outcome.failed > 0)
        let error = try #require(try await OutboxTests.rows(app).first?.lastError)
        #expect(error.hasPrefix("Không chạy được /opt/khong-co/msmtp"), "\(error)")
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, SiteURL.adminMail.path, as: "admin", app: app).body
            #expect(
                page.contains(
                    #"<p class="alert" role="alert" data-mail-problem>Không chạy được chương trình gửi thư /opt/khong-co/msmtp (mail.sendmail)"#
                )
            )
        }
    }

    @Test("the message text: encoded words of at most 75 characters split between characters, base64 lines of 76")
    func messageText() {
        let message = MailMessage(
            from: "parindex@snv.hanoi.gov.vn",
            to: "a@b.vn",
            subject: "Còn 1 ngày đến hạn giai đoạn \"Xem xét cuối cùng\" — Kỳ đánh giá chỉ số cải cách hành chính năm 2026",
            body: String(repeating: "Đề nghị bổ sung tài liệu kiểm chứng. ", count: 10),
            date: Timestamp.parse("2026-12-03T10:49:19Z")!,
            messageID: "x@snv.hanoi.gov.vn"
        )
        let text = message.text
        #expect(text.hasPrefix("From: ParIndex <parindex@snv.hanoi.gov.vn>\nTo: a@b.vn\nSubject: =?UTF-8?B?"))
        #expect(text.contains("\nDate: Thu, 03 Dec 2026 10:49:19 +0000\nMessage-ID: <x@snv.hanoi.gov.vn>\n"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 76 })
        let words = text.matches(of: #/=\?UTF-8\?B\?([A-Za-z0-9+\/=]+)\?=/#).map { String($0.output.1) }
        #expect(words.count > 2 && text.split(separator: "\n").filter { $0.contains("=?UTF-8?B?") }.allSatisfy { $0.count <= 76 })
        // Each word decodes on its own (no character cut in two), and together they are the subject.
        let pieces = words.map { Data(base64Encoded: $0).flatMap { String(data: $0, encoding: .utf8) } }
        #expect(pieces.allSatisfy { $0 != nil } && pieces.map { $0! }.joined() == message.subject)
        // Plain ASCII stays readable.
        #expect(MailMessage(from: "a@b.vn", to: "c@d.vn", subject: "Test 1", body: "", date: Date()).text.contains("\nSubject: Test 1\n"))
    }
}

extension Array where Element == SMTPSink.Received {
    /// The received messages in the order of `queued` (matched by recipient and subject).
    func reordered(like queued: [OutboxRow]) -> [SMTPSink.Received] {
        var left = self
        return queued.compactMap { mail in
            guard let index = left.firstIndex(where: { $0.rcptTos == [mail.recipient] && $0.subject == mail.subject }) else { return nil }
            return left.remove(at: index)
        }
    }
}
