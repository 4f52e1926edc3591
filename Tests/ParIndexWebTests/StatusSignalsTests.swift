import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// Every count and badge says what it counts, for the person looking: the required-evidence line
/// follows the row's files, "scored" does not hide missing evidence, a unit's dashboard counts only
/// its own work, an observer gets no to-do list, refusals name things in words, and the error page
/// shows a reference only when there is one.
@Suite struct StatusSignalsTests {
    static let page = UnitPagesTests.page

    /// The text of the totals cell marked `attribute`.
    static func cell(_ html: String, _ attribute: String) -> String? {
        guard let match = html.firstMatch(of: try! Regex("<dd class=\"[^\"]*\" \(attribute)>([^<]*)</dd>")) else { return nil }
        return match.output[1].substring.map(String.init)
    }

    @Test("the required-evidence line is red while 1.3 has no file, and says it is provided once it has one; the totals count it apart from scoring")
    func requiredEvidenceFollowsTheFiles() async throws {
        let app = try await UnitPagesTests.filled()
        try await app.application.test(.router) { client in
            let before = try await client.call(.get, Self.page, as: "u.a1", app: app).body
            #expect(before.contains(#"<p class="required" data-evidence-need"#))
            #expect(before.contains(">Bắt buộc có tài liệu kiểm chứng: chưa có tài liệu nào.</p>"))
            // Every applicable self-scored leaf has points, and one still lacks its required evidence.
            #expect(Self.cell(before, "data-total-scored") == "6/6")
            #expect(Self.cell(before, "data-total-missing-evidence") == "1")
            #expect(before.contains("Tiêu chí đã nhập điểm") && before.contains("Tiêu chí còn thiếu tài liệu kiểm chứng bắt buộc"))

            try await UnitPagesTests.attachFile(app, "1.3", name: "Báo cáo.pdf")
            let after = try await client.call(.get, Self.page, as: "u.a1", app: app).body
            #expect(!after.contains(#"<p class="required""#))
            #expect(after.contains(#"<p class="required-met" data-evidence-need"#))
            #expect(after.contains(">Bắt buộc có tài liệu kiểm chứng: đã có.</p>"))
            #expect(Self.cell(after, "data-total-missing-evidence") == "0")
            // Reviewers, admins and observers read the same line, once the unit has submitted (DR-1).
            try await app.submitOnBehalf("A1")
            #expect(try await client.call(.get, Self.page, as: "obs", app: app).body.contains(">Bắt buộc có tài liệu kiểm chứng: đã có.</p>"))
        }
    }

    @Test("a leaf marked not applicable needs no evidence: it is not counted missing")
    func notApplicableNeedsNoEvidence() async throws {
        let app = try await UnitPagesTests.filled()
        _ = try await app.services.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(entry: nil, notApplicableReason: "Không giao nhiệm vụ"),
            by: UnitPagesTests.a1
        )
        try await app.application.test(.router) { client in
            let html = try await client.call(.get, Self.page, as: "u.a1", app: app).body
            #expect(Self.cell(html, "data-total-scored") == "5/5")
            #expect(Self.cell(html, "data-total-missing-evidence") == "0")
            // The row's own line hides, rather than call for evidence nothing requires.
            #expect(html.contains(#"<p class="required" data-evidence-need"#) && html.contains(#"hidden>Bắt buộc có tài liệu kiểm chứng: chưa"#))
        }
    }

    /// A1 submitted, appraised by r1 with a question on 1.1 and on 1.2, answered on 1.2, in explanation.
    static func questioned() async throws -> TestApp {
        let app = try await UnitPagesTests.submitted()
        let s = app.services
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        _ = try await s.review.appraise(
            cycle: "2026",
            unit: "A1",
            criterion: "2.1",
            .init(entry: .ratio(numerator: 1, denominator: 2), note: nil),
            by: r1
        )
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.1", message: "Đề nghị bổ sung phụ lục", by: r1)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.2", message: "Ngày ban hành?", by: r1)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: .commandLine())
        _ = try await s.review.answer(cycle: "2026", unit: "A1", criterion: "1.2", message: "Ngày 20/12", by: UnitPagesTests.a1)
        return app
    }

    /// The `<dd>` after the `<dt>` that reads `label`.
    static func fact(_ html: String, _ label: String) -> String? {
        guard let range = html.range(of: "<dt>\(label)</dt><dd>") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "<" })
    }

    @Test("a unit's dashboard counts the questions waiting for its answer apart from the items waiting for the council")
    func unitDashboardCountsItsOwnWork() async throws {
        let app = try await Self.questioned()
        try await app.application.test(.router) { client in
            let html = try await client.call(.get, "/dashboard", as: "u.a1", app: app).body
            #expect(html.contains("<h1>Việc cần làm</h1>"))
            #expect(Self.fact(html, "Bản tự đánh giá của đơn vị") == "Đã nộp")
            #expect(DashboardToDoTests.toDo(html).map { "\($0.count ?? "") \($0.text)" } == ["1 câu hỏi chờ trả lời"])
            // 1.2 answered, and 1.3, 9.1, 9.2 not yet appraised: the council's, not the unit's.
            #expect(Self.fact(html, "Tiêu chí chờ Hội đồng thẩm định, chốt") == "4")
            #expect(!html.contains("Tiêu chí chưa hoàn tất"))
            #expect(html.contains("data-countdown"))

            let grid = try await client.call(.get, Self.page, as: "u.a1", app: app).body
            #expect(grid.contains("Hội đồng thẩm định yêu cầu giải trình 1 tiêu chí"))

            let reviewer = try await client.call(.get, "/dashboard", as: "r1", app: app).body
            // In explanation the council waits for the units: the question is a fact, not a to-do.
            #expect(DashboardToDoTests.toDo(reviewer).isEmpty)
            #expect(Self.fact(reviewer, "Câu hỏi đang chờ đơn vị trả lời") == "1")
            #expect(Self.fact(reviewer, "Đã nộp") == "1/2")
        }
    }

    @Test("an observer follows progress: no to-do heading, no countdown, a link that says follow")
    func observerHasNoToDo() async throws {
        let app = try await Self.questioned()
        try await app.application.test(.router) { client in
            let html = try await client.call(.get, "/dashboard", as: "obs", app: app).body
            #expect(html.contains("<h1>Theo dõi kỳ đánh giá</h1>"))
            #expect(!html.contains("Việc cần làm"))
            #expect(!html.contains("data-countdown") && !html.contains("<dt>Còn lại</dt>"))
            #expect(html.contains(#"<a href="/dashboard">Theo dõi</a>"#))
            #expect(Self.fact(html, "Đã nộp") == "1/4")
            #expect(Self.fact(html, "Tiêu chí chưa hoàn tất") != nil)
            // The admin still has the countdown and the to-do heading.
            let admin = try await client.call(.get, "/dashboard", as: "admin", app: app).body
            #expect(admin.contains("<h1>Việc cần làm</h1>") && admin.contains("data-countdown"))
        }
    }

    @Test("refusals name things in words for people, keeping the code and details.field for programs")
    func refusalsInWords() async throws {
        let (app, _) = try await ReviewPagesTests.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let empty = try await postForm(
                client,
                app,
                "/review/2026/units/A1/items/2.1/questions",
                cookie: cookie,
                [("_csrf", csrf), ("message", "  ")]
            )
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("Cần nhập nội dung câu hỏi."))
            #expect(!empty.body.contains("Cần nhập &quot;") && !empty.body.contains("Cần nhập \""))
        }
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        let error = await #expect(throws: DomainError.self) {
            _ = try await app.services.review.ask(cycle: "2026", unit: "A1", criterion: "2.1", message: " ", by: r1)
        }
        #expect(error?.code == "required" && error?.details["field"] == .string("message"))
        #expect(error?.message == "Cần nhập nội dung câu hỏi.")

        let long = #expect(throws: DomainError.self) {
            _ = try cleanText(String(repeating: "a", count: 4001), field: "note", name: "ghi chú thẩm định")
        }
        #expect(long?.code == "too_long" && long?.details["field"] == .string("note") && long?.details["max"] == .int(4000))
        #expect(long?.message == "Ghi chú thẩm định dài quá 4.000 ký tự.")
        let reopen = await #expect(throws: DomainError.self) {
            _ = try await app.services.assessments.reopen(cycle: "2026", unit: "A1", reason: " ", by: .commandLine())
        }
        #expect(reopen?.message == "Cần nêu lý do mở lại bản tự đánh giá." && reopen?.details["field"] == .string("reason"))
    }

    @Test("the error page shows a reference only for our own failures, where the log holds it")
    func errorPageReference() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let missing = try await client.call(.get, "/cycles/2026/units/ZZ", as: "u.a1", app: app)
            #expect(missing.status == .notFound)
            #expect(missing.body.contains(#"<p class="alert" role="alert">"#))
            #expect(!missing.body.contains("Mã tham chiếu"))
            #expect(!missing.body.contains("<code></code>"))
        }
        let failure = ErrorPage(DomainError.internalFailure())
        #expect(failure.reference == nil)
        var logged = DomainError.internalFailure()
        logged.details["reference"] = .string("a1b2c3d4e5f6")
        #expect(ErrorPage(logged).reference == "a1b2c3d4e5f6" && ErrorPage(logged).status == 500)
    }
}
