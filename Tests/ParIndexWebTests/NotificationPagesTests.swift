import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The person's side of notifications: the count in the header of every page (kept pages too),
/// the list, marking read; another person's notification is 404. And the admin's users page,
/// where an account's address is set.
@Suite struct NotificationPagesTests {
    /// The header's unread count ("" when none).
    static func bell(_ html: String) -> String? {
        guard let match = html.firstMatch(of: #/<span class="count" data-unread>([^<]*)</span>/#) else { return nil }
        return String(match.output.1)
    }

    @Test("the header counts unread notices on every page, the list shows them newest first, and reading them clears the count")
    func bellListAndRead() async throws {
        let app = try await StatusSignalsTests.questioned()
        // u.a1: three phase moves (to self-assessment, appraisal, explanation) and two questions.
        let notices = try await NotificationTests.notices(app, "u.a1")
        #expect(notices.map(\.kind) == [.phase, .question, .question, .phase, .phase])
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "u.a1")
            let get = { (path: String) in try await client.call(.get, path, as: nil, app: app, headers: [.cookie: cookie]) }
            #expect(Self.bell(try await get("/dashboard").body) == "5")
            // The self-assessment page is kept rendered for every caller alike; its count is this caller's.
            #expect(Self.bell(try await get("/cycles/2026/units/A1").body) == "5")
            #expect(Self.bell(try await client.call(.get, "/cycles/2026/units/A1", as: "obs", app: app).body) == "3")

            let list = try await get("/notifications")
            #expect(list.status == .ok && list.headers[.cacheControl] == "no-store")
            #expect(list.body.contains("5 thông báo chưa đọc."))
            let subjects = list.body.matches(of: #/<h2>([^<]*)</h2>/#).map { String($0.output.1) }
            #expect(subjects.first == "Kỳ &quot;Kỳ 2026&quot; chuyển sang giai đoạn &quot;Giải trình&quot;")
            #expect(subjects.contains("Yêu cầu giải trình tiêu chí 1.2 — Sở Tài chính"))
            #expect(list.body.contains(#"<a href="/cycles/2026/units/A1#item-1.2">Mở trang liên quan</a>"#))

            let question = try #require(notices.first { $0.kind == .question })
            let read = try await postForm(client, app, "/notifications/\(question.id!)/read", cookie: cookie, [("_csrf", csrf)])
            #expect(read.status == .found && read.headers[.location] == "/notifications")
            #expect(Self.bell(try await get("/dashboard").body) == "4")
            #expect(Self.bell(try await get("/cycles/2026/units/A1").body) == "4")
            // Without the form token nothing changes.
            let forged = try await postForm(client, app, "/notifications/read", cookie: cookie, [("_csrf", "x")])
            #expect(forged.status == .forbidden)
            let all = try await postForm(client, app, "/notifications/read", cookie: cookie, [("_csrf", csrf)])
            #expect(all.status == .found)
            #expect(Self.bell(try await get("/dashboard").body) == "")
            #expect(Self.bell(try await get("/cycles/2026/units/A1").body) == "")
            #expect(!(try await get("/notifications").body.contains("chưa đọc")))
            // The observer's own count is untouched.
            #expect(Self.bell(try await client.call(.get, "/dashboard", as: "obs", app: app).body) == "3")
        }
    }

    @Test("another person's notification is 404, before its form is even read; an unknown one too")
    func othersAreNotFound() async throws {
        let app = try await StatusSignalsTests.questioned()
        let question = try #require(try await NotificationTests.notices(app, "u.a1").first { $0.kind == .question })
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "u.a2")
            for path in ["/notifications/\(question.id!)/read", "/notifications/999999/read", "/notifications/abc/read"] {
                let answer = try await postForm(client, app, path, cookie: cookie, [("_csrf", csrf)])
                #expect(answer.status == .notFound, "\(path)")
                // Not even a wrong content type is looked at first.
                #expect(try await client.call(.post, path, as: "u.a2", app: app, json: "{}").status == .notFound, "\(path)")
            }
            #expect(try await client.call(.post, "/notifications/\(question.id!)/read", as: nil, app: app).status == .unauthorized)
        }
        #expect(try await NotificationTests.notices(app, "u.a1").allSatisfy { $0.readAt == nil })
    }

    @Test("the admin sets, shows and clears a user's address on the users page; a bad one is refused on that row")
    func usersPageEmail() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "admin")
            let saved = try await postForm(
                client,
                app,
                "/admin/users/u.a1/email",
                cookie: cookie,
                [("_csrf", csrf), ("email", "vanthu@stc.hanoi.gov.vn")]
            )
            #expect(saved.status == .ok && saved.body.contains("Đã lưu địa chỉ thư điện tử của u.a1."))
            #expect(
                saved.body.contains(
                    #"<input id="email-u.a1" aria-label="Thư điện tử u.a1" name="email" type="email" maxlength="254" autocomplete="off" value="vanthu@stc.hanoi.gov.vn">"#
                )
            )
            let bad = try await postForm(client, app, "/admin/users/u.a2/email", cookie: cookie, [("_csrf", csrf), ("email", "không phải địa chỉ")])
            #expect(bad.status == .unprocessableContent)
            #expect(
                bad.body.contains(
                    #"<p class="alert" role="alert" id="email-u.a2-error">Địa chỉ thư điện tử không hợp lệ (dạng ten@donvi.gov.vn).</p>"#
                )
            )
            #expect(bad.body.contains(#"value="không phải địa chỉ" aria-invalid="true" aria-describedby="email-u.a2-error">"#))
            let created = try await postForm(
                client,
                app,
                "/admin/users",
                cookie: cookie,
                [
                    ("_csrf", csrf), ("username", "u.b1.2"), ("name", "Trần Thị Bình"), ("role", "unit"), ("unit", "B1"),
                    ("password", "Mật-khẩu-dài-2026"), ("email", "binh@caugiay.hanoi.gov.vn"),
                ]
            )
            #expect(created.status == .found)
        }
        let emails = try await app.services.repository.read { db in try db.users().compactMap { user in user.email.map { (user.username, $0) } } }
        #expect(emails.map { "\($0.0) \($0.1)" } == ["u.a1 vanthu@stc.hanoi.gov.vn", "u.b1.2 binh@caugiay.hanoi.gov.vn"])
    }
}
