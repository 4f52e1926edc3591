import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// The unit's pages: the self-assessment grid, its forms (CSRF, PRG, errors beside the row),
/// evidence through the page routes, submission with its confirmation, the receipt, and answers
/// in the explanation phase. Another unit's pages are 404; other roles read without forms.
@Suite struct UnitPagesTests {
    static let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
    static let page = "/cycles/2026/units/A1"
    static let pages = [page, page + "/submit", page + "/receipt"]

    /// A seeded app where A1 has entered every self-scored leaf (none of the evidence yet).
    static func filled() async throws -> TestApp {
        let app = try TestApp()
        try await app.seed()
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(1)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await app.services.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: code, .init(entry: entry), by: a1)
        }
        return app
    }

    /// A1 filled in, with a file on 1.3, submitted.
    static func submitted() async throws -> TestApp {
        let app = try await filled()
        try await attachFile(app, "1.3", name: "Báo cáo.pdf")
        _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        return app
    }

    static func attachFile(_ app: TestApp, _ code: String, name: String) async throws {
        try await app.attachPDF(criterion: code, name: name, text: name, by: a1)
    }

    static func session(_ client: some TestClientProtocol, _ app: TestApp, _ user: String = "u.a1") async throws -> (cookie: String, csrf: String) {
        try await browserSession(client, app, user)
    }

    static func item(_ app: TestApp, _ code: String) async throws -> AssessmentService.View.Row {
        let view = try await app.services.assessments.view(cycle: "2026", unit: "A1", by: .commandLine())
        return try #require(view.rows.first { $0.leaf.code == code })
    }

    // MARK: - Reading

    @Test("the grid as the unit: Vietnamese columns, one form per row, the right input per rule kind, no-store")
    func gridAsUnit() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(.get, Self.page, as: "u.a1", app: app)
            #expect(answer.status == .ok)
            #expect(answer.headers[.cacheControl] == "no-store")
            let html = answer.body
            for words in [
                "Tự đánh giá", "Sở Tài chính", "STT", "Điểm tối đa", "Số liệu / lựa chọn", "Cách tính", "Tài liệu kiểm chứng", "Điểm tự chấm",
            ] {
                #expect(html.contains(words), "missing \(words)")
            }
            #expect(html.contains(#"<details class="field" open>"#))
            #expect(html.contains(#"<link rel="stylesheet" href="/css/unit.css">"#) && html.contains(#"src="/js/unit.js""#))
            // One form per self-scored row, each with the CSRF token and the version.
            for code in ["1.1", "1.2", "1.3", "2.1", "9.1", "9.2"] {
                #expect(html.contains(#"<form id="entry-\#(code)" method="post" action="/cycles/2026/units/A1/items/\#(code)""#), "\(code)")
                #expect(html.contains(#"id="item-\#(code)""#))
            }
            #expect(!html.contains(#"id="entry-2.2""#))  // survey
            #expect(html.contains("Lấy từ điều tra xã hội học"))
            #expect(html.contains(#"name="points" inputmode="decimal""#))
            #expect(html.contains(#"<select id="c-1.2" name="choice" aria-label="Lựa chọn cho tiêu chí 1.2""#))
            #expect(html.contains(#"<option value="1">Chậm (0,50)</option>"#))
            #expect(html.contains(#"<label for="n-1.3">Hoàn thành</label>"#) && html.contains(#"<label for="d-1.3">Tổng</label>"#))
            #expect(html.contains(#"id="na-1.3""#) && !html.contains(#"id="na-1.1""#))  // only 1.3 may be N/A
            #expect(html.contains("từ 80,00%: 1,00 điểm"))
            #expect(html.contains(#"data-rule="{&quot;kind&quot;:&quot;scale&quot;,&quot;max&quot;:200,&quot;step&quot;:50}""#))
            #expect(html.contains(#"action="/cycles/2026/units/A1/items/1.3/evidence?_csrf="#))
            #expect(html.contains(#"enctype="multipart/form-data""#))
            #expect(!html.contains("style="))  // CSP: no inline style attributes
            #expect(!html.contains("<script>"))

            let english = try await client.call(.get, Self.page + "?lang=en", as: "u.a1", app: app)
            #expect(english.status == .ok && english.body.contains("Self-assessment") && english.body.contains("Figures / choice"))

            #expect(try await client.call(.get, "/js/unit.js", as: nil, app: app).status == .ok)
            #expect(try await client.call(.get, "/css/unit.css", as: nil, app: app).status == .ok)
        }
    }

    @Test("another unit gets 404 on every page; anonymous visitors are sent to sign in")
    func otherUnitAndAnonymous() async throws {
        let app = try await Self.submitted()
        try await app.application.test(.router) { client in
            for path in Self.pages {
                let other = try await client.call(.get, path, as: "u.a2", app: app)
                #expect(other.status == .notFound, "\(path)")
                #expect(!other.body.contains("Sở Tài chính"))
                let conflicted = try await client.call(.get, path, as: "r2", app: app)  // a reviewer of other units (who belongs to A1)
                #expect(conflicted.status == .notFound, "\(path)")
                let anonymous = try await client.call(.get, path, as: nil, app: app)
                #expect(anonymous.status == .found && anonymous.headers[.location] == "/login?next=\(path)", "\(path)")
            }
        }
    }

    @Test("admins, observers and the assigned reviewer read every page without the forms")
    func readOnlyRoles() async throws {
        let app = try await Self.submitted()
        try await app.application.test(.router) { client in
            for user in ["admin", "obs", "r1"] {
                for path in Self.pages {
                    let answer = try await client.call(.get, path, as: user, app: app)
                    #expect(answer.status == .ok, "\(user) \(path)")
                    #expect(answer.headers[.cacheControl] == "no-store")
                    #expect(answer.body.contains("Sở Tài chính"))
                    #expect(!answer.body.contains(#"<form id="entry-"#), "\(user) \(path)")
                    #expect(!answer.body.contains("/evidence?_csrf="))
                }
                let grid = try await client.call(.get, Self.page, as: user, app: app)
                #expect(grid.body.contains("Bạn đang xem ở chế độ chỉ đọc."))
                #expect(grid.body.contains("Chậm (0,50)"))  // the saved choice, as text
            }
        }
    }

    @Test("before submission the grid is open to the unit; after it, read-only with the receipt link")
    func readOnlyAfterSubmission() async throws {
        let app = try await Self.submitted()
        try await app.application.test(.router) { client in
            let grid = try await client.call(.get, Self.page, as: "u.a1", app: app)
            #expect(grid.status == .ok)
            #expect(!grid.body.contains(#"<form id="entry-"#))
            #expect(grid.body.contains("Đơn vị đã nộp bản tự đánh giá lúc"))
            #expect(grid.body.contains(#"href="/cycles/2026/units/A1/receipt""#))
            #expect(!grid.body.contains("/delete\""))
        }
    }

    // MARK: - Writing a row

    @Test("a row's form saves the entry with the session's CSRF token and comes back to the row")
    func saveRow() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            // The page carries the session's token in every form.
            let html = try await client.call(.get, Self.page, as: nil, app: app, headers: [.cookie: cookie]).body
            #expect(html.contains(#"name="_csrf" value="\#(csrf)""#))

            let saved = try await postForm(
                client,
                app,
                Self.page + "/items/1.1",
                cookie: cookie,
                [("_csrf", csrf), ("points", "1,5"), ("note", "Kế hoạch số 12"), ("version", "0")]
            )
            #expect(saved.status == .found)
            #expect(saved.headers[.location] == "/cycles/2026/units/A1#item-1.1")
            let row = try await Self.item(app, "1.1")
            #expect(row.item.selfValue?.points == Points(hundredths: 150))
            #expect(row.item.selfValue?.note == "Kế hoạch số 12")
            #expect(row.item.version == 1)

            // Ratio and choice rows, and N/A with a reason.
            let ratio = try await postForm(
                client,
                app,
                Self.page + "/items/2.1",
                cookie: cookie,
                [("_csrf", csrf), ("numerator", "95"), ("denominator", "100"), ("note", "")]
            )
            #expect(ratio.status == .found)
            #expect(try await Self.item(app, "2.1").item.selfValue?.points == Points(hundredths: 285))
            _ = try await postForm(client, app, Self.page + "/items/1.2", cookie: cookie, [("_csrf", csrf), ("choice", "0")])
            #expect(try await Self.item(app, "1.2").item.selfValue?.points == Points(1))
            _ = try await postForm(
                client,
                app,
                Self.page + "/items/1.3",
                cookie: cookie,
                [("_csrf", csrf), ("na", "1"), ("naReason", "Không có nhiệm vụ")]
            )
            let na = try await Self.item(app, "1.3").item
            #expect(!na.applicable && na.notApplicableReason == "Không có nhiệm vụ")

            // The grid shows the computed points and the running totals.
            let grid = try await client.call(.get, Self.page, as: "u.a1", app: app).body
            #expect(grid.contains(#"<output class="points" data-points aria-label="Điểm tính được">1,50</output>"#))
            #expect(grid.contains(#"data-total-points>5,35<"#))  // 1.5 + 1 + 2.85
        }
    }

    @Test("a form without the CSRF token is refused and saves nothing")
    func csrfRequired() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, _) = try await Self.session(client, app)
            let refused = try await postForm(client, app, Self.page + "/items/1.1", cookie: cookie, [("points", "2")])
            #expect(refused.status == .forbidden)
            let wrong = try await postForm(client, app, Self.page + "/items/1.1", cookie: cookie, [("_csrf", "nope"), ("points", "2")])
            #expect(wrong.status == .forbidden)
            #expect(try await Self.item(app, "1.1").item.selfValue == nil)
            // The upload route checks the token in its query.
            let upload = try await client.call(
                .post,
                Self.page + "/items/1.3/evidence",
                as: nil,
                app: app,
                body: multipart([("a.pdf", pdfBytes("a"))]),
                contentType: multipartType,
                headers: [.cookie: cookie]
            )
            #expect(upload.status == .forbidden)
            #expect(try await Self.item(app, "1.3").evidence.isEmpty)
        }
    }

    @Test("a rule's refusal is shown beside the row with what was typed (422); a stale version is 409")
    func rowErrors() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let tooMuch = try await postForm(client, app, Self.page + "/items/1.1", cookie: cookie, [("_csrf", csrf), ("points", "2,5")])
            #expect(tooMuch.status == .unprocessableContent)
            #expect(tooMuch.body.contains("Điểm phải trong khoảng 0 đến 2,00."))
            #expect(tooMuch.body.contains(#"value="2,5" aria-describedby="p-1.1-hint err-1.1" aria-invalid="true" autofocus"#))
            #expect(tooMuch.body.contains(#"<p id="err-1.1" class="alert" role="alert">"#))
            let loose = try await postForm(client, app, Self.page + "/items/1.1", cookie: cookie, [("_csrf", csrf), ("points", "1,234.5")])
            #expect(loose.status == .unprocessableContent && loose.body.contains("0,25 hoặc 0.25"))
            let half = try await postForm(client, app, Self.page + "/items/2.1", cookie: cookie, [("_csrf", csrf), ("numerator", "5")])
            #expect(half.status == .unprocessableContent)

            _ = try await postForm(client, app, Self.page + "/items/1.1", cookie: cookie, [("_csrf", csrf), ("points", "1"), ("version", "0")])
            let stale = try await postForm(
                client,
                app,
                Self.page + "/items/1.1",
                cookie: cookie,
                [("_csrf", csrf), ("points", "2"), ("version", "0")]
            )
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("đã được sửa ở nơi khác"))
            #expect(try await Self.item(app, "1.1").item.selfValue?.points == Points(1))
        }
    }

    @Test("the JSON autosave the page uses: PUT with the cookie, X-CSRF-Token and the version")
    func autosaveContract() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let put = try await client.call(
                .put,
                "/api/v1/cycles/2026/units/A1/items/1.1",
                as: nil,
                app: app,
                json: #"{"points": 0.5, "note": "", "version": 0}"#,
                headers: [.cookie: cookie, .init("X-CSRF-Token")!: csrf]
            )
            #expect(put.status == .ok)
            #expect(put.json?["version"] == .int(1))
            #expect(put.json?["self"]?["points"] == .number("0.5"))
        }
    }

    // MARK: - Evidence

    @Test("evidence through the page routes: upload streams a file, a reference is added, delete removes it")
    func evidenceRoutes() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let uploaded = try await client.call(
                .post,
                Self.page + "/items/1.3/evidence?_csrf=\(csrf)",
                as: nil,
                app: app,
                body: multipart([("Báo cáo tổng hợp.pdf", pdfBytes("A1 bao cao"))]),
                contentType: multipartType,
                headers: [.cookie: cookie]
            )
            #expect(uploaded.status == .found)
            #expect(uploaded.headers[.location] == "/cycles/2026/units/A1#item-1.3")
            let row = try await Self.item(app, "1.3")
            let file = try #require(row.evidence.first)
            #expect(file.filename == "Báo cáo tổng hợp.pdf" && file.kind == .file)
            #expect(app.storedFiles.contains { $0.hasSuffix(file.sha256!) })

            // The grid lists it: name (opening the PDF in the browser), size, 12 hex characters of the
            // hash, the download link.
            let grid = try await client.call(.get, Self.page, as: "u.a1", app: app).body
            #expect(grid.contains(#"<a href="/cycles/2026/units/A1/evidence/\#(file.id)" target="_blank" rel="noopener">Báo cáo tổng hợp.pdf</a>"#))
            #expect(grid.contains(#"<a href="/api/v1/evidence/\#(file.id)" download>"#))
            #expect(grid.contains(#"<code title="\#(file.sha256!)">\#(String(file.sha256!.prefix(12)))</code>"#))
            #expect(grid.contains("\(file.size!) B"))

            // A wrong file type comes back beside the row (415), nothing stored.
            let bad = try await client.call(
                .post,
                Self.page + "/items/1.1/evidence?_csrf=\(csrf)",
                as: nil,
                app: app,
                body: multipart([("virus.exe", Array("MZ....".utf8))]),
                contentType: multipartType,
                headers: [.cookie: cookie]
            )
            #expect(bad.status == .unsupportedMediaType)
            #expect(bad.body.contains("không thuộc loại được chấp nhận"))
            #expect(try await Self.item(app, "1.1").evidence.isEmpty)

            // A document reference, with a date typed the Vietnamese way.
            let reference = try await postForm(
                client,
                app,
                Self.page + "/items/1.1/references",
                cookie: cookie,
                [
                    ("_csrf", csrf), ("title", "Kế hoạch CCHC năm 2026"), ("documentNumber", "12/KH-STC"), ("issuedOn", "20/12/2025"),
                    ("url", "https://example.gov.vn/kh-12"),
                ]
            )
            #expect(reference.status == .found)
            let ref = try #require(try await Self.item(app, "1.1").evidence.first)
            #expect(ref.kind == .reference && ref.issuedOn == "2025-12-20" && ref.documentNumber == "12/KH-STC")
            let noTitle = try await postForm(client, app, Self.page + "/items/1.1/references", cookie: cookie, [("_csrf", csrf), ("title", " ")])
            #expect(noTitle.status == .unprocessableContent)

            // Delete (before submission), through its own form.
            let deleted = try await postForm(client, app, Self.page + "/evidence/\(file.id)/delete", cookie: cookie, [("_csrf", csrf)])
            #expect(deleted.status == .found)
            #expect(deleted.headers[.location] == "/cycles/2026/units/A1#item-1.3")
            #expect(try await Self.item(app, "1.3").evidence.isEmpty)
            // Deleting needs the token too.
            let noCSRF = try await postForm(client, app, Self.page + "/evidence/\(ref.id)/delete", cookie: cookie, [])
            #expect(noCSRF.status == .forbidden)
        }
    }

    // MARK: - Submission and receipt

    @Test("the confirmation lists a leaf missing required evidence; once complete, submitting leads to the receipt")
    func submitAndReceipt() async throws {
        let app = try await Self.filled()
        try await app.application.test(.router) { client in
            let confirm = try await client.call(.get, Self.page + "/submit", as: "u.a1", app: app)
            #expect(confirm.status == .ok)
            #expect(confirm.headers[.cacheControl] == "no-store")
            #expect(confirm.body.contains("Tiêu chí thiếu tài liệu kiểm chứng bắt buộc (1)"))
            #expect(confirm.body.contains(#"<a href="/cycles/2026/units/A1#item-1.3">1.3 — Tỷ lệ hoàn thành</a>"#))
            #expect(!confirm.body.contains("Xác nhận nộp bản tự đánh giá"))

            let (cookie, csrf) = try await Self.session(client, app)
            // Submitting anyway is refused by the service, shown on the page.
            let early = try await postForm(client, app, Self.page + "/submit", cookie: cookie, [("_csrf", csrf)])
            #expect(early.status == .unprocessableContent)
            #expect(early.body.contains("thiếu tài liệu kiểm chứng bắt buộc"))
            #expect(try await client.call(.get, Self.page + "/receipt", as: "u.a1", app: app).status == .notFound)

            try await Self.attachFile(app, "1.3", name: "Báo cáo.pdf")
            let ready = try await client.call(.get, Self.page + "/submit", as: "u.a1", app: app)
            #expect(ready.body.contains("có thể nộp") && ready.body.contains("Xác nhận nộp bản tự đánh giá"))
            #expect(ready.body.contains(#"<form method="post" action="/cycles/2026/units/A1/submit""#))

            let noToken = try await postForm(client, app, Self.page + "/submit", cookie: cookie, [])
            #expect(noToken.status == .forbidden)
            let submitted = try await postForm(client, app, Self.page + "/submit", cookie: cookie, [("_csrf", csrf)])
            #expect(submitted.status == .found)
            #expect(submitted.headers[.location] == "/cycles/2026/units/A1/receipt")

            let (_, sha256) = try await app.services.assessments.receipt(cycle: "2026", unit: "A1", by: .commandLine())
            let receipt = try await client.call(.get, Self.page + "/receipt", as: "u.a1", app: app)
            #expect(receipt.status == .ok)
            #expect(receipt.headers[.cacheControl] == "no-store")
            #expect(receipt.body.contains("Biên nhận nộp bản tự đánh giá"))
            #expect(receipt.body.contains(#"<code class="hash" data-receipt-sha256>\#(sha256)</code>"#))
            #expect(receipt.body.contains("Báo cáo.pdf") && receipt.body.contains("sha256sum bien-nhan-2026-A1.json"))
            #expect(receipt.body.contains("Chậm (0,50)"))
            // The downloadable manifest hashes to the receipt.
            let json = try await client.call(.get, "/api/v1/cycles/2026/units/A1/receipt", as: "u.a1", app: app)
            #expect(Digests.sha256Hex(json.body) == sha256)

            // Submitted: the confirmation page says so and offers no button.
            let after = try await client.call(.get, Self.page + "/submit", as: "u.a1", app: app)
            #expect(after.body.contains("Đơn vị đã nộp bản tự đánh giá lúc") && !after.body.contains("Xác nhận nộp"))
        }
    }

    // MARK: - Explanation

    @Test("explanation: the question shows without the reviewer's name, and the answer form records the answer")
    func explanation() async throws {
        let app = try await Self.submitted()
        let s = app.services
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(1)), note: "Thiếu phụ lục"), by: r1)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.1", message: "Đề nghị bổ sung phụ lục kế hoạch", by: r1)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: .commandLine())
        try await app.application.test(.router) { client in
            let grid = try await client.call(.get, Self.page, as: "u.a1", app: app)
            #expect(grid.status == .ok)
            #expect(grid.body.contains("Đề nghị bổ sung phụ lục kế hoạch"))
            #expect(grid.body.contains("Hội đồng thẩm định yêu cầu"))
            #expect(!grid.body.contains("bởi r1"))
            #expect(grid.body.contains("Thiếu phụ lục"))  // the council's reason, without a name
            #expect(grid.body.contains(#"action="/cycles/2026/units/A1/items/1.1/answers""#))
            #expect(grid.body.contains(#"action="/cycles/2026/units/A1/items/1.1/evidence?_csrf="#))  // supplementary upload
            #expect(!grid.body.contains(#"action="/cycles/2026/units/A1/items/1.2/answers""#))
            #expect(!grid.body.contains(#"<form id="entry-"#))

            // An admin reads the thread with the name.
            #expect(try await client.call(.get, Self.page, as: "admin", app: app).body.contains("bởi r1"))

            let (cookie, csrf) = try await Self.session(client, app)
            let empty = try await postForm(client, app, Self.page + "/items/1.1/answers", cookie: cookie, [("_csrf", csrf), ("message", " ")])
            #expect(empty.status == .unprocessableContent)
            let answered = try await postForm(
                client,
                app,
                Self.page + "/items/1.1/answers",
                cookie: cookie,
                [("_csrf", csrf), ("message", "Đã bổ sung phụ lục")]
            )
            #expect(answered.status == .found && answered.headers[.location] == "/cycles/2026/units/A1#item-1.1")
            let row = try await Self.item(app, "1.1")
            #expect(row.item.state == .answered && row.thread.last?.body == "Đã bổ sung phụ lục")

            let supplement = try await client.call(
                .post,
                Self.page + "/items/1.1/evidence?_csrf=\(csrf)",
                as: nil,
                app: app,
                body: multipart([("Phụ lục.pdf", pdfBytes("phu luc"))]),
                contentType: multipartType,
                headers: [.cookie: cookie]
            )
            #expect(supplement.status == .found)
            #expect(try await Self.item(app, "1.1").evidence.contains { $0.supplementary && $0.filename == "Phụ lục.pdf" })
        }
    }
}
