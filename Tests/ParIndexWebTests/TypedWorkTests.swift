import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// Nothing a person typed is lost (issue 15, point 2): sign-in returns to the page the person was
/// on (`next`, same-origin paths only), a refused form comes back with what was sent, and a
/// reviewer's save that meets a newer version shows both versions side by side.
@Suite struct TypedWorkTests {
    static let grid = "/cycles/2026/units/A1"

    @Test("next: an anonymous page request → sign-in with next → the password step lands back on the page")
    func nextRoundTrip() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            let asked = try await browser.get(client, Self.grid)
            #expect(asked.status == .found && asked.headers[.location] == "/login?next=/cycles/2026/units/A1")
            let login = try await browser.get(client, try #require(asked.headers[.location]))
            #expect(login.body.contains(#"<input type="hidden" name="next" value="/cycles/2026/units/A1">"#))
            let signedIn = try await browser.post(
                client,
                "/login",
                [
                    ("_csrf", try PageBrowser.formToken(login)), ("next", "/cycles/2026/units/A1"), ("username", "u.a1"),
                    ("password", "Mật-khẩu-dài-2026"),
                ]
            )
            #expect(signedIn.status == .found && signedIn.headers[.location] == Self.grid)
            #expect(try await browser.get(client, Self.grid).status == .ok)

            // A query is kept (encoded on the way in, decoded on the way back), and a wrong password keeps next.
            var other = PageBrowser(app)
            let filtered = try await other.get(client, "/review/2026/units/A1?filter=unreviewed")
            #expect(filtered.headers[.location] == "/login?next=/review/2026/units/A1%3Ffilter%3Dunreviewed")
            let page = try await other.get(client, try #require(filtered.headers[.location]))
            #expect(
                page.body.contains(#"name="next" value="/review/2026/units/A1?filter&#61;unreviewed""#)
                    || page.body.contains(#"name="next" value="/review/2026/units/A1?filter=unreviewed""#)
            )
            let wrong = try await other.post(
                client,
                "/login",
                [
                    ("_csrf", try PageBrowser.formToken(page)), ("next", "/review/2026/units/A1?filter=unreviewed"), ("username", "r1"),
                    ("password", "sai"),
                ]
            )
            #expect(wrong.status == .unauthorized && wrong.body.contains(#"name="next""#))
            // The dashboard is where sign-in goes anyway: no next.
            var fresh = PageBrowser(app)
            #expect(try await fresh.get(client, "/dashboard").headers[.location] == "/login")
        }
    }

    @Test("next through the TOTP step: password → /login/code?next=… → the code lands back on the review page")
    func nextThroughCode() async throws {
        let app = try await securedApp()
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            let login = try await browser.get(client, "/login?next=/review/2026")
            let afterPassword = try await browser.post(
                client,
                "/login",
                [("_csrf", try PageBrowser.formToken(login)), ("next", "/review/2026"), ("username", "r1"), ("password", "Mật-khẩu-dài-2026")]
            )
            #expect(afterPassword.status == .found && afterPassword.headers[.location] == "/login/code?next=/review/2026")
            let codePage = try await browser.get(client, try #require(afterPassword.headers[.location]))
            #expect(codePage.body.contains(#"<input type="hidden" name="next" value="/review/2026">"#))
            #expect(codePage.body.contains(#"href="/login?next=/review/2026""#))
            let wrong = try await browser.post(
                client,
                "/login/code",
                [("_csrf", try PageBrowser.formToken(codePage)), ("next", "/review/2026"), ("code", "000000")]
            )
            #expect(wrong.status == .unauthorized && wrong.body.contains(#"name="next" value="/review/2026""#))
            let code = try await app.totpCode("r1")
            let done = try await browser.post(
                client,
                "/login/code",
                [("_csrf", try PageBrowser.formToken(wrong)), ("next", "/review/2026"), ("code", code)]
            )
            #expect(done.status == .found && done.headers[.location] == "/review/2026")
            #expect(browser.jar.session != nil)
        }
    }

    @Test("next is refused unless a path on this server: //host, https://, /\\host, controls, the sign-in pages")
    func nextRefused() async throws {
        for bad in [
            "//evil.example", "https://evil", "/\\evil", "\\\\evil", "evil.example", "/ok\r\nSet-Cookie: x=1", "/%0d", "/login",
            "/login/code?next=/x",
            "/api/v1/cycles", "", "/đi",
        ] {
            let accepted = SignInReturn(bad)
            if bad == "/%0d" {
                #expect(accepted?.path == "/%0d", "percent-encoded text is only a path here")
            } else {
                #expect(accepted == nil, "\(bad)")
            }
        }
        #expect(SignInReturn("/cycles/2026/units/A1?lang=en")?.path == "/cycles/2026/units/A1?lang=en")

        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for bad in ["//evil.example", "https://evil", "/\\evil"] {
                var browser = PageBrowser(app)
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                let login = try await browser.get(client, "/login?next=\(bad.addingPercentEncoding(withAllowedCharacters: allowed)!)")
                #expect(login.status == .ok && !login.body.contains(#"name="next""#), "\(bad)")
                let signedIn = try await browser.post(
                    client,
                    "/login",
                    [("_csrf", try PageBrowser.formToken(login)), ("next", bad), ("username", "u.a1"), ("password", "Mật-khẩu-dài-2026")]
                )
                #expect(signedIn.status == .found && signedIn.headers[.location] == "/dashboard", "\(bad)")
                // Signed in already: /login?next=… sends on only to a path of ours.
                let again = try await browser.get(client, "/login?next=\(bad.addingPercentEncoding(withAllowedCharacters: allowed)!)")
                #expect(again.headers[.location] == "/dashboard", "\(bad)")
            }
        }
    }

    @Test("an expired session on a posted form → 303 to sign-in with next = the page it was sent from (same origin only)")
    func expiredPost() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            // The row's form, sent with a session that has ended, from a page of ours or of another site.
            let send = { (headers: HTTPFields) in
                try await client.call(
                    .post,
                    Self.grid + "/items/1.1",
                    as: nil,
                    app: app,
                    body: ByteBuffer(string: "_csrf=x&points=1&note=ghi+ch%C3%BA"),
                    contentType: "application/x-www-form-urlencoded",
                    headers: headers
                )
            }
            let ended = try await send([.cookie: "__Host-parindex_session=ended", .referer: "http://localhost\(Self.grid)?lang=vi"])
            #expect(ended.status == .seeOther && ended.headers[.location] == "/login?next=/cycles/2026/units/A1%3Flang%3Dvi")
            let foreign = try await send([.referer: "http://evil.example\(Self.grid)"])
            #expect(foreign.status == .unauthorized)
        }
    }

    @Test("no JS: a refused row comes back with what was sent — a validation error and a stale version — beside the row")
    func unitRowKeepsSentValues() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "u.a1")
            let invalid = try await postForm(
                client,
                app,
                Self.grid + "/items/1.1",
                cookie: cookie,
                [("_csrf", csrf), ("points", "7"), ("note", "Theo Kế hoạch số 12/KH-STC"), ("version", "0")]
            )
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains(#"value="7" aria-describedby="p-1.1-hint err-1.1""#))
            #expect(invalid.body.contains(">Theo Kế hoạch số 12/KH-STC</textarea>"))
            #expect(invalid.body.contains(#"data-draft="entry-1.1" data-draft-failed"#))

            _ = try await app.services.assessments.setSelfEntry(
                cycle: "2026",
                unit: "A1",
                criterion: "1.1",
                .init(entry: .points(Points(1)), note: "Bản của đồng nghiệp"),
                by: UnitPagesTests.a1
            )
            let stale = try await postForm(
                client,
                app,
                Self.grid + "/items/1.1",
                cookie: cookie,
                [("_csrf", csrf), ("points", "1,5"), ("note", "Ghi chú tôi vừa gõ"), ("version", "0")]
            )
            #expect(stale.status == .conflict)
            #expect(stale.body.contains(#"value="1,5""#) && stale.body.contains(">Ghi chú tôi vừa gõ</textarea>"))
            #expect(stale.body.contains(#"name="version" value="1""#), "the form carries the saved version, to send again")
            #expect(try await UnitPagesTests.item(app, "1.1").item.selfValue?.note == "Bản của đồng nghiệp")
        }
    }

    @Test("review conflict: the version saved meanwhile beside the reviewer's typed values; the typed note stays in the form")
    func reviewConflict() async throws {
        let (app, _) = try await ReviewPagesTests.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let loaded = try await ReviewPagesTests.item(app, "1.1").version
            // Another reviewer's save lands first.
            _ = try await app.services.review.appraise(
                cycle: "2026",
                unit: "A1",
                criterion: "1.1",
                .init(entry: .points(Points(1)), note: "Thiếu văn bản ban hành"),
                by: Caller(username: "r1", role: .reviewer, unitCode: nil)
            )
            let stale = try await postForm(
                client,
                app,
                ReviewPagesTests.appraisal("1.1"),
                cookie: cookie,
                [("_csrf", csrf), ("version", String(loaded)), ("points", "1,5"), ("note", "Kế hoạch ban hành muộn 3 ngày")]
            )
            #expect(stale.status == .conflict)
            let html = stale.body
            #expect(html.contains(#"class="conflict""#))
            #expect(html.contains("Phiên bản vừa được lưu bởi r1 lúc"))
            #expect(html.contains("Nội dung bạn đã nhập"))
            #expect(html.contains(">Thiếu văn bản ban hành</dd>") && html.contains(">1,00</dd>"))
            #expect(html.contains(">Kế hoạch ban hành muộn 3 ngày</dd>") && html.contains(">1,50</dd>"))
            // The form keeps the typed values, with the current version so that sending again saves them.
            #expect(html.contains(">Kế hoạch ban hành muộn 3 ngày</textarea>"))
            #expect(html.contains(#"id="ap-1.1-points" name="points""#) && html.contains(#"value="1,5""#))
            let current = try await ReviewPagesTests.item(app, "1.1").version
            #expect(html.contains(#"name="version" value="\#(current)""#))
            let again = try await postForm(
                client,
                app,
                ReviewPagesTests.appraisal("1.1"),
                cookie: cookie,
                [("_csrf", csrf), ("version", String(current)), ("points", "1,5"), ("note", "Kế hoạch ban hành muộn 3 ngày")]
            )
            #expect(again.status == .found)
            #expect(try await ReviewPagesTests.item(app, "1.1").appraised?.note == "Kế hoạch ban hành muộn 3 ngày")

            // A validation error without JS comes back with what was sent too.
            let invalid = try await postForm(
                client,
                app,
                ReviewPagesTests.appraisal("1.2"),
                cookie: cookie,
                [("_csrf", csrf), ("choice", "1"), ("note", "")]
            )
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains(#"data-draft="appraisal-1.2" data-draft-failed"#))
            #expect(!invalid.body.contains(#"class="conflict""#))
        }
    }
}
