import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// The council's pages: worklist, side-by-side review of one unit, and the appraisal, question
/// and settle forms (CSRF, PRG, Vietnamese errors next to the item).
@Suite struct ReviewPagesTests {
    /// A1 filled in and submitted (a file on 1.3, a reference on 1.1), the clock 11 days on, the
    /// cycle in appraisal.
    static func prepared() async throws -> (TestApp, evidence: String) {
        let app = try TestApp()
        try await app.seed()
        let s = app.services
        let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await s.assessments.setSelfEntry(
                cycle: "2026",
                unit: "A1",
                criterion: code,
                .init(entry: entry, note: code == "1.1" ? "Kế hoạch ban hành ngày 20/12" : nil),
                by: a1
            )
        }
        let file = try await app.attachPDF(criterion: "1.3", name: "Báo cáo.pdf", text: "A1", by: a1)
        _ = try await s.evidence.addReference(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(title: "Kế hoạch CCHC năm 2026", documentNumber: "12/KH-STC", issuedOn: "2025-12-20", url: "https://example.gov.vn/kh-12"),
            by: a1
        )
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        return (app, file.id)
    }

    static func session(_ client: some TestClientProtocol, _ app: TestApp, _ user: String) async throws -> (cookie: String, csrf: String) {
        try await browserSession(client, app, user)
    }

    static func item(_ app: TestApp, _ code: String) async throws -> Item {
        let view = try await app.services.assessments.view(cycle: "2026", unit: "A1", by: .commandLine())
        return try #require(view.rows.first { $0.leaf.code == code }).item
    }

    static let a1Page = "/review/2026/units/A1"
    static func appraisal(_ code: String) -> String { "/review/2026/units/A1/items/\(code)/appraisal" }

    @Test("worklist: r1 sees A1 and A2 in Vietnamese order with progress, never B1; units are refused")
    func worklist() async throws {
        let (app, _) = try await Self.prepared()
        // A2 submitted too: a draft is listed without a link or counts (DR-1, DraftAccessTests).
        try await app.submitOnBehalf("A2")
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/review/2026", as: "r1", app: app)
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.body.contains("Sở Tài chính") && page.body.contains("Sở Tư pháp"))
            #expect(!page.body.contains("Quận Cầu Giấy") && !page.body.contains("Quận Ba Đình"))
            #expect(page.body.contains(#"href="/review/2026/units/A1""#) && page.body.contains(#"href="/review/2026/units/A2""#))
            let taiChinh = try #require(page.body.range(of: "Sở Tài chính"))
            let tuPhap = try #require(page.body.range(of: "Sở Tư pháp"))
            #expect(taiChinh.lowerBound < tuPhap.lowerBound)
            // A1: 6 applicable self-scored items, none reviewed yet.
            #expect(page.body.contains("Đã nộp"))
            #expect(page.body.contains(#"<td class="num">6</td>"#))

            #expect(try await client.call(.get, "/review/2026", as: "u.a1", app: app).status == .notFound)
            #expect(try await client.call(.get, "/review/2026", as: "r3", app: app).status == .notFound)
            let anonymous = try await client.call(.get, "/review/2026", as: nil, app: app)
            #expect(anonymous.status == .found && anonymous.headers[.location] == "/login?next=/review/2026")

            let observer = try await client.call(.get, "/review/2026", as: "obs", app: app)
            #expect(observer.status == .ok && observer.body.contains("Quận Cầu Giấy"))
            #expect(try await client.call(.get, "/review/2026", as: "r2", app: app).body.contains("Quận Ba Đình"))
            #expect(try await client.call(.get, "/review/2027", as: "r1", app: app).status == .notFound)
        }
    }

    @Test("the unit page is 404 for a reviewer of another unit, one who belongs to it, and an unassigned one")
    func visibility() async throws {
        let (app, _) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let cases: [(String, String, HTTPResponse.Status)] = [
                (Self.a1Page, "r1", .ok), (Self.a1Page, "r2", .notFound), (Self.a1Page, "r3", .notFound), (Self.a1Page, "u.a1", .forbidden),
                ("/review/2026/units/B1", "r1", .notFound), ("/review/2026/units/ZZ", "r1", .notFound),
            ]
            for (path, user, status) in cases {
                let answer = try await client.call(.get, path, as: user, app: app)
                #expect(answer.status == status, "\(path) as \(user)")
            }
        }
    }

    @Test("side by side: self points, inputs, note, evidence and the appraisal form; admins and observers read only")
    func unitPage() async throws {
        let (app, evidence) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, Self.a1Page, as: "r1", app: app)
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            let html = page.body
            #expect(html.contains(#"<article id="item-1.1" class="item state-unreviewed" tabindex="-1""#))
            #expect(html.contains("2,00 / 2,00"))  // 1.1 self points
            #expect(html.contains("Kế hoạch ban hành ngày 20/12"))  // self note
            #expect(html.contains("Đúng hạn (1,00)"))  // 1.2 choice label
            #expect(html.contains("Hoàn thành: 9 / Tổng: 10 (90,00%)"))  // 1.3 ratio with the rule's labels
            // A PDF opens in the browser through the page route; the API's download stays beside it.
            #expect(html.contains(#"href="/cycles/2026/units/A1/evidence/\#(evidence)" target="_blank" rel="noopener">Báo cáo.pdf</a>"#))
            #expect(html.contains(#"href="/api/v1/evidence/\#(evidence)" download>"#))
            #expect(html.contains("12/KH-STC") && html.contains("20/12/2025") && html.contains(#"href="https://example.gov.vn/kh-12""#))
            #expect(html.contains(#"action="/review/2026/units/A1/items/1.1/appraisal""#))
            #expect(html.contains(#"action="/review/2026/units/A1/items/1.1/questions""#))
            #expect(html.contains(#"name="_csrf""#) && html.contains(#"name="version" value="#))
            #expect(html.contains("Bắt buộc khi điểm thẩm định khác điểm tự đánh giá (2,00)."))
            #expect(!html.contains("items/2.2/appraisal"))  // survey leaf: no form
            #expect(html.contains("<kbd>j</kbd>") && html.contains(#"src="/js/review.js""#))
            // Totals: self 2 + 1 + 1 + 1.5 = 5.5 of 10 (bonus and deduction 0) = 55%.
            #expect(html.contains("5,50") && html.contains("55,00"))
            #expect(!html.contains(#"style=""#) && !html.contains("<script>"))

            for reader in ["admin", "obs"] {
                let readOnly = try await client.call(.get, Self.a1Page, as: reader, app: app)
                #expect(readOnly.status == .ok)
                #expect(readOnly.body.contains("Báo cáo.pdf"))
                #expect(!readOnly.body.contains("/appraisal\""))
                #expect(readOnly.body.contains("chế độ chỉ đọc"))
            }
            let english = try await client.call(.get, Self.a1Page + "?lang=en", as: "r1", app: app)
            #expect(english.body.contains("Save appraisal") && english.body.contains("2.00 / 2.00"))
        }
    }

    @Test("appraisal form: saves with the session's CSRF token, explains a missing note in Vietnamese, refuses no token")
    func appraise() async throws {
        let (app, _) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app, "r1")
            let version = try await Self.item(app, "1.1").version

            // Same points as the unit: agreed, back to the item.
            let agreed = try await postForm(
                client,
                app,
                Self.appraisal("1.1"),
                cookie: cookie,
                [("_csrf", csrf), ("version", String(version)), ("points", "2,0"), ("note", "")]
            )
            #expect(agreed.status == .found)
            #expect(agreed.headers[.location] == "/review/2026/units/A1#item-1.1")
            #expect(try await Self.item(app, "1.1").state == .agreed)

            // Different points without a note: the page again, the message beside the item, 422.
            let refused = try await postForm(client, app, Self.appraisal("1.2"), cookie: cookie, [("_csrf", csrf), ("choice", "1")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.cacheControl] == "no-store")
            #expect(refused.body.contains(#"class="item state-unreviewed has-error""#))
            #expect(refused.body.contains("Điểm thẩm định khác điểm tự đánh giá: cần ghi rõ lý do."))
            #expect(refused.body.contains(#"<select id="ap-1.2-choice" name="choice" required"#))
            #expect(refused.body.contains(#"<option value="1" selected>Chậm (0,50)</option>"#))  // what was chosen stays
            #expect(try await Self.item(app, "1.2").state == .unreviewed)

            // With a reason: adjusted to the second option's points.
            let adjusted = try await postForm(
                client,
                app,
                Self.appraisal("1.2"),
                cookie: cookie,
                [("_csrf", csrf), ("choice", "1"), ("note", "Kế hoạch ban hành chậm 5 ngày")]
            )
            #expect(adjusted.status == .found)
            let item = try await Self.item(app, "1.2")
            #expect(item.state == .adjusted && item.appraised?.points == Points(hundredths: 50))
            #expect(item.appraised?.note == "Kế hoạch ban hành chậm 5 ngày")

            // Ratio inputs, and a stale version is a conflict shown on the page.
            let ratio = try await postForm(
                client,
                app,
                Self.appraisal("1.3"),
                cookie: cookie,
                [("_csrf", csrf), ("numerator", "9"), ("denominator", "10")]
            )
            #expect(ratio.status == .found)
            #expect(try await Self.item(app, "1.3").state == .agreed)
            let stale = try await postForm(
                client,
                app,
                Self.appraisal("1.1"),
                cookie: cookie,
                [("_csrf", csrf), ("version", String(version)), ("points", "2")]
            )
            #expect(stale.status == .conflict && stale.body.contains("đã được sửa ở nơi khác"))
            let badNumber = try await postForm(client, app, Self.appraisal("9.1"), cookie: cookie, [("_csrf", csrf), ("points", "1,234.5")])
            #expect(badNumber.status == .unprocessableContent && badNumber.body.contains("Điểm không hợp lệ"))

            // No token, a wrong token, or a bearer token (no session): 403, nothing changes.
            let before = try await Self.item(app, "9.1")
            let missing = try await postForm(client, app, Self.appraisal("9.1"), cookie: cookie, [("points", "0")])
            #expect(missing.status == .forbidden)
            let wrong = try await postForm(client, app, Self.appraisal("9.1"), cookie: cookie, [("_csrf", "x" + csrf), ("points", "0")])
            #expect(wrong.status == .forbidden)
            let bearer = try await client.call(
                .post,
                Self.appraisal("9.1"),
                as: "r1",
                app: app,
                body: ByteBuffer(string: "_csrf=\(csrf)&points=0"),
                contentType: "application/x-www-form-urlencoded"
            )
            #expect(bearer.status == .forbidden)
            #expect(try await Self.item(app, "9.1") == before)

            // Observers and admins cannot post; another reviewer's unit is 404.
            let (obsCookie, obsCSRF) = try await Self.session(client, app, "obs")
            #expect(
                try await postForm(client, app, Self.appraisal("9.1"), cookie: obsCookie, [("_csrf", obsCSRF), ("points", "0")]).status
                    == .forbidden
            )
            let (r2Cookie, r2CSRF) = try await Self.session(client, app, "r2")
            #expect(
                try await postForm(client, app, Self.appraisal("9.1"), cookie: r2Cookie, [("_csrf", r2CSRF), ("points", "0")]).status
                    == .notFound
            )
        }
    }

    @Test("filters show only the matching items, and saving under a filter goes on to the next one")
    func filters() async throws {
        let (app, _) = try await Self.prepared()
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        let s = app.services
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(2)), note: nil), by: r1)
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.2", .init(entry: .choice(2), note: "Không có"), by: r1)
        try await app.application.test(.router) { client in
            func shown(_ filter: String) async throws -> [String] {
                let page = try await client.call(.get, Self.a1Page + "?filter=" + filter, as: "r1", app: app)
                #expect(page.status == .ok)
                return ["1.1", "1.2", "1.3", "2.1", "2.2", "9.1", "9.2"].filter { page.body.contains(#"<article id="item-\#($0)""#) }
            }
            #expect(try await shown("adjusted") == ["1.2"])
            #expect(try await shown("unreviewed") == ["1.3", "2.1", "9.1", "9.2"])
            #expect(try await shown("questions") == [])
            #expect(try await shown("nonsense").count == 7)
            let questionsPage = try await client.call(.get, Self.a1Page + "?filter=questions", as: "r1", app: app)
            #expect(questionsPage.body.contains("Không có tiêu chí nào khớp bộ lọc này."))
            #expect(questionsPage.body.contains(#"href="/review/2026/units/A1?filter=questions" aria-current="page""#))

            // Asking under the "unreviewed" filter: 1.3 leaves the list, so on to 2.1.
            let (cookie, csrf) = try await Self.session(client, app, "r1")
            let asked = try await postForm(
                client,
                app,
                "/review/2026/units/A1/items/1.3/questions",
                cookie: cookie,
                [("_csrf", csrf), ("filter", "unreviewed"), ("message", "Đề nghị gửi danh sách nhiệm vụ")]
            )
            #expect(asked.status == .found)
            #expect(asked.headers[.location] == "/review/2026/units/A1?filter=unreviewed#item-2.1")
            #expect(try await Self.item(app, "1.3").state == .questionOpen)
            #expect(try await shown("questions") == ["1.3"])
            let emptyQuestion = try await postForm(
                client,
                app,
                "/review/2026/units/A1/items/2.1/questions",
                cookie: cookie,
                [("_csrf", csrf), ("message", "  ")]
            )
            #expect(emptyQuestion.status == .unprocessableContent)

            let worklist = try await client.call(.get, "/review/2026", as: "r1", app: app)
            #expect(worklist.body.contains(#"<td class="num">2</td>"#))  // appraised
            #expect(worklist.body.contains(#"<td class="num">1</td>"#))  // question open
        }
    }

    @Test("final review: the settle form records a disposition and final points")
    func settle() async throws {
        let (app, _) = try await Self.prepared()
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        let s = app.services
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(1)), note: "Thiếu phụ lục"), by: r1)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.1", message: "Đề nghị bổ sung phụ lục", by: r1)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: .commandLine())
        _ = try await s.review.answer(cycle: "2026", unit: "A1", criterion: "1.1", message: "Đã bổ sung phụ lục", by: a1)
        _ = try await s.admin.movePhase(cycle: "2026", to: .finalReview, by: .commandLine())
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, Self.a1Page, as: "r1", app: app)
            #expect(page.body.contains(#"action="/review/2026/units/A1/items/1.1/settle""#))
            #expect(page.body.contains("Đề nghị bổ sung phụ lục") && page.body.contains("Đã bổ sung phụ lục"))
            #expect(page.body.contains(#"value="partly_accepted""#))
            #expect(!page.body.contains("/questions\""))  // no new questions after appraisal

            let (cookie, csrf) = try await Self.session(client, app, "r1")
            let url = "/review/2026/units/A1/items/1.1/settle"
            let noNote = try await postForm(
                client,
                app,
                url,
                cookie: cookie,
                [("_csrf", csrf), ("disposition", "partly_accepted"), ("points", "1,5")]
            )
            #expect(noNote.status == .unprocessableContent)
            #expect(noNote.body.contains(#"value="partly_accepted" required checked"#))
            let settled = try await postForm(
                client,
                app,
                url,
                cookie: cookie,
                [("_csrf", csrf), ("disposition", "partly_accepted"), ("points", "1,5"), ("note", "Phụ lục bổ sung một phần")]
            )
            #expect(settled.status == .found && settled.headers[.location] == "/review/2026/units/A1#item-1.1")
            let item = try await Self.item(app, "1.1")
            #expect(item.state == .settled && item.final?.points == Points(hundredths: 150) && item.final?.disposition == .partlyAccepted)
            let after = try await client.call(.get, Self.a1Page, as: "r1", app: app)
            #expect(after.body.contains("Chấp nhận một phần") && after.body.contains("Cuối cùng"))
        }
    }
}
