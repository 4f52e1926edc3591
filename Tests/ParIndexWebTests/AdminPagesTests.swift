import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import ParIndexWeb
import Testing

/// The secretariat's pages: every page for every role, and the forms (CSRF, post/redirect/get,
/// refusals shown next to the form that caused them).
@Suite struct AdminPagesTests {
    static let pages: [(path: String, text: String)] = [
        ("/admin", "Tổng quan quản trị"),
        ("/admin/cycles/new", "Tạo kỳ đánh giá"),
        ("/admin/cycles/2026", "Đơn vị trong kỳ"),
        ("/admin/cycles/2026/phase?to=appraisal", "Bạn chắc chắn chuyển sang Thẩm định?"),
        ("/admin/cycles/2026/publish", "Công bố kết quả"),
        ("/admin/cycles/2026/reviewers", "Phân công thẩm định"),
        ("/admin/cycles/2026/survey", "Kết quả điều tra xã hội học"),
        ("/admin/units", "Khối và đơn vị"),
        ("/admin/users", "Tạo tài khoản"),
        ("/admin/frameworks", "Kiểm tra hoặc nhập bộ tiêu chí"),
    ]

    static let forms: [String] = [
        "/admin/cycles", "/admin/cycles/2026/phase", "/admin/cycles/2026/units/A1/extension", "/admin/cycles/2026/units/A1/submit",
        "/admin/cycles/2026/units/A1/reopen",
        "/admin/cycles/2026/publish", "/admin/cycles/2026/reviewers/r1", "/admin/cycles/2026/survey", "/admin/blocks", "/admin/units",
        "/admin/units/import", "/admin/users", "/admin/frameworks",
    ]

    static func prepared() async throws -> TestApp {
        let app = try TestApp()
        try await app.seed()
        return app
    }

    /// A GET with the session cookie (what the browser does after a redirect).
    static func session(_ client: some TestClientProtocol, _ app: TestApp, _ user: String = "admin") async throws -> (cookie: String, csrf: String) {
        try await browserSession(client, app, user)
    }

    static func get(_ client: some TestClientProtocol, _ app: TestApp, _ uri: String, cookie: String) async throws -> Answer {
        try await client.call(.get, uri, as: nil, app: app, headers: [.cookie: cookie])
    }

    static func phase(_ app: TestApp) async throws -> Phase {
        try await app.services.cycles.detail("2026", by: .commandLine()).cycle.phase
    }

    // MARK: - Access

    @Test("every admin page: 200 in Vietnamese and never cached for admins; 403 for other roles; anonymous to /login")
    func pagesAndRoles() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            for (path, text) in Self.pages {
                let page = try await client.call(.get, path, as: "admin", app: app)
                #expect(page.status == .ok, "\(path)")
                #expect(page.body.contains(text), "\(path) should say \(text)")
                #expect(page.headers[.cacheControl] == "no-store", "\(path)")
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.body.contains(#"<link rel="stylesheet" href="/css/admin.css">"#))
                #expect(page.body.contains(#"<script type="module" src="/js/admin.js"></script>"#))
                #expect(!page.body.contains("style=") && !page.body.contains("<script>"), "\(path): no inline style or script (CSP)")
                for user in ["u.a1", "r1", "r2", "obs"] {
                    #expect(try await client.call(.get, path, as: user, app: app).status == .forbidden, "\(path) as \(user)")
                }
                let anonymous = try await client.call(.get, path, as: nil, app: app)
                // Signing in comes back to the page asked for.
                let back = anonymous.headers[.location] ?? ""
                #expect(anonymous.status == .found && back.hasPrefix("/login?next=/admin"), "\(path) anonymous: \(back)")
            }
            // English is switchable.
            let english = try await client.call(.get, "/admin?lang=en", as: "admin", app: app)
            #expect(english.body.contains("Administration overview"))
            // Every form route refuses other roles before reading anything.
            let (cookie, csrf) = try await Self.session(client, app, "u.a1")
            for path in Self.forms {
                let answer = try await postForm(client, app, path, cookie: cookie, [("_csrf", csrf)])
                #expect(answer.status == .forbidden, "POST \(path) as u.a1")
            }
        }
    }

    @Test("overview lists every cycle with its phase, deadline and progress, and links to each page")
    func overview() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/admin", as: "admin", app: app)
            #expect(page.body.contains("Kỳ 2026") && page.body.contains("Tự đánh giá"))
            #expect(page.body.contains("11/03/2026 09:00"))  // t0 + 10 days, 02:00Z → 09:00 in Vietnam
            #expect(page.body.contains("<dd>0/4</dd>"))
            for link in ["/admin/cycles/2026", "/admin/cycles/2026/reviewers", "/admin/cycles/2026/survey", "/admin/cycles/2026/publish"] {
                #expect(page.body.contains(#"href="\#(link)""#), "\(link)")
            }
        }
    }

    // MARK: - Forms need the CSRF token

    @Test("a form without its CSRF token is refused and changes nothing")
    func csrf() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, _) = try await Self.session(client, app)
            let missing = try await postForm(client, app, "/admin/blocks", cookie: cookie, [("code", "CITY"), ("name", "Khối xã")])
            #expect(missing.status == .forbidden)
            let wrong = try await postForm(client, app, "/admin/cycles/2026/phase", cookie: cookie, [("_csrf", "nope"), ("to", "appraisal")])
            #expect(wrong.status == .forbidden)
            #expect(try await Self.phase(app) == .selfAssessment)
            #expect(try await app.services.repository.read { try $0.block("CITY") } == nil)
        }
    }

    // MARK: - Units and blocks

    @Test("creating and renaming a block and a unit; the list is in Vietnamese order")
    func blocksAndUnits() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let block = try await postForm(client, app, "/admin/blocks", cookie: cookie, [("_csrf", csrf), ("code", "WARD"), ("name", "Khối xã")])
            #expect(block.status == .found && block.headers[.location] == "/admin/units?saved=WARD")
            let renamed = try await postForm(
                client,
                app,
                "/admin/blocks",
                cookie: cookie,
                [("_csrf", csrf), ("code", "WARD"), ("rename", "1"), ("name", "Khối xã, phường")]
            )
            #expect(renamed.status == .found)
            let unit = try await postForm(
                client,
                app,
                "/admin/units",
                cookie: cookie,
                [("_csrf", csrf), ("code", "W1"), ("name", "Phường Dịch Vọng"), ("block", "WARD")]
            )
            #expect(unit.status == .found)
            let page = try await Self.get(client, app, "/admin/units?saved=W1", cookie: cookie)
            #expect(page.body.contains("Đã lưu W1."))
            #expect(page.body.contains("Khối xã, phường") && page.body.contains("Phường Dịch Vọng"))
            // Vietnamese order: Phường Dịch Vọng, Quận Ba Đình, Quận Cầu Giấy, Sở Tài chính, Sở Tư pháp.
            let names = ["Phường Dịch Vọng", "Quận Ba Đình", "Quận Cầu Giấy", "Sở Tài chính", "Sở Tư pháp"]
            let positions = try names.map { try #require(page.body.range(of: "<td>\($0)</td>")).lowerBound }
            #expect(positions == positions.sorted())
            #expect(try await app.services.repository.read { try $0.unit("W1") } == Unit(code: "W1", name: "Phường Dịch Vọng", blockCode: "WARD"))

            // A unit in a block that does not exist: the domain's refusal next to the form, what was typed kept.
            let refused = try await postForm(
                client,
                app,
                "/admin/units",
                cookie: cookie,
                [("_csrf", csrf), ("code", "W2"), ("name", "Phường Mai Dịch"), ("block", "NOPE")]
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Không có khối \"NOPE\"") || refused.body.contains("Không có khối &quot;NOPE&quot;"))
            #expect(refused.body.contains(#"value="Phường Mai Dịch""#))

            // Editing a unit fills the form.
            let edit = try await Self.get(client, app, "/admin/units?edit=A1", cookie: cookie)
            #expect(edit.body.contains("Sửa đơn vị") && edit.body.contains(#"value="Sở Tài chính""#))
        }
    }

    @Test("importing units from CSV: a bad line shows its line number and nothing is imported; a good file (as an upload) imports")
    func importUnits() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let csv = "code,name,block\nC1,Phường Dịch Vọng,WARD\nbad code!,Phường Mai Dịch,WARD\nC3,,WARD\n"
            let refused = try await postForm(client, app, "/admin/units/import", cookie: cookie, [("_csrf", csrf), ("csv", csv)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Dòng 3") && refused.body.contains("Dòng 4"))
            #expect(!refused.body.contains("Dòng 2<"))
            #expect(refused.body.contains("Phường Mai Dịch"))  // the pasted text is kept for correction
            #expect(try await app.services.repository.read { try $0.unit("C1") } == nil)

            // The same import as a file upload (multipart), corrected.
            let imported = try await postFileForm(
                client,
                app,
                "/admin/units/import",
                cookie: cookie,
                fields: [("_csrf", csrf), ("csv", "")],
                file: ("don-vi.csv", "text/csv", Array("code,name,block\r\nC1,Phường Dịch Vọng,WARD\r\nC2,Phường Mai Dịch,WARD\r\n".utf8))
            )
            #expect(imported.status == .found && imported.headers[.location] == "/admin/units?imported=2")
            #expect(try await app.services.repository.read { try $0.unit("C2") }?.name == "Phường Mai Dịch")
            let page = try await Self.get(client, app, "/admin/units?imported=2", cookie: cookie)
            #expect(page.body.contains("Đã nhập 2 đơn vị."))

            // A header that is not code,name,block.
            let header = try await postForm(client, app, "/admin/units/import", cookie: cookie, [("_csrf", csrf), ("csv", "ma,ten\nX,Y\n")])
            #expect(header.status == .unprocessableContent && header.body.contains("code,name,block"))
        }
    }

    // MARK: - Users and assignments

    @Test("creating a user; the password policy's refusal is shown and the password is never echoed")
    func users() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let weak = try await postForm(
                client,
                app,
                "/admin/users",
                cookie: cookie,
                [("_csrf", csrf), ("username", "u.b3"), ("name", "Cán bộ Ba Đình"), ("role", "unit"), ("unit", "B2"), ("password", "matkhau123")]
            )
            #expect(weak.status == .unprocessableContent)
            #expect(weak.body.contains("Mật khẩu này quá phổ biến"))
            #expect(!weak.body.contains("matkhau123"))
            #expect(weak.body.contains(#"value="Cán bộ Ba Đình""#))
            #expect(weak.body.contains(#"<option value="B2" selected>"#))

            let created = try await postForm(
                client,
                app,
                "/admin/users",
                cookie: cookie,
                [
                    ("_csrf", csrf), ("username", "u.b3"), ("name", "Cán bộ Ba Đình"), ("role", "unit"), ("unit", "B2"),
                    ("password", "Mật-khẩu-mới-2026"),
                ]
            )
            #expect(created.status == .found && created.headers[.location] == "/admin/users?created=u.b3")
            let page = try await Self.get(client, app, "/admin/users?created=u.b3", cookie: cookie)
            #expect(page.body.contains("Đã tạo tài khoản u.b3.") && page.body.contains("<td>u.b3</td>"))
            #expect(page.body.contains("Quận Ba Đình (B2)"))
            #expect(try await app.services.repository.read { try $0.user("u.b3") }?.role == .unit)

            let duplicate = try await postForm(
                client,
                app,
                "/admin/users",
                cookie: cookie,
                [("_csrf", csrf), ("username", "u.b3"), ("name", "Khác"), ("role", "observer"), ("unit", ""), ("password", "Mật-khẩu-mới-2026")]
            )
            #expect(duplicate.status == .conflict && duplicate.body.contains("đã tồn tại"))
        }
    }

    @Test("assignments: r2's own unit A1 is disabled with the reason; forcing it shows the domain's refusal; a valid one saves")
    func reviewers() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let page = try await Self.get(client, app, "/admin/cycles/2026/reviewers", cookie: cookie)
            #expect(page.body.contains(#"id="rv-r2-A1" name="units" value="A1" disabled aria-describedby="rv-r2-A1-why""#))
            #expect(page.body.contains("Xung đột lợi ích: thẩm định viên công tác tại Sở Tài chính"))
            #expect(page.body.contains(#"id="rv-r1-A1" name="units" value="A1" checked>"#))
            #expect(page.body.contains(#"id="rv-r2-B1" name="units" value="B1" checked>"#))

            let forced = try await postForm(
                client,
                app,
                "/admin/cycles/2026/reviewers/r2",
                cookie: cookie,
                [("_csrf", csrf), ("units", "A1"), ("units", "B1")]
            )
            #expect(forced.status == .unprocessableContent)
            #expect(forced.body.contains("Thẩm định viên r2 thuộc đơn vị A1 nên không được phân công thẩm định đơn vị này."))
            let unchanged = try await app.services.repository.read { try $0.assignments(cycle: "2026") }
            #expect(Set(unchanged.filter { $0.username == "r2" }.map(\.unitCode)) == ["B1", "B2"])

            let saved = try await postForm(
                client,
                app,
                "/admin/cycles/2026/reviewers/r3",
                cookie: cookie,
                [("_csrf", csrf), ("units", "A2"), ("units", "B1")]
            )
            #expect(saved.status == .found)
            let after = try await app.services.repository.read { try $0.assignments(cycle: "2026") }
            #expect(Set(after.filter { $0.username == "r3" }.map(\.unitCode)) == ["A2", "B1"])
        }
    }

    // MARK: - Cycles

    @Test("a phase move needs the confirmation page's POST; it then moves one step; illegal moves are refused")
    func phaseMove() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let cycle = try await Self.get(client, app, "/admin/cycles/2026", cookie: cookie)
            #expect(cycle.body.contains(#"<form method="get" action="/admin/cycles/2026/phase""#))
            #expect(cycle.body.contains(#"name="to" value="appraisal""#))

            let confirm = try await Self.get(client, app, "/admin/cycles/2026/phase?to=appraisal", cookie: cookie)
            #expect(confirm.status == .ok && confirm.body.contains("Bạn chắc chắn chuyển sang Thẩm định?"))
            #expect(confirm.body.contains(#"<form method="post" action="/admin/cycles/2026/phase""#))
            #expect(try await Self.phase(app) == .selfAssessment)  // looking is not moving

            let skip = try await Self.get(client, app, "/admin/cycles/2026/phase?to=explanation", cookie: cookie)
            #expect(skip.status == .conflict && !skip.body.contains(#"method="post" action="/admin/cycles/2026/phase""#))

            let moved = try await postForm(client, app, "/admin/cycles/2026/phase", cookie: cookie, [("_csrf", csrf), ("to", "appraisal")])
            #expect(moved.status == .found && moved.headers[.location] == "/admin/cycles/2026")
            #expect(try await Self.phase(app) == .appraisal)

            // Posting the same move again (a second click): refused with the domain's sentence, nothing moves.
            let again = try await postForm(client, app, "/admin/cycles/2026/phase", cookie: cookie, [("_csrf", csrf), ("to", "appraisal")])
            #expect(again.status == .conflict && again.body.contains("chỉ được chuyển sang giai đoạn kế tiếp"))
            #expect(try await Self.phase(app) == .appraisal)
        }
    }

    @Test("creating a cycle: framework from the stored ones, units by block, deadlines read in Vietnam time")
    func createCycle() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let form = try await Self.get(client, app, "/admin/cycles/new", cookie: cookie)
            #expect(form.body.contains(#"<option value="test-fw|1">test-fw — 1</option>"#))
            #expect(form.body.contains("<legend>Khối sở <span class=\"muted\">(DEPT)</span></legend>"))
            #expect(form.body.contains(#"type="datetime-local""#))

            var fields: [(String, String)] = [
                ("_csrf", csrf), ("code", "2027"), ("name", "Kỳ 2027"), ("year", "2027"), ("framework", "test-fw|1"), ("units", "A1"),
                ("units", "B1"), ("selfAssessment", "2027-03-10T17:00"), ("appraisal", "2027-04-10T17:00"),
                ("explanation", "2027-05-10T17:00"), ("finalReview", "2027-06-10T17:00"),
            ]
            // Deadlines out of order: refused, the form comes back with what was typed.
            fields[8] = ("appraisal", "2027-03-01T17:00")
            let disordered = try await postForm(client, app, "/admin/cycles", cookie: cookie, fields)
            #expect(disordered.status == .unprocessableContent && disordered.body.contains("Các hạn phải theo thứ tự"))
            #expect(disordered.body.contains(#"value="2027-03-01T17:00""#) && disordered.body.contains(#"value="Kỳ 2027""#))
            #expect(disordered.body.contains(#"id="cu-A1" name="units" value="A1" checked"#))
            #expect(!disordered.body.contains(#"id="cu-A2" name="units" value="A2" checked"#))

            fields[8] = ("appraisal", "2027-04-10T17:00")
            let created = try await postForm(client, app, "/admin/cycles", cookie: cookie, fields)
            #expect(created.status == .found && created.headers[.location] == "/admin/cycles/2027")
            let detail = try await app.services.cycles.detail("2027", by: .commandLine())
            #expect(detail.cycle.deadlines.selfAssessment == Timestamp.parse("2027-03-10T10:00:00Z"))
            #expect(Set(detail.units.map(\.unit.code)) == ["A1", "B1"])
            #expect(detail.cycle.phase == .setup)
            let page = try await Self.get(client, app, "/admin/cycles/2027", cookie: cookie)
            #expect(page.body.contains("10/03/2027 17:00"))
        }
    }

    @Test("cycle page: extension with a reason, and submitting on a unit's behalf at any time, with a reason")
    func extensionAndLateSubmission() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let before = try await Self.get(client, app, "/admin/cycles/2026", cookie: cookie)
            // A unit not submitted can be submitted for from self-assessment on, before its deadline too.
            #expect(before.body.contains("Chưa nộp") && before.body.contains(#"action="/admin/cycles/2026/units/A2/submit""#))

            let noReason = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/A2/extension",
                cookie: cookie,
                [("_csrf", csrf), ("until", "2026-03-20T17:00"), ("reason", "")]
            )
            #expect(noReason.status == .unprocessableContent && noReason.body.contains(#"id="err-A2""#))
            let granted = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/A2/extension",
                cookie: cookie,
                [("_csrf", csrf), ("until", "2026-03-20T17:00"), ("reason", "Sự cố hệ thống mạng của đơn vị")]
            )
            #expect(granted.status == .found)
            let page = try await Self.get(client, app, "/admin/cycles/2026", cookie: cookie)
            #expect(page.body.contains("20/03/2026 17:00") && page.body.contains("Sự cố hệ thống mạng của đơn vị"))

            // Submitting for a unit needs a reason, said in words, with the form open again in its row.
            let noSubmitReason = try await postForm(client, app, "/admin/cycles/2026/units/A2/submit", cookie: cookie, [("_csrf", csrf)])
            #expect(noSubmitReason.status == .unprocessableContent && noSubmitReason.body.contains("Cần nêu lý do nộp thay đơn vị."))
            #expect(noSubmitReason.body.contains(#"id="err-A2""#) && noSubmitReason.body.contains(#"<details open>"#))
            let early = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/A2/submit",
                cookie: cookie,
                [("_csrf", csrf), ("reason", "Đơn vị đề nghị nộp thay bằng công văn")]
            )
            #expect(early.status == .found && early.headers[.location] == "/admin/cycles/2026#unit-A2")
            let onBehalf = try await app.services.repository.read { try $0.assessment(cycle: "2026", unit: "A2") }
            #expect(onBehalf?.status == .submitted && onBehalf?.late == false && onBehalf?.onBehalfReason == "Đơn vị đề nghị nộp thay bằng công văn")

            app.clock.advance(by: 11 * 86400)
            let (fresh, token) = try await Self.session(client, app)  // the old session has idled out
            let after = try await Self.get(client, app, "/admin/cycles/2026", cookie: fresh)
            #expect(after.body.contains(#"action="/admin/cycles/2026/units/B1/submit""#))
            #expect(after.body.contains(#"action="/admin/cycles/2026/units/A2/reopen""#))
            let late = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/B1/submit",
                cookie: fresh,
                [("_csrf", token), ("reason", "Quá hạn mà đơn vị chưa nộp")]
            )
            #expect(late.status == .found)
            let assessment = try await app.services.repository.read { try $0.assessment(cycle: "2026", unit: "B1") }
            #expect(assessment?.status == .submitted && assessment?.late == true)
            let marked = try await Self.get(client, app, "/admin/cycles/2026", cookie: fresh)
            #expect(marked.body.contains("Nộp muộn") && marked.body.contains("Nộp thay") && marked.body.contains("Quá hạn mà đơn vị chưa nộp"))

            // Reopening needs a reason too; then the unit is a draft again and can be submitted for again.
            let noReopenReason = try await postForm(client, app, "/admin/cycles/2026/units/A2/reopen", cookie: fresh, [("_csrf", token)])
            #expect(noReopenReason.status == .unprocessableContent && noReopenReason.body.contains("Cần nêu lý do mở lại"))
            let reopened = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/A2/reopen",
                cookie: fresh,
                [("_csrf", token), ("reason", "Sai số liệu")]
            )
            #expect(reopened.status == .found && reopened.headers[.location] == "/admin/cycles/2026#unit-A2")
            let draft = try await app.services.repository.read { try $0.assessment(cycle: "2026", unit: "A2") }
            #expect(draft?.status == .draft)
        }
    }

    @Test("publishing is refused while anything is unsettled, listing the units and items")
    func publishRefused() async throws {
        let app = try await Self.prepared()
        for phase in [Phase.appraisal, .explanation, .finalReview] {
            _ = try await app.services.admin.movePhase(cycle: "2026", to: phase, by: .commandLine())
        }
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let page = try await Self.get(client, app, "/admin/cycles/2026/publish", cookie: cookie)
            #expect(page.body.contains("4 đơn vị chưa nộp"))
            #expect(page.body.contains("Sở Tài chính") && page.body.contains("Chưa có kết quả điều tra"))
            #expect(!page.body.contains("Đồng ý công bố"))

            let refused = try await postForm(
                client,
                app,
                "/admin/cycles/2026/publish",
                cookie: cookie,
                [("_csrf", csrf), ("password", "Mật-khẩu-dài-2026")]  // AC-9: the admin signs again
            )
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("Chưa thể công bố: 4 đơn vị chưa nộp"))
            #expect(refused.body.contains("Quận Cầu Giấy") && refused.body.contains(#"href="/review/2026/units/A1#item-1.1""#))
            #expect(refused.body.contains("Chưa thẩm định"))
            #expect(try await Self.phase(app) == .finalReview)
        }
    }

    // MARK: - Imports

    @Test("framework: a broken YAML shows every issue with its node path; a valid one validates, then imports with its hash")
    func frameworks() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let broken = """
                code: par-test
                version: "2"
                title: Bộ tiêu chí hỏng
                nodes:
                  - code: "1"
                    title: Lĩnh vực một
                    children:
                      - code: "1.1"
                        title: Tiêu chí thiếu điểm tối đa
                        rule: {kind: scale}
                      - code: "2.5"
                        title: Mã sai cha
                        max: 1
                        rule: {kind: scale}
                """
            let report = try await postForm(
                client,
                app,
                "/admin/frameworks",
                cookie: cookie,
                [("_csrf", csrf), ("action", "validate"), ("document", broken)]
            )
            #expect(report.status == .unprocessableContent)
            #expect(report.body.contains("<code>nodes[0].children[0]"))
            #expect(report.body.contains("<code>nodes[0].children[1]"))
            #expect(report.body.contains("Tiêu chí thiếu điểm tối đa"))  // the pasted text is kept
            #expect(try await app.services.repository.read { try $0.frameworkVersions() }.count == 1)

            let malformed = try await postForm(
                client,
                app,
                "/admin/frameworks",
                cookie: cookie,
                [("_csrf", csrf), ("action", "import"), ("document", "code: [unclosed")]
            )
            #expect(malformed.status == .badRequest && malformed.body.contains("không đọc được"))

            let good = smallFrameworkJSON.replacingOccurrences(of: #""version": "1""#, with: #""version": "2""#)
            let valid = try await postForm(
                client,
                app,
                "/admin/frameworks",
                cookie: cookie,
                [("_csrf", csrf), ("action", "validate"), ("document", good)]
            )
            #expect(valid.status == .ok && valid.body.contains("Bộ tiêu chí hợp lệ (chưa nhập)."))
            #expect(try await app.services.repository.read { try $0.frameworkVersions() }.count == 1)

            let imported = try await postForm(
                client,
                app,
                "/admin/frameworks",
                cookie: cookie,
                [("_csrf", csrf), ("action", "import"), ("document", good)]
            )
            #expect(imported.status == .found && imported.headers[.location] == "/admin/frameworks?code=test-fw&version=2")
            let stored = try #require(try await app.services.repository.read { try $0.framework(code: "test-fw", version: "2") })
            let page = try await Self.get(client, app, "/admin/frameworks?code=test-fw&version=2", cookie: cookie)
            #expect(page.body.contains("Đã nhập bộ tiêu chí."))
            #expect(page.body.contains(stored.contentSHA256))
            #expect(page.body.contains("<dd>7</dd>") && page.body.contains("<dd>10,00</dd>"))
        }
    }

    @Test("survey import: bad rows are listed by number and nothing is imported; good rows import")
    func survey() async throws {
        let app = try await Self.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await Self.session(client, app)
            let page = try await Self.get(client, app, "/admin/cycles/2026/survey", cookie: cookie)
            #expect(page.body.contains("<td>2.2</td>") && page.body.contains("Hài lòng"))

            let bad = "unit,criterion,points\nA1,2.2,1.5\nZZ,2.2,1\nA2,1.1,1\nB1,2.2,9\n"
            let refused = try await postForm(client, app, "/admin/cycles/2026/survey", cookie: cookie, [("_csrf", csrf), ("csv", bad)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Có 3 dòng lỗi"))
            for line in ["Dòng 3", "Dòng 4", "Dòng 5"] { #expect(refused.body.contains(line), "\(line)") }
            #expect(!refused.body.contains("Dòng 2<"))
            #expect(
                try await app.services.results.unsettled(cycle: "2026", by: .commandLine()).items.contains {
                    $0.unit == "A1" && $0.criterion == "2.2"
                }
            )

            let good = "unit,criterion,points\nA1,2.2,1.5\nA2,2.2,\"1,25\"\n"
            let imported = try await postForm(client, app, "/admin/cycles/2026/survey", cookie: cookie, [("_csrf", csrf), ("csv", good)])
            #expect(imported.status == .found && imported.headers[.location] == "/admin/cycles/2026/survey?imported=2")
            let done = try await Self.get(client, app, "/admin/cycles/2026/survey?imported=2", cookie: cookie)
            #expect(done.body.contains("Đã nhập 2 dòng kết quả điều tra."))
            let unsettled = try await app.services.results.unsettled(cycle: "2026", by: .commandLine())
            #expect(!unsettled.items.contains { $0.criterion == "2.2" && ["A1", "A2"].contains($0.unit) })
        }
    }
}
