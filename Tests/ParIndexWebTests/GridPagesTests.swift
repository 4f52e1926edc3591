import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// The dense grids' working parts: the reviewer's bulk acceptance of the unit's scores (one
/// recorded action), a row saved without reloading the page, and evidence opened in the browser.
@Suite struct GridPagesTests {
    static let page = ReviewPagesTests.a1Page
    static let accept = "/review/2026/units/A1/accept"
    static let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)

    /// A1 filled in and submitted (a PDF on 1.3, a Word file on 1.1), A2 with a PDF of its own, the
    /// cycle in appraisal.
    static func prepared() async throws -> (TestApp, pdf: String, word: String) {
        let app = try await UnitPagesTests.filled()
        let pdf = try await app.attachPDF(criterion: "1.3", name: "Báo cáo.pdf", text: "A1", by: UnitPagesTests.a1)
        try await app.attachPDF(unit: "A2", criterion: "1.3", name: "A2.pdf", text: "A2", by: Caller(username: "u.a2", role: .unit, unitCode: "A2"))
        let upload = try app.storage.beginUpload()
        try Array("PK\u{3}\u{4} kế hoạch".utf8).withUnsafeBytes { try upload.write($0) }
        let (sha256, size) = try upload.finish()
        try upload.commit()
        let word = try await app.services.evidence.addFile(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            filename: "Kế hoạch.docx",
            size: size,
            sha256: sha256,
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            by: UnitPagesTests.a1
        )
        _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: UnitPagesTests.a1)
        app.clock.advance(by: 11 * 86400)
        _ = try await app.services.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        return (app, pdf.id, word.id)
    }

    static func items(_ app: TestApp) async throws -> [String: Item] {
        let view = try await app.services.assessments.view(cycle: "2026", unit: "A1", by: .commandLine())
        return Dictionary(uniqueKeysWithValues: view.rows.map { ($0.leaf.code, $0.item) })
    }

    /// r1 adjusts 1.1 (2,00 claimed) down to 1,00 with a reason.
    static func adjustFirst(_ app: TestApp) async throws {
        _ = try await app.services.review.appraise(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(entry: .points(Points(1)), note: "Thiếu phụ lục"),
            by: r1
        )
    }

    static func appraisals(_ app: TestApp) async throws -> [LedgerEvent] {
        try await ledgerActions(app).filter { $0.action == "item.appraise" }
    }

    // MARK: - Bulk acceptance

    @Test("bulk accept: the ticked items take the unit's entries, one ledger event each as a single acceptance records, by the reviewer")
    func acceptTicked() async throws {
        let (app, _, _) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let page = try await client.call(.get, Self.page, as: "r1", app: app).body
            #expect(page.contains(#"<form method="post" action="/review/2026/units/A1/accept" class="bulk" id="bulk-accept""#))
            #expect(page.contains(#"<input type="checkbox" id="pick-1.2" name="criteria" value="1.2" form="bulk-accept" data-pick>"#))
            #expect(!page.contains(#"id="pick-2.2""#))  // survey: nothing to accept
            #expect(page.contains("tất cả mục chưa thẩm định (6)"))

            let before = try await Self.items(app)
            let answer = try await postForm(
                client,
                app,
                Self.accept,
                cookie: cookie,
                [("_csrf", csrf), ("criteria", "1.2"), ("criteria", "1.3"), ("scope", "selected")]
            )
            #expect(answer.status == .found)
            #expect(answer.headers[.location] == "/review/2026/units/A1?accepted=2")
            let after = try await Self.items(app)
            for code in ["1.2", "1.3"] {
                let item = try #require(after[code])
                #expect(item.state == .agreed, "\(code)")
                #expect(item.appraised?.entry == before[code]?.selfValue?.entry && item.appraised?.points == before[code]?.selfValue?.points)
                #expect(item.appraised?.note == nil && item.appraised?.stamp.by == "r1")
                #expect(item.version == before[code]!.version + 1)
            }
            #expect(after["1.1"]?.state == .unreviewed && after["2.1"]?.state == .unreviewed)

            // The same events a single acceptance records: one per item, the reviewer as actor.
            let bulk = try await Self.appraisals(app)
            #expect(bulk.map(\.subject) == ["cycle:2026/unit:A1/item:1.2", "cycle:2026/unit:A1/item:1.3"])
            #expect(bulk.allSatisfy { $0.actor == "r1" })
            _ = try await app.services.review.appraise(
                cycle: "2026",
                unit: "A1",
                criterion: "2.1",
                .init(entry: try #require(before["2.1"]?.selfValue?.entry), note: nil),
                by: Self.r1
            )
            let single = try #require(try await Self.appraisals(app).last)
            let shape = { (event: LedgerEvent) in try DocumentValue.parseJSON(event.payload).objectKeys }
            #expect(try shape(single) == shape(bulk[0]))
            #expect(try DocumentValue.parseJSON(bulk[1].payload)["state"]?.stringValue == "agreed")
            #expect(try await app.services.audit.verify().ok)

            let shown = try await client.call(.get, "/review/2026/units/A1?accepted=2", as: "r1", app: app).body
            #expect(shown.contains("Đã chấp nhận điểm tự đánh giá của 2 tiêu chí."))
        }
    }

    @Test("bulk accept is all or nothing: an item not unreviewed (or a survey leaf) refuses the whole action, naming it; nothing is written")
    func refusesWrongState() async throws {
        let (app, _, _) = try await Self.prepared()
        try await Self.adjustFirst(app)
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let before = try await Self.items(app)
            let events = try await ledgerActions(app).count
            for (picked, named) in [(["1.2", "1.1", "1.3"], "1.1 (đã ở trạng thái"), (["1.2", "2.2"], "2.2 (điểm điều tra xã hội học)")] {
                let answer = try await postForm(
                    client,
                    app,
                    Self.accept,
                    cookie: cookie,
                    [("_csrf", csrf), ("scope", "selected")] + picked.map { ("criteria", $0) }
                )
                #expect(answer.status == .conflict, "\(picked)")
                #expect(answer.body.contains(named) && answer.body.contains("Chưa lưu tiêu chí nào."), "\(picked)")
                #expect(try await Self.items(app) == before)
                #expect(try await ledgerActions(app).count == events)
            }
            let nothing = try await postForm(client, app, Self.accept, cookie: cookie, [("_csrf", csrf), ("scope", "selected")])
            #expect(nothing.status == .unprocessableContent && nothing.body.contains("Chưa chọn tiêu chí nào"))
            let unknown = try await postForm(client, app, Self.accept, cookie: cookie, [("_csrf", csrf), ("criteria", "7.7")])
            #expect(unknown.status == .notFound)
            #expect(try await Self.items(app) == before)
        }
    }

    @Test("accept every unreviewed item: the rest of the unit in one action; then nothing is left to accept")
    func acceptAllUnreviewed() async throws {
        let (app, _, _) = try await Self.prepared()
        try await Self.adjustFirst(app)
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let answer = try await postForm(
                client,
                app,
                Self.accept,
                cookie: cookie,
                [("_csrf", csrf), ("scope", "unreviewed"), ("filter", "unreviewed")]
            )
            #expect(answer.status == .found && answer.headers[.location] == "/review/2026/units/A1?accepted=5&filter=unreviewed")
            let items = try await Self.items(app)
            #expect(items["1.1"]?.state == .adjusted)  // the reviewer's own adjustment stays
            for code in ["1.2", "1.3", "2.1", "9.1", "9.2"] { #expect(items[code]?.state == .agreed, "\(code)") }
            #expect(items["2.2"]?.appraised == nil)
            #expect(try await Self.appraisals(app).count == 6)
            let again = try await postForm(client, app, Self.accept, cookie: cookie, [("_csrf", csrf), ("scope", "unreviewed")])
            #expect(again.status == .conflict && again.body.contains("Không còn tiêu chí nào chưa thẩm định"))
        }
    }

    @Test("bulk accept: reviewers only, assigned ones only, with the form token, in the appraisal phases only")
    func acceptAccess() async throws {
        let (app, _, _) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let fields = { (csrf: String) in [("_csrf", csrf), ("scope", "unreviewed")] }
            for (user, status) in [
                ("u.a1", HTTPResponse.Status.forbidden), ("admin", .forbidden), ("obs", .forbidden), ("r2", .notFound), ("r3", .notFound),
            ] {
                let (cookie, csrf) = try await browserSession(client, app, user)
                let answer = try await postForm(client, app, Self.accept, cookie: cookie, fields(csrf))
                #expect(answer.status == status, "\(user)")
            }
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            #expect(try await postForm(client, app, Self.accept, cookie: cookie, [("scope", "unreviewed")]).status == .forbidden)
            let anonymous = try await postForm(client, app, Self.accept, cookie: "", fields(csrf))
            #expect(anonymous.status != .found || anonymous.headers[.location]?.hasPrefix("/login") == true)
            #expect(try await Self.appraisals(app).isEmpty)

            _ = try await app.services.admin.movePhase(cycle: "2026", to: .explanation, by: .commandLine())
            let late = try await postForm(client, app, Self.accept, cookie: cookie, fields(csrf))
            #expect(late.status == .conflict)
            #expect(try await Self.appraisals(app).isEmpty)
        }
    }

    // MARK: - A row saved without reloading the page

    @Test("row save: asked for the row, an appraisal answers with that item's row and the bar, not the page; a refusal too, with its status")
    func rowSave() async throws {
        let (app, _, _) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let row: HTTPFields = [.cookie: cookie, HTTPField.Name("X-ParIndex-Fragment")!: "row"]
            let form = { (fields: [(String, String)]) in
                try await client.call(
                    .post,
                    ReviewPagesTests.appraisal("1.2"),
                    as: nil,
                    app: app,
                    body: ByteBuffer(
                        string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
                    ),
                    contentType: "application/x-www-form-urlencoded",
                    headers: row
                )
            }
            // A1 chose option 1 (0,50); option 2 (0,00) needs the council's reason.
            let refused = try await form([("_csrf", csrf), ("choice", "2")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.contentType]?.hasPrefix("text/html") == true && refused.headers[.cacheControl] == "no-store")
            #expect(!refused.body.contains("<!doctype html>") && !refused.body.contains("<header class=\"site\">"))
            #expect(refused.body.hasPrefix(#"<article id="item-1.2" class="item state-unreviewed has-error""#))
            #expect(refused.body.contains("Điểm thẩm định khác điểm tự đánh giá: cần ghi rõ lý do."))
            #expect(refused.body.contains(#"<option value="2" selected>Không (0,00)</option>"#))
            #expect(refused.body.contains(#"data-draft="appraisal-1.2" data-draft-failed"#))
            #expect(!refused.body.contains(#"id="item-1.1""#))  // only that row

            let saved = try await form([("_csrf", csrf), ("choice", "2"), ("note", "Ban hành chậm 5 ngày")])
            #expect(saved.status == .ok)
            #expect(saved.body.hasPrefix(#"<article id="item-1.2" class="item state-adjusted""#))
            #expect(saved.body.contains(#"<div class="reviewbar" data-review-bar>"#) && saved.body.contains("Thẩm định"))
            #expect(saved.body.contains("Ban hành chậm 5 ngày"))
            #expect(try await Self.items(app)["1.2"]?.state == .adjusted)

            // Without the header the same form is the plain page's post-redirect-get.
            let plain = try await postForm(
                client,
                app,
                ReviewPagesTests.appraisal("1.3"),
                cookie: cookie,
                [("_csrf", csrf), ("numerator", "9"), ("denominator", "10")]
            )
            #expect(plain.status == .found && plain.headers[.location] == "/review/2026/units/A1#item-1.3")
            // The row answer needs the form token like the page's own post.
            #expect(try await form([("choice", "0")]).status == .forbidden)
        }
    }

    // MARK: - Evidence opened in the browser

    @Test("a PDF opens inline, sandboxed by its content security policy; other types stay attachments; another unit's path is 404")
    func inlineEvidence() async throws {
        let (app, pdf, word) = try await Self.prepared()
        try await app.application.test(.router) { client in
            for user in ["u.a1", "r1", "admin", "obs"] {
                let shown = try await client.call(.get, "/cycles/2026/units/A1/evidence/\(pdf)", as: user, app: app)
                #expect(shown.status == .ok, "\(user)")
                #expect(shown.headers[.contentType] == "application/pdf")
                #expect(shown.headers[.contentDisposition]?.hasPrefix("inline; filename=") == true)
                let policy = shown.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.hasPrefix("sandbox;") && policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(shown.headers[.xContentTypeOptions] == "nosniff" && shown.body.hasPrefix("%PDF-"))
            }
            let other = try await client.call(.get, "/cycles/2026/units/A1/evidence/\(word)", as: "r1", app: app)
            #expect(other.status == .ok && other.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(!(other.headers[.contentSecurityPolicy] ?? "").contains("sandbox"))
            // The API keeps its contract: always an attachment.
            let api = try await client.call(.get, "/api/v1/evidence/\(pdf)", as: "r1", app: app)
            #expect(api.headers[.contentDisposition]?.hasPrefix("attachment;") == true)

            for (path, user) in [
                ("/cycles/2026/units/A1/evidence/\(pdf)", "u.a2"), ("/cycles/2026/units/A1/evidence/\(pdf)", "r3"),
                ("/cycles/2026/units/A1/evidence/\(pdf)", "r2"), ("/cycles/2026/units/A2/evidence/\(pdf)", "r1"),
                ("/cycles/2026/units/A2/evidence/\(pdf)", "admin"), ("/cycles/2026/units/A1/evidence/nope", "r1"),
            ] {
                #expect(try await client.call(.get, path, as: user, app: app).status == .notFound, "\(path) as \(user)")
            }
            // Another unit's file through this unit's path: 404 for everyone, its own unit and admins included.
            let foreign = try #require(
                try await app.services.assessments.view(cycle: "2026", unit: "A2", by: .commandLine()).rows.flatMap(\.evidence).first
            )
            for user in ["u.a1", "u.a2", "r1", "admin"] {
                let path = "/cycles/2026/units/A1/evidence/\(foreign.id)"
                #expect(try await client.call(.get, path, as: user, app: app).status == .notFound, "\(path) as \(user)")
            }
            // The grids link the PDF to the page route and keep the download beside it.
            let review = try await client.call(.get, Self.page, as: "r1", app: app).body
            #expect(review.contains(#"<a href="/cycles/2026/units/A1/evidence/\#(pdf)" target="_blank" rel="noopener">Báo cáo.pdf</a>"#))
            #expect(review.contains(#"<a href="/api/v1/evidence/\#(word)">Kế hoạch.docx</a>"#))
        }
    }

    // MARK: - The dense grid

    @Test("the grid: a sticky bar with the running totals, a field table of contents, a jump to the first row missing something, every input named")
    func gridAids() async throws {
        let app = try TestApp()
        try await app.seed()
        _ = try await app.services.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(entry: .points(Points(2))),
            by: UnitPagesTests.a1
        )
        try await app.application.test(.router) { client in
            let html = try await client.call(.get, UnitPagesTests.page, as: "u.a1", app: app).body
            #expect(html.contains(#"<div class="gridbar" data-totals>"#))
            #expect(html.contains(#"<nav class="toc" id="toc" aria-labelledby="toc-title">"#))
            #expect(html.contains(##"<li><a href="#field-1">1. "##) && html.contains(##"<li><a href="#field-9">9. "##))
            // 1.1 is scored and needs no evidence; 1.2 is the first row still missing its score.
            #expect(html.contains(##"<a href="#item-1.2" class="next" data-next-missing>"##))
            #expect(html.contains(#"id="item-1.2" class="item state-unreviewed missing""#))
            #expect(!html.contains(#"id="item-1.1" class="item state-unreviewed missing""#))
            // Every field a person types into has a name: a label, or aria-label where the column names it.
            #expect(html.contains(#"aria-label="Điểm tự chấm tiêu chí 1.1" value="2""#))
            #expect(html.contains(#"aria-label="Ghi chú cho tiêu chí 1.1""#))
            let fields = html.matches(of: /<(input|select|textarea) ([^>]*)>/).map { String($0.2) }.filter { !$0.contains(#"type="hidden""#) }
            #expect(!fields.isEmpty)
            for field in fields {
                let id = field.firstMatch(of: /id="([^"]+)"/).map { String($0.1) } ?? ""
                #expect(field.contains("aria-label=") || html.contains(#"<label for="\#(id)""#), "\(field)")
            }
        }
    }
}

extension DocumentValue {
    /// An object's keys, sorted; empty for anything else.
    fileprivate var objectKeys: [String] {
        if case .object(let pairs) = self { return pairs.map(\.0).sorted() }
        return []
    }
}
