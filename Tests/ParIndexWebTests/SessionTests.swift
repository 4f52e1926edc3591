import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

/// The browser session (SECURITY.md SE-1 … SE-8), login (AU) and CSRF (CS) through the router:
/// server-side sessions behind a `__Host-` cookie, the CSRF header on cookie writes, lockout and the
/// injectable clock for idle and absolute expiry.
@Suite struct SessionTests {
    static let password = "Mật-khẩu-dài-2026"
    static let cookieName = "__Host-parindex_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    static let item = "/api/v1/cycles/2026/units/A1/items/1.1"

    /// What a successful login hands the browser.
    struct BrowserSession {
        var id: String
        var csrf: String

        /// The cookie and a CSRF token (this session's unless another is given).
        func headers(csrf token: String? = nil, extra: HTTPFields = [:]) -> HTTPFields {
            var fields = extra
            fields[.cookie] = "\(SessionTests.cookieName)=\(id)"
            fields[SessionTests.csrfHeader] = token ?? csrf
            return fields
        }

        /// Only the cookie, no CSRF header.
        var cookieOnly: HTTPFields { [.cookie: "\(SessionTests.cookieName)=\(id)"] }
    }

    func login(
        _ client: some TestClientProtocol,
        _ app: TestApp,
        _ username: String = "u.a1",
        password: String = SessionTests.password,
        headers: HTTPFields = [:]
    ) async throws -> Answer {
        try await client.call(
            .post,
            "/api/v1/session",
            as: nil,
            app: app,
            json: #"{"username": "\#(username)", "password": "\#(password)"}"#,
            headers: headers
        )
    }

    func signIn(_ client: some TestClientProtocol, _ app: TestApp, _ username: String = "u.a1") async throws -> BrowserSession {
        let answer = try await login(client, app, username)
        #expect(answer.status == .created, "\(answer.body)")
        let setCookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix(Self.cookieName + "=") })
        let id = String(setCookie.dropFirst(Self.cookieName.count + 1).prefix { $0 != ";" })
        let csrf = try #require(answer.json?["csrfToken"]?.stringValue)
        return BrowserSession(id: id, csrf: csrf)
    }

    func cycles(_ client: some TestClientProtocol, _ app: TestApp, _ session: BrowserSession) async throws -> Answer {
        try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: session.cookieOnly)
    }

    // MARK: - cookie and login

    @Test("login → 201 with csrfToken and a __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, ≥128-bit id (SE-1, SE-6)")
    func loginSetsCookie() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await login(client, app)
            #expect(answer.status == .created)
            #expect(answer.json?["username"]?.stringValue == "u.a1")
            #expect(answer.json?["role"]?.stringValue == "unit")
            let csrf = try #require(answer.json?["csrfToken"]?.stringValue)
            #expect(csrf.count >= 32)
            let cookies = answer.headers[values: .setCookie]
            #expect(cookies.count == 1)
            let cookie = try #require(cookies.first)
            #expect(cookie.hasPrefix("__Host-parindex_session="))
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
                #expect(attributes.contains(attribute), "\(attribute) missing in \(cookie)")
            }
            #expect(!attributes.contains { $0.lowercased().hasPrefix("domain=") }, "a __Host- cookie has no Domain")
            let id = String(attributes[0].dropFirst("__Host-parindex_session=".count))
            #expect(id.count >= 32 && id.allSatisfy(\.isHexDigit), "id \(id)")
            // the session id is not the CSRF token, and neither is in the body's other fields
            #expect(id != csrf)
            #expect(!answer.body.contains(id))
            // the id is stored only as its hash (SE-7)
            #expect(try await app.count("SELECT COUNT(*) FROM session WHERE idSHA256 = '\(Digests.sha256Hex(id))'") == 1)
            #expect(try await app.count("SELECT COUNT(*) FROM session WHERE idSHA256 = '\(id)'") == 0)

            let session = try await signIn(client, app)
            let list = try await cycles(client, app, session)
            #expect(list.status == .ok, "\(list.body)")
            #expect(list.json?.arrayValue?.first?["code"]?.stringValue == "2026")
            #expect(list.headers[.cacheControl] == "no-store")
        }
    }

    @Test("a new login gives a new session id each time (SE-2, fixation)")
    func newIdAtLogin() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            var ids: Set<String> = []
            var tokens: Set<String> = []
            for _ in 0..<5 {
                let session = try await signIn(client, app)
                ids.insert(session.id)
                tokens.insert(session.csrf)
            }
            #expect(ids.count == 5)
            #expect(tokens.count == 5)
            // an id the attacker planted is never adopted: the login answer carries a fresh one
            let planted = String(repeating: "ab", count: 32)
            let answer = try await login(client, app, headers: [.cookie: "\(Self.cookieName)=\(planted)"])
            #expect(answer.status == .created)
            #expect(answer.headers[values: .setCookie].first?.contains(planted) == false)
            #expect(try await cycles(client, app, BrowserSession(id: planted, csrf: "")).status == .unauthorized)
        }
    }

    @Test(
        "re-login with the old cookie invalidates the pre-login id (SE-2)"
    )
    func reloginKillsOldSession() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let old = try await signIn(client, app)
            let answer = try await login(client, app, headers: old.headers())
            #expect(answer.status == .created, "\(answer.body)")
            #expect(try await cycles(client, app, old).status == .unauthorized)
        }
    }

    @Test("unknown user and wrong password get the same status and byte-identical bodies (AU-7)")
    func noEnumeration() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let unknown = try await login(client, app, "khong.ton.tai")
            let wrong = try await login(client, app, "u.a1", password: "sai-mật-khẩu-2026")
            #expect(unknown.status == .unauthorized)
            #expect(wrong.status == unknown.status)
            #expect(wrong.body == unknown.body)
            #expect(unknown.headers[values: .setCookie].isEmpty && wrong.headers[values: .setCookie].isEmpty)
            expectErrorShape(unknown, code: "invalid_credentials")
            // a disabled account answers the same as well
            try await disable(app, "u.a2")
            let disabled = try await login(client, app, "u.a2")
            #expect(disabled.status == .unauthorized && disabled.body == unknown.body)
        }
    }

    @Test(
        "5 wrong passwords lock the account: the 6th try, right password included, gets the wrong-password answer; 16 min later it works (AU-6, AU-7)"
    )
    func lockout() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            var wrong: Answer?
            for attempt in 1...5 {
                let answer = try await login(client, app, password: "sai-mật-khẩu-\(attempt)")
                #expect(answer.status == .unauthorized, "attempt \(attempt)")
                wrong = answer
            }
            let locked = try await login(client, app)
            // Locked looks exactly like a wrong password, so the lock tells nobody the name exists (AU-7).
            #expect(locked.status == .unauthorized)
            expectErrorShape(locked, code: "invalid_credentials")
            #expect(locked.body == wrong?.body)
            #expect(locked.headers[values: .setCookie].isEmpty)
            let stored = try await app.services.repository.read { db in try db.user("u.a1") }
            #expect(stored?.lockedUntil == TestApp.t0 + 15 * 60)
            // the lock is in the ledger (LG)
            #expect(try await app.count("SELECT COUNT(*) FROM ledger WHERE action = 'user.lock'") == 1)
            // other accounts are not affected
            #expect(try await login(client, app, "u.a2").status == .created)

            app.clock.advance(by: 14 * 60)
            #expect(try await login(client, app).status == .unauthorized)
            app.clock.advance(by: 2 * 60)
            let after = try await login(client, app)
            #expect(after.status == .created, "\(after.body)")
        }
    }

    @Test(
        "failures spread over more than 15 minutes do not add up to a lock (AU-6: 5 failures in 15 min)"
    )
    func lockoutWindow() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for attempt in 1...4 {
                let answer = try await login(client, app, password: "sai-mật-khẩu-\(attempt)")
                #expect(answer.status == .unauthorized)
            }
            app.clock.advance(by: 86400)
            let fifth = try await login(client, app, password: "sai-mật-khẩu-5")
            #expect(fifth.status == .unauthorized)
            let right = try await login(client, app)
            #expect(right.status == .created, "\(right.body)")
        }
    }

    // MARK: - CSRF

    @Test("a cookie write needs the right X-CSRF-Token: none or wrong → 403 csrf, right → passes (CS-2)")
    func csrfToken() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            let missing = try await client.call(.put, Self.item, as: nil, app: app, json: #"{"points": 1}"#, headers: session.cookieOnly)
            #expect(missing.status == .forbidden)
            expectErrorShape(missing, code: "csrf")
            for wrong in [String(repeating: "0", count: session.csrf.count), String(session.csrf.dropLast()), session.csrf + "0", "", session.id] {
                let answer = try await client.call(.put, Self.item, as: nil, app: app, json: #"{"points": 1}"#, headers: session.headers(csrf: wrong))
                #expect(answer.status == .forbidden, "token \(wrong)")
                expectErrorShape(answer, code: "csrf")
            }
            // another session's token does not fit this session
            let other = try await signIn(client, app, "u.a1")
            let crossed = try await client.call(
                .put,
                Self.item,
                as: nil,
                app: app,
                json: #"{"points": 1}"#,
                headers: session.headers(csrf: other.csrf)
            )
            #expect(crossed.status == .forbidden)
            // nothing was written by the refused requests
            #expect(try await app.count("SELECT COUNT(*) FROM item") == 0)

            let right = try await client.call(.put, Self.item, as: nil, app: app, json: #"{"points": 1}"#, headers: session.headers())
            #expect(right.status == .ok, "\(right.body)")
            #expect(right.json?["self"]?["points"]?.scalarText == "1")
            // reads need no token
            #expect(try await cycles(client, app, session).status == .ok)
        }
    }

    @Test("Sec-Fetch-Site: cross-site on a cookie write → 403, even with the right token (CS-3)")
    func fetchMetadata() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            let crossSite = try await client.call(
                .put,
                Self.item,
                as: nil,
                app: app,
                json: #"{"points": 1}"#,
                headers: session.headers(extra: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
            )
            #expect(crossSite.status == .forbidden)
            expectErrorShape(crossSite)
            let sameOrigin = try await client.call(
                .put,
                Self.item,
                as: nil,
                app: app,
                json: #"{"points": 1}"#,
                headers: session.headers(extra: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
            )
            #expect(sameOrigin.status == .ok, "\(sameOrigin.body)")
        }
    }

    @Test(
        "without Sec-Fetch-*, a foreign Origin on a cookie write → 403 (CS-3 fallback)"
    )
    func originFallback() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            let answer = try await client.call(
                .put,
                Self.item,
                as: nil,
                app: app,
                json: #"{"points": 1}"#,
                headers: session.headers(extra: [.origin: "https://evil.example"])
            )
            #expect(answer.status == .forbidden)
        }
    }

    @Test("a JSON API write with a form or text content type → 415, with cookie or token, login included (CS-5, CS-4)")
    func formContentTypes() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            for type in ["application/x-www-form-urlencoded", "text/plain", multipartType] {
                let withCookie = try await client.call(
                    .put,
                    Self.item,
                    as: nil,
                    app: app,
                    body: ByteBuffer(string: "points=1"),
                    contentType: type,
                    headers: session.headers()
                )
                #expect(withCookie.status == .unsupportedMediaType, "\(type): \(withCookie.body)")
                expectErrorShape(withCookie, code: "unsupported_media_type")
                let withToken = try await client.call(.put, Self.item, as: "u.a1", app: app, body: ByteBuffer(string: "points=1"), contentType: type)
                #expect(withToken.status == .unsupportedMediaType)
                let loginForm = try await client.call(
                    .post,
                    "/api/v1/session",
                    as: nil,
                    app: app,
                    body: ByteBuffer(string: "username=u.a1&password=M%E1%BA%ADt-kh%E1%BA%A9u-d%C3%A0i-2026"),
                    contentType: type
                )
                #expect(loginForm.status == .unsupportedMediaType)
                #expect(loginForm.headers[values: .setCookie].isEmpty)
            }
            #expect(try await app.count("SELECT COUNT(*) FROM item") == 0)
        }
    }

    // MARK: - ending sessions

    @Test("logout with cookie + CSRF → 204, and the cookie no longer works (SE-3)")
    func logout() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            let other = try await signIn(client, app)
            let noToken = try await client.call(.delete, "/api/v1/session", as: nil, app: app, headers: session.cookieOnly)
            #expect(noToken.status == .forbidden)
            #expect(try await cycles(client, app, session).status == .ok)

            let answer = try await client.call(.delete, "/api/v1/session", as: nil, app: app, headers: session.headers())
            #expect(answer.status == .noContent)
            let cleared = try #require(answer.headers[values: .setCookie].first)
            #expect(cleared.hasPrefix("__Host-parindex_session=;") && cleared.contains("Max-Age=0"))
            let replay = try await cycles(client, app, session)
            #expect(replay.status == .unauthorized)
            expectErrorShape(replay)
            let write = try await client.call(.put, Self.item, as: nil, app: app, json: #"{"points": 1}"#, headers: session.headers())
            #expect(write.status == .unauthorized)
            // only that session ended
            #expect(try await cycles(client, app, other).status == .ok)
        }
    }

    @Test("idle 16 minutes → the cookie no longer works; 14 minutes idle is fine (SE-4, 15 min idle)")
    func idleTimeout() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            app.clock.advance(by: 14 * 60)
            #expect(try await cycles(client, app, session).status == .ok)
            app.clock.advance(by: 14 * 60)  // 28 min since login, 14 since the last request
            #expect(try await cycles(client, app, session).status == .ok)
            app.clock.advance(by: 16 * 60)
            let expired = try await cycles(client, app, session)
            #expect(expired.status == .unauthorized)
            expectErrorShape(expired)
            // removed server-side
            #expect(try await app.count("SELECT COUNT(*) FROM session") == 0)
        }
    }

    @Test("absolute 12 h: a request every 10 minutes keeps it alive until 12 h, then it is refused (SE-4)")
    func absoluteTimeout() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            for step in 1...72 {  // 72 × 10 min = 12 h
                app.clock.advance(by: 10 * 60)
                let answer = try await cycles(client, app, session)
                #expect(answer.status == .ok, "after \(step * 10) min")
            }
            app.clock.advance(by: 10 * 60)  // 12 h 10 min
            let refused = try await cycles(client, app, session)
            #expect(refused.status == .unauthorized)
            expectErrorShape(refused)
            // a fresh login works
            let again = try await signIn(client, app)
            #expect(try await cycles(client, app, again).status == .ok)
        }
    }

    @Test("disabling a user stops its sessions and tokens at once (SE-5)")
    func disabledUser() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let session = try await signIn(client, app)
            #expect(try await cycles(client, app, session).status == .ok)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .ok)
            try await disable(app, "u.a1")
            let cookie = try await cycles(client, app, session)
            #expect(cookie.status == .unauthorized)
            expectErrorShape(cookie)
            let token = try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app)
            #expect(token.status == .unauthorized)
            expectErrorShape(token, code: "invalid_token")
            let write = try await client.call(.put, Self.item, as: nil, app: app, json: #"{"points": 1}"#, headers: session.headers())
            #expect(write.status == .unauthorized)
            // other users carry on
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a2", app: app).status == .ok)
        }
    }

    // MARK: - tokens and other credentials

    @Test("a wrong bearer token → 401 invalid_token; Basic and other schemes → 401; no credentials → 401")
    func badCredentials() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let valid = try #require(app.tokens["u.a1"])
            for value in [
                "Bearer " + String(repeating: "0", count: valid.count), "Bearer " + valid.dropLast(), "Bearer ",
                "Bearer " + String(repeating: "x", count: 10_000),
            ] {
                let answer = try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.authorization: value])
                #expect(answer.status == .unauthorized, "\(value.prefix(20))")
                expectErrorShape(answer, code: "invalid_token")
            }
            let basic = Data("u.a1:\(Self.password)".utf8).base64EncodedString()
            for value in ["Basic \(basic)", "Digest username=\"u.a1\"", "Token \(valid)"] {
                let answer = try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.authorization: value])
                #expect(answer.status == .unauthorized, "\(value)")
                expectErrorShape(answer)
            }
            let anonymous = try await client.call(.get, "/api/v1/cycles", as: nil, app: app)
            #expect(anonymous.status == .unauthorized)
            expectErrorShape(anonymous)
            // a made-up or over-long cookie is simply not signed in
            for id in ["0123456789abcdef0123456789abcdef", String(repeating: "f", count: 5000)] {
                let answer = try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.cookie: "\(Self.cookieName)=\(id)"])
                #expect(answer.status == .unauthorized)
            }
            // a bad token is refused even when a good session cookie comes along
            let session = try await signIn(client, app)
            let mixed = try await client.call(
                .get,
                "/api/v1/cycles",
                as: nil,
                app: app,
                headers: session.headers(extra: [.authorization: "Bearer nope"])
            )
            #expect(mixed.status == .unauthorized)
        }
    }

    func disable(_ app: TestApp, _ username: String) async throws {
        try await app.database.write { db in
            guard var user = try db.user(username) else { return }
            user.disabled = true
            try db.save(user)
        }
    }
}

/// Changing one's password from the page (AU-1…AU-3, SE-5: other sessions end).
@Suite struct ChangePasswordTests {
    @Test("the page changes the password after checking the current one, and ends other sessions")
    func changePassword() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let first = try await browserSession(client, app, "u.a1")
            let other = try await browserSession(client, app, "u.a1")
            let page = try await client.call(.get, "/account/password", as: nil, app: app, headers: [.cookie: first.cookie])
            #expect(page.status == .ok)
            #expect(page.body.contains("Mật khẩu hiện tại"))
            #expect(page.headers[.cacheControl] == "no-store")
            let fields = { (current: String, new: String, confirm: String, csrf: String) in
                [("_csrf", csrf), ("current", current), ("new", new), ("confirm", confirm)]
            }
            let wrong = try await postForm(
                client,
                app,
                "/account/password",
                cookie: first.cookie,
                fields("sai", "Một mật khẩu mới dài", "Một mật khẩu mới dài", first.csrf)
            )
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("Mật khẩu hiện tại không đúng."))
            let weak = try await postForm(
                client,
                app,
                "/account/password",
                cookie: first.cookie,
                fields("Mật-khẩu-dài-2026", "12345678", "12345678", first.csrf)
            )
            #expect(weak.status == .unprocessableContent)
            let noToken = try await postForm(
                client,
                app,
                "/account/password",
                cookie: first.cookie,
                fields("Mật-khẩu-dài-2026", "Một mật khẩu mới dài", "Một mật khẩu mới dài", "x")
            )
            #expect(noToken.status == .forbidden)
            let done = try await postForm(
                client,
                app,
                "/account/password",
                cookie: first.cookie,
                fields("Mật-khẩu-dài-2026", "Một mật khẩu mới dài", "Một mật khẩu mới dài", first.csrf)
            )
            #expect(done.status == .found)
            // this browser stays signed in; the other one is signed out
            #expect(try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.cookie: first.cookie]).status == .ok)
            #expect(try await client.call(.get, "/api/v1/cycles", as: nil, app: app, headers: [.cookie: other.cookie]).status == .unauthorized)
            // the new password works, the old one does not
            let old = try await client.call(
                .post,
                "/api/v1/session",
                as: nil,
                app: app,
                json: #"{"username": "u.a1", "password": "Mật-khẩu-dài-2026"}"#
            )
            #expect(old.status == .unauthorized)
            let new = try await client.call(
                .post,
                "/api/v1/session",
                as: nil,
                app: app,
                json: #"{"username": "u.a1", "password": "Một mật khẩu mới dài"}"#
            )
            #expect(new.status == .created)
        }
    }
}
