import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import ParIndexStore
import Testing

@testable import ParIndexWeb

/// The token and account lifecycle (SECURITY.md CR-1…CR-4): tokens listed but never shown again,
/// revoked, expiring; disable and enable with a reason; a reset or a disable ends every session and
/// token at the next request; nothing kept in memory outlives a revocation made by another process.
@Suite struct CredentialsTests {
    static let reason = "Cán bộ đã chuyển công tác"

    /// u.a1's tokens as the API lists them.
    static func listed(_ client: some TestClientProtocol, _ app: TestApp, of user: String, as caller: String?) async throws -> Answer {
        try await client.call(.get, "/api/v1/users/\(user)/tokens", as: caller, app: app)
    }

    static func cycles(_ client: some TestClientProtocol, _ app: TestApp, token: String) async throws -> HTTPResponse.Status {
        try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.authorization: "Bearer \(token)"]).status
    }

    static func cycles(_ client: some TestClientProtocol, _ app: TestApp, session: (cookie: String, csrf: String)) async throws -> HTTPResponse.Status
    {
        try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.cookie: session.cookie]).status
    }

    static func tokenIds(_ app: TestApp, _ username: String) async throws -> [Int64] {
        try await app.services.repository.read { db in try db.tokens(username: username).compactMap(\.id) }
    }

    @Test("CR-1: an admin lists anyone's tokens, a person their own; never the token; another's are 404; anonymous 401")
    func listTokens() async throws {
        let app = try TestApp()
        try await app.seed()
        let token = try #require(app.tokens["u.a1"])
        try await app.application.test(.router) { client in
            let admin = try await Self.listed(client, app, of: "u.a1", as: "admin")
            #expect(admin.status == .ok)
            let first = try #require(admin.json?.arrayValue?.first)
            #expect(admin.json?.arrayValue?.count == 1)
            #expect(first["id"]?.scalarText != nil)
            #expect(first["createdAt"]?.stringValue == Timestamp.format(TestApp.t0))
            #expect(first["expiresAt"]?.stringValue == Timestamp.format(TestApp.t0 + 180 * 86400))
            #expect(first["token"] == nil && first["label"] == nil)
            // Neither the token nor its hash is ever in the answer.
            #expect(!admin.body.contains(token) && !admin.body.contains(Digests.sha256Hex(token)))

            // Its owner, signed in with that very token, lists it: the request stamps its last use.
            let own = try await Self.listed(client, app, of: "u.a1", as: "u.a1")
            #expect(own.status == .ok)
            #expect(own.json?.arrayValue?.first?["lastUsedAt"]?.stringValue == Timestamp.format(TestApp.t0))
            for own in ["r1", "obs", "admin"] {
                #expect(try await Self.listed(client, app, of: own, as: own).status == .ok, "\(own) lists their own")
            }
            // Another unit's official, a reviewer, an observer: as for any object they may never see.
            for other in ["u.a2", "r1", "r2", "obs"] {
                let answer = try await Self.listed(client, app, of: "u.a1", as: other)
                #expect(answer.status == .notFound, "\(other)")
                #expect(answer.errorCode == "not_found")
            }
            // …and exactly as for a name that does not exist.
            let missing = try await Self.listed(client, app, of: "khong.co", as: "u.a2")
            let others = try await Self.listed(client, app, of: "u.a1", as: "u.a2")
            #expect(missing.status == others.status && missing.errorCode == others.errorCode)
            #expect(try await Self.listed(client, app, of: "khong.co", as: "admin").status == .notFound)
            #expect(try await Self.listed(client, app, of: "u.a1", as: nil).status == .unauthorized)
        }
    }

    @Test("CR-2: DELETE revokes (admin or owner): 204, then 401 from the next request; to anyone else 404; in the ledger")
    func revokeTokens() async throws {
        let app = try TestApp()
        try await app.seed()
        let second = try await app.services.admin.createToken(for: "u.a1", label: "Đồng bộ một cửa", by: .commandLine("test"))
        let ids = try await Self.tokenIds(app, "u.a1")
        #expect(ids.count == 2)
        let (firstId, secondId) = (ids[0], ids[1])
        try await app.application.test(.router) { client in
            for other in ["u.a2", "r1", "r2", "obs"] {
                let answer = try await client.call(.delete, "/api/v1/tokens/\(secondId)", as: other, app: app)
                #expect(answer.status == .notFound, "\(other)")
            }
            #expect(try await client.call(.delete, "/api/v1/tokens/\(secondId)", as: nil, app: app).status == .unauthorized)
            #expect(try await Self.cycles(client, app, token: second) == .ok, "refused revocations change nothing")

            // The owner revokes the second token with the first…
            #expect(try await client.call(.delete, "/api/v1/tokens/\(secondId)", as: "u.a1", app: app).status == .noContent)
            #expect(try await Self.cycles(client, app, token: second) == .unauthorized)
            // …and an admin the first: the very next request with it is refused.
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .ok)
            #expect(try await client.call(.delete, "/api/v1/tokens/\(firstId)", as: "admin", app: app).status == .noContent)
            let refused = try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app)
            #expect(refused.status == .unauthorized && refused.errorCode == "invalid_token")
            #expect(try await client.call(.delete, "/api/v1/tokens/\(firstId)", as: "admin", app: app).status == .notFound)
            #expect(try await client.call(.delete, "/api/v1/tokens/abc", as: "admin", app: app).status == .notFound)
            #expect(try await Self.listed(client, app, of: "u.a1", as: "admin").json?.arrayValue?.isEmpty == true)
        }
        let revokes = try await ledgerActions(app).filter { $0.action == "token.revoke" && $0.subject == "user:u.a1" }
        #expect(revokes.map(\.actor) == ["u.a1", "admin"])
        #expect(revokes.first?.payload.contains("Đồng bộ một cửa") == true)
        let creates = try await ledgerActions(app).filter { $0.action == "token.create" }
        for event in creates + revokes {
            #expect(!event.payload.contains(second) && !event.payload.contains(Digests.sha256Hex(second)), "never the secret")
        }
        #expect(try await app.services.audit.verify().ok)
    }

    @Test("CR-2: a token stops working auth.tokenDays after it was issued, on the injected clock (default 180)")
    func tokensExpire() async throws {
        #expect(AuthService.Policy().tokenLifetime == 180 * 86400)
        var settings = TestApp.testSecurity
        settings.auth.tokenLifetime = 10 * 86400
        settings.auth.inactiveAfter = nil
        let app = try TestApp(security: settings)
        try await app.seed()
        try await app.application.test(.router) { client in
            let listed = try await Self.listed(client, app, of: "obs", as: "admin")
            #expect(listed.json?.arrayValue?.first?["expiresAt"]?.stringValue == Timestamp.format(TestApp.t0 + 10 * 86400))
            app.clock.set(TestApp.t0 + 10 * 86400 - 1)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "obs", app: app).status == .ok)
            app.clock.set(TestApp.t0 + 10 * 86400)
            let expired = try await client.call(.get, "/api/v1/cycles", as: "obs", app: app)
            #expect(expired.status == .unauthorized && expired.errorCode == "invalid_token")
            // A new token works again, for its own ten days.
            let fresh = try await app.services.admin.createToken(for: "obs", by: .commandLine("test"))
            #expect(try await Self.cycles(client, app, token: fresh) == .ok)
        }
    }

    @Test("CR-3: disable ends every session and token at the next request; enable restores sign-in but not the tokens")
    func disableAndEnable() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await browserSession(client, app, "u.a1")
            #expect(try await Self.cycles(client, app, session: session) == .ok)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .ok)
            let disable = "/api/v1/users/u.a1/disable"
            for other in ["u.a2", "r1", "obs"] {
                #expect(try await client.call(.post, disable, as: other, app: app, json: #"{"reason": "x"}"#).status == .forbidden, "\(other)")
            }
            #expect(try await client.call(.post, disable, as: nil, app: app, json: #"{"reason": "x"}"#).status == .unauthorized)
            for body in [#"{}"#, #"{"reason": ""}"#, #"{"reason": "   "}"#, #"{"reason": "\#(String(repeating: "a", count: 1001))"}"#] {
                let refused = try await client.call(.post, disable, as: "admin", app: app, json: body)
                #expect(refused.status == .unprocessableContent, "\(body.prefix(30))")
            }
            let unknown = try await client.call(.post, disable, as: "admin", app: app, json: #"{"reason": "x", "disabled": true}"#)
            #expect(unknown.errorCode == "unknown_field")
            let own = try await client.call(.post, "/api/v1/users/admin/disable", as: "admin", app: app, json: #"{"reason": "thử"}"#)
            #expect(own.status == .unprocessableContent && own.errorCode == "cannot_disable_self")
            #expect(try await Self.cycles(client, app, session: session) == .ok, "refusals changed nothing")

            let disabled = try await client.call(.post, disable, as: "admin", app: app, json: #"{"reason": "  \#(Self.reason)  "}"#)
            #expect(disabled.status == .ok)
            #expect(disabled.json?["disabled"] == .bool(true) && disabled.json?["username"]?.stringValue == "u.a1")
            #expect(try await Self.cycles(client, app, session: session) == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .unauthorized)
            #expect(try await client.call(.post, disable, as: "admin", app: app, json: #"{"reason": "lần nữa"}"#).status == .conflict)
            // The JSON sign-in answers a disabled account as it answers a wrong password (AU-7).
            let login = try await client.call(
                .post,
                "/api/v1/session",
                as: nil,
                app: app,
                json: #"{"username": "u.a1", "password": "Mật-khẩu-dài-2026"}"#
            )
            #expect(login.status == .unauthorized && login.errorCode == "invalid_credentials")

            let enable = "/api/v1/users/u.a1/enable"
            #expect(try await client.call(.post, enable, as: "u.a2", app: app, json: #"{"reason": "x"}"#).status == .forbidden)
            #expect(try await client.call(.post, enable, as: "admin", app: app, json: #"{"reason": ""}"#).status == .unprocessableContent)
            let enabled = try await client.call(.post, enable, as: "admin", app: app, json: #"{"reason": "Trở lại công tác"}"#)
            #expect(enabled.status == .ok && enabled.json?["disabled"] == .bool(false))
            let again = try await browserSession(client, app, "u.a1")
            #expect(try await Self.cycles(client, app, session: again) == .ok, "signs in again")
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .unauthorized, "the old token stays ended")
        }
        let events = try await ledgerActions(app).filter { $0.subject == "user:u.a1" && ["user.disable", "user.enable"].contains($0.action) }
        #expect(events.map(\.action) == ["user.disable", "user.enable"])
        #expect(events.allSatisfy { $0.actor == "admin" })
        let disable = try DocumentValue.parseJSON(Data(events[0].payload.utf8))
        #expect(disable["reason"]?.stringValue == Self.reason, "trimmed")
        #expect(disable["sessions"]?.scalarText == "1" && disable["tokens"]?.scalarText == "1")
        #expect(try DocumentValue.parseJSON(Data(events[1].payload.utf8))["reason"]?.stringValue == "Trở lại công tác")
        #expect(try await app.services.audit.verify().ok)
    }

    @Test("CR-3: a disabled account is told so at the sign-in page, but only after the right password")
    func disabledSignInPage() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.services.accounts.disable("u.b1", reason: Self.reason, by: .commandLine("test"))
        let disabledWords = try #require(Catalogue.vi["login.disabled"])
        let failedWords = try #require(Catalogue.vi["login.failed"])
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            let wrong = try await browser.password(client, "u.b1", "Sai-mật-khẩu-2026")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains(failedWords) && !wrong.body.contains(disabledWords))
            let unknown = try await browser.password(client, "khong.co", "Sai-mật-khẩu-2026")
            #expect(unknown.body.contains(failedWords))
            let right = try await browser.password(client, "u.b1")
            #expect(right.status == .unauthorized)
            #expect(right.body.contains(disabledWords) && !right.body.contains(failedWords))
            #expect(browser.jar.session == nil)
        }
        let user = try await app.services.repository.read { db in try db.user("u.b1") }
        #expect(user?.failedLogins == 1, "only the wrong password counted toward the lockout")
    }

    @Test("CR-3: a password reset ends every session and token of the account at the next request")
    func resetEndsCredentials() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await browserSession(client, app, "u.b1")
            let other = try await browserSession(client, app, "u.b2")
            #expect(try await Self.cycles(client, app, session: session) == .ok)
            let code = try await app.services.accounts.issuePasswordReset("u.b1", by: .commandLine("test"))
            try await app.services.accounts.resetPassword(username: "u.b1", code: code.code, new: "Một-mật-khẩu-mới-2026")
            #expect(try await Self.cycles(client, app, session: session) == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.b1", app: app).status == .unauthorized)
            #expect(try await Self.cycles(client, app, session: other) == .ok, "other accounts carry on")
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.b2", app: app).status == .ok)
        }
        let reset = try #require(try await ledgerActions(app).last { $0.action == "user.password.reset" && $0.subject == "user:u.b1" })
        let payload = try DocumentValue.parseJSON(Data(reset.payload.utf8))
        #expect(payload["sessions"]?.scalarText == "1" && payload["tokens"]?.scalarText == "1")
    }

    @Test("CR-4: what another process on the same database file revokes, disables or resets is refused at the server's next request")
    func acrossProcesses() async throws {
        let app = try TestApp()
        try await app.seed()
        // The command line opens its own pool on the same file, with its own services, as `parindex` does.
        let path = app.directory.appendingPathComponent("db.sqlite").path
        let cli = Services(
            repository: try AppDatabase.open(path: path, clock: app.clock),
            clock: app.clock,
            passwords: ScryptPasswordHasher.forTesting,
            inspector: FileEvidenceInspector()
        )
        try await app.application.test(.router) { client in
            // The server has read each credential once already (warm statements, warm connections).
            let session = try await browserSession(client, app, "u.a1")
            #expect(try await Self.cycles(client, app, session: session) == .ok)
            for user in ["u.a1", "u.a2", "u.b1"] { #expect(try await client.call(.get, "/api/v1/cycles", as: user, app: app).status == .ok) }
            let sessionB1 = try await browserSession(client, app, "u.b1")
            #expect(try await Self.cycles(client, app, session: sessionB1) == .ok)
            #expect(try await app.services.auth.callerForToken(app.tokens["u.a2"]!) != nil)

            let id = try #require(try await cli.tokens.list(username: "u.a2", by: .commandLine()).first?.id)
            try await cli.tokens.revoke(id: id, by: .commandLine())
            #expect(try await app.services.auth.callerForToken(app.tokens["u.a2"]!) == nil)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a2", app: app).status == .unauthorized)

            try await cli.accounts.disable("u.a1", reason: Self.reason, by: .commandLine())
            #expect(try await Self.cycles(client, app, session: session) == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .unauthorized)

            let code = try await cli.accounts.issuePasswordReset("u.b1", by: .commandLine())
            try await cli.accounts.resetPassword(username: "u.b1", code: code.code, new: "Một-mật-khẩu-mới-2026")
            #expect(try await Self.cycles(client, app, session: sessionB1) == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.b1", app: app).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.b2", app: app).status == .ok)
        }
    }

    @Test("CR-1…CR-3 on the users page: tokens listed with revoke, disable and enable with a reason, CSRF like every form")
    func usersPage() async throws {
        let app = try TestApp()
        try await app.seed()
        let labelled = try await app.services.admin.createToken(for: "u.a2", label: "Đồng bộ một cửa", by: .commandLine("test"))
        let labelledId = try #require(try await Self.tokenIds(app, "u.a2").last)
        try await app.application.test(.router) { client in
            let admin = try await browserSession(client, app, "admin")
            func page() async throws -> Answer { try await client.call(.get, "/admin/users", as: nil, app: app, headers: [.cookie: admin.cookie]) }
            let before = try await page()
            #expect(before.body.contains(#"id="token-\#(labelledId)""#))
            #expect(before.body.contains("Đồng bộ một cửa") && before.body.contains(Timestamp.vietnamese(TestApp.t0 + 180 * 86400)))
            #expect(before.body.contains(#"action="/admin/tokens/\#(labelledId)/revoke""#))
            #expect(!before.body.contains(labelled) && !before.body.contains(Digests.sha256Hex(labelled)), "never the token")
            #expect(before.body.contains(#"action="/admin/users/u.a1/disable""#))
            #expect(!before.body.contains(#"action="/admin/users/admin/disable""#), "nobody disables their own account")
            #expect(before.body.contains(#"<button type="submit" class="irreversible">"#))

            let disable = "/admin/users/u.a1/disable"
            #expect(try await postForm(client, app, disable, cookie: admin.cookie, [("reason", Self.reason)]).status == .forbidden, "no CSRF token")
            let blank = try await postForm(client, app, disable, cookie: admin.cookie, [("_csrf", admin.csrf), ("reason", " ")])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.body.contains(#"id="disable-u.a1-error""#) && blank.body.contains(#"<details class="reason" open>"#))
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .ok, "nothing changed")

            let done = try await postForm(client, app, disable, cookie: admin.cookie, [("_csrf", admin.csrf), ("reason", Self.reason)])
            #expect(done.status == .ok)
            #expect(done.body.contains("Đã vô hiệu hoá tài khoản u.a1"))
            #expect(done.body.contains("Đã vô hiệu hoá: \(Self.reason) (admin, "))
            #expect(done.body.contains(#"action="/admin/users/u.a1/enable""#) && !done.body.contains(#"action="/admin/users/u.a1/disable""#))
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .unauthorized)

            let revoked = try await postForm(client, app, "/admin/tokens/\(labelledId)/revoke", cookie: admin.cookie, [("_csrf", admin.csrf)])
            #expect(revoked.status == .ok && revoked.body.contains("Đã thu hồi mã truy cập số \(labelledId) của u.a2"))
            #expect(!revoked.body.contains(#"id="token-\#(labelledId)""#))
            #expect(try await Self.cycles(client, app, token: labelled) == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a2", app: app).status == .ok, "u.a2's other token works")

            let enabled = try await postForm(
                client,
                app,
                "/admin/users/u.a1/enable",
                cookie: admin.cookie,
                [("_csrf", admin.csrf), ("reason", "Trở lại công tác")]
            )
            #expect(enabled.status == .ok && enabled.body.contains(#"action="/admin/users/u.a1/disable""#))
            _ = try await browserSession(client, app, "u.a1")
        }
        #expect(SiteURL.revokeToken(7).path == "/admin/tokens/7/revoke")
        #expect(AccessMatrixTests.specs.contains { $0.method == .post && SiteURLTests.fits(SiteURL.revokeToken(7).path, $0.path) })
    }
}
