import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import Testing

@testable import ParIndexWeb

/// The browser's cookies across a sign-in that takes several requests.
struct CookieJar {
    var values: [String: String] = [:]

    mutating func take(_ answer: Answer) {
        for line in answer.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = pair.count > 1 ? String(pair[1]) : ""
            let name = String(pair[0])
            if value.isEmpty || line.contains("Max-Age=0") { values[name] = nil } else { values[name] = value }
        }
    }

    var header: HTTPFields { values.isEmpty ? [:] : [.cookie: values.map { "\($0)=\($1)" }.joined(separator: "; ")] }
    var session: String? { values["__Host-parindex_session"] }
}

/// Signs in through the pages as a person does, keeping the cookies; returns the last answer.
struct PageBrowser {
    let app: TestApp
    var jar = CookieJar()

    init(_ app: TestApp) { self.app = app }

    mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> Answer {
        let answer = try await client.call(.get, uri, as: nil, app: app, headers: jar.header)
        jar.take(answer)
        return answer
    }

    mutating func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)]) async throws -> Answer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        let answer = try await client.call(
            .post,
            uri,
            as: nil,
            app: app,
            body: ByteBuffer(string: body),
            contentType: "application/x-www-form-urlencoded",
            headers: jar.header
        )
        jar.take(answer)
        return answer
    }

    /// The hidden `_csrf` value of the page's first form.
    static func formToken(_ page: Answer) throws -> String {
        let match = try #require(page.body.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/))
        return String(match.1)
    }

    mutating func password(_ client: some TestClientProtocol, _ username: String, _ password: String = "Mật-khẩu-dài-2026") async throws -> Answer {
        let form = try await get(client, "/login")
        return try await post(client, "/login", [("_csrf", try Self.formToken(form)), ("username", username), ("password", password)])
    }

    mutating func code(_ client: some TestClientProtocol, _ code: String) async throws -> Answer {
        let page = try await get(client, "/login/code")
        return try await post(client, "/login/code", [("_csrf", try Self.formToken(page)), ("code", code)])
    }
}

func securedApp(_ change: (inout SecuritySettings) -> Void = { _ in }) async throws -> TestApp {
    var settings = SecuritySettings()
    change(&settings)
    let app = try TestApp(security: settings)
    try await app.seed()
    return app
}

func ledgerActions(_ app: TestApp) async throws -> [LedgerEvent] {
    try await app.services.repository.read { db in try db.ledgerEvents(after: 0, limit: 10_000) }
}

/// TOTP second factor for admins and reviewers (SECURITY.md AU "TOTP second factor for admins and reviewers").
@Suite struct TOTPSignInTests {
    @Test("AU TOTP: after the password an admin enrols (secret as text and otpauth URI), confirms a code, and is signed in")
    func enrolThroughPages() async throws {
        let app = try await securedApp()
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            let afterPassword = try await browser.password(client, "admin")
            #expect(afterPassword.status == .found && afterPassword.headers[.location] == "/login/code")
            #expect(browser.jar.session == nil, "no session before the second factor")
            #expect(browser.jar.values["__Host-parindex_2fa"] != nil)
            // The pending step is not a sign-in.
            let dashboard = try await browser.get(client, "/dashboard")
            #expect(dashboard.status == .found && dashboard.headers[.location] == "/login")

            let enrol = try await browser.get(client, "/login/code")
            #expect(enrol.status == .ok)
            let secret = try #require(try await app.services.repository.read { db in try db.user("admin") }?.totpSecret)
            #expect(enrol.body.contains("otpauth://totp/ParIndex%3Aadmin?secret=\(secret)"))
            #expect(enrol.body.contains(String(secret.prefix(4)) + " "))
            #expect(enrol.body.contains(#"autocomplete="one-time-code""#) && enrol.body.contains(#"inputmode="numeric""#))
            #expect(enrol.body.contains("Đăng ký xác thực hai lớp"))
            // The QR code drawn on the page holds exactly the otpauth URI (QRCodeTests reads such a code
            // back with an independent decoder).
            let uri = "otpauth://totp/ParIndex%3Aadmin?secret=\(secret)&issuer=ParIndex&algorithm=SHA1&digits=6&period=30"
            #expect(enrol.body.contains(#"role="img" aria-label="Mã QR chứa khoá bí mật, để ứng dụng xác thực quét""#))
            #expect(qrDarkModules(enrol.body) == qrDarkModules(QRCodeSVG.svg(try QRCode(uri), label: "")))
            #expect(!qrDarkModules(enrol.body).isEmpty)

            let wrong = try await browser.post(client, "/login/code", [("_csrf", try PageBrowser.formToken(enrol)), ("code", "000000")])
            #expect(wrong.status == .unauthorized && browser.jar.session == nil)
            // No CSRF token: refused, nothing happens.
            let forged = try await browser.post(client, "/login/code", [("code", try await app.totpCode("admin"))])
            #expect(forged.status == .forbidden && browser.jar.session == nil)

            let done = try await browser.code(client, try await app.totpCode("admin"))
            #expect(done.status == .found && done.headers[.location] == "/dashboard", "\(done.body.prefix(300))")
            #expect(browser.jar.session != nil && browser.jar.values["__Host-parindex_2fa"] == nil)
            #expect(try await browser.get(client, "/admin").status == .ok)
            let events = try await ledgerActions(app)
            #expect(events.contains { $0.action == "user.totp.enrol" && $0.subject == "user:admin" })
            // The secret is kept server-side only: never in the ledger.
            #expect(!events.contains { $0.payload.contains(secret) })

            // Next time the code page asks for a code only, and the code just used cannot be used again.
            var again = PageBrowser(app)
            #expect(try await again.password(client, "admin").headers[.location] == "/login/code")
            let codePage = try await again.get(client, "/login/code")
            #expect(!codePage.body.contains("otpauth://") && codePage.body.contains("Nhập mã xác thực"))
            let replay = try await again.code(client, try await app.totpCode("admin"))
            #expect(replay.status == .unauthorized && again.jar.session == nil, "a used code is refused (replay)")
            app.clock.advance(by: 30)
            let next = try await again.code(client, try await app.totpCode("admin"))
            #expect(next.status == .found && again.jar.session != nil)
        }
    }

    @Test("AU TOTP: a code one step early or late works, two steps away does not; a reviewer is asked too")
    func window() async throws {
        let app = try await securedApp()
        let auth = app.services.auth
        func challenge() async throws -> String {
            guard case .secondFactor(let id, _) = try await auth.beginLogin(username: "r1", password: "Mật-khẩu-dài-2026") else {
                Issue.record("a reviewer signs in with a second factor")
                return ""
            }
            return id
        }
        _ = try await auth.secondFactor(challenge: try await challenge())  // enrolment makes the secret
        _ = try await auth.completeSecondFactor(challenge: try await challenge(), code: try await app.totpCode("r1"))
        app.clock.advance(by: 90)
        for offset: Int64 in [2, -2] {
            let far = try await app.totpCode("r1", stepOffset: offset)
            let near = [try await app.totpCode("r1", stepOffset: -1), try await app.totpCode("r1"), try await app.totpCode("r1", stepOffset: 1)]
            if near.contains(far) { continue }  // a one-in-a-million collision proves nothing
            await #expect(throws: DomainError.self) { try await auth.completeSecondFactor(challenge: try await challenge(), code: far) }
        }
        _ = try await auth.completeSecondFactor(challenge: try await challenge(), code: try await app.totpCode("r1", stepOffset: -1))
        _ = try await auth.completeSecondFactor(challenge: try await challenge(), code: try await app.totpCode("r1", stepOffset: 1))
        // After the step +1 code, the current step's code is older: refused (no replay, no going back).
        await #expect(throws: DomainError.self) {
            try await auth.completeSecondFactor(challenge: try await challenge(), code: try await app.totpCode("r1"))
        }
        // A challenge expires after five minutes.
        let late = try await challenge()
        app.clock.advance(by: 301)
        let error = await #expect(throws: DomainError.self) {
            try await auth.completeSecondFactor(challenge: late, code: try await app.totpCode("r1", stepOffset: 1))
        }
        #expect(error?.code == "login_expired")
    }

    @Test("AU TOTP + AU-6: wrong codes count toward the per-account lockout")
    func wrongCodesLock() async throws {
        let app = try await securedApp()
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            _ = try await browser.password(client, "admin")
            _ = try await browser.get(client, "/login/code")  // enrolment creates the secret
            _ = try await browser.code(client, try await app.totpCode("admin"))
            var attacker = PageBrowser(app)
            _ = try await attacker.password(client, "admin")
            let good = try await app.totpCode("admin", stepOffset: 1)
            for _ in 0..<5 {
                let bad = String(format: "%06d", (Int(good)! + 1) % 1_000_000)
                _ = try await attacker.code(client, bad)
            }
            let locked = try await app.services.repository.read { db in try db.user("admin") }
            #expect(locked?.lockedUntil != nil)
            let refused = try await attacker.code(client, good)
            #expect(refused.status == .tooManyRequests && attacker.jar.session == nil, "\(refused.status)")
            #expect(try await ledgerActions(app).contains { $0.action == "user.lock" && $0.subject == "user:admin" })
        }
    }

    @Test("AU TOTP: units and observers use the password alone; bearer tokens are unaffected; the session API takes `totp`")
    func whoIsAsked() async throws {
        let app = try await securedApp()
        try await app.application.test(.router) { client in
            for user in ["u.a1", "obs"] {
                var browser = PageBrowser(app)
                let answer = try await browser.password(client, user)
                #expect(answer.headers[.location] == "/dashboard" && browser.jar.session != nil, "\(user)")
            }
            #expect(try await client.call(.get, "/api/v1/cycles", as: "admin", app: app).status == .ok)
            #expect(try await client.call(.get, "/api/v1/cycles", as: "r1", app: app).status == .ok)

            func apiLogin(_ totp: String?) async throws -> Answer {
                let extra = totp.map { #", "totp": "\#($0)""# } ?? ""
                return try await client.call(
                    .post,
                    "/api/v1/session",
                    as: nil,
                    app: app,
                    json: #"{"username": "r1", "password": "Mật-khẩu-dài-2026"\#(extra)}"#
                )
            }
            // Not enrolled yet: refused as a wrong password is (decision 0029; enrolment happens in pages).
            #expect(try await apiLogin(nil).errorCode == "invalid_credentials")
            var browser = PageBrowser(app)
            _ = try await browser.password(client, "r1")
            _ = try await browser.get(client, "/login/code")
            _ = try await browser.code(client, try await app.totpCode("r1"))
            app.clock.advance(by: 30)
            // The right password without its code answers as a wrong password does (decision 0029).
            #expect(try await apiLogin(nil).errorCode == "invalid_credentials")
            #expect(try await apiLogin("123").status == .unauthorized)
            let signedIn = try await apiLogin(try await app.totpCode("r1"))
            #expect(signedIn.status == .created, "\(signedIn.body)")
        }
    }

    @Test("AU TOTP: an admin resets a user's TOTP; the ledger records it, the user's sessions end, and they enrol again")
    func adminResets() async throws {
        let app = try await securedApp()
        try await app.application.test(.router) { client in
            var reviewer = PageBrowser(app)
            _ = try await reviewer.password(client, "r1")
            _ = try await reviewer.get(client, "/login/code")
            _ = try await reviewer.code(client, try await app.totpCode("r1"))
            let oldSecret = try await app.services.repository.read { db in try db.user("r1") }?.totpSecret
            #expect(try await reviewer.get(client, "/review/2026").status == .ok)

            var admin = PageBrowser(app)
            _ = try await admin.password(client, "admin")
            _ = try await admin.get(client, "/login/code")
            _ = try await admin.code(client, try await app.totpCode("admin"))
            let users = try await admin.get(client, "/admin/users")
            #expect(users.body.contains(#"action="/admin/users/r1/totp-reset""#))
            let reset = try await admin.post(client, "/admin/users/r1/totp-reset", [("_csrf", try PageBrowser.formToken(users))])
            #expect(reset.status == .ok && reset.body.contains("r1"))
            #expect(try await ledgerActions(app).contains { $0.action == "user.totp.reset" && $0.subject == "user:r1" && $0.actor == "admin" })
            #expect(try await reviewer.get(client, "/review/2026").status == .found, "the reviewer's session ended")

            var again = PageBrowser(app)
            _ = try await again.password(client, "r1")
            let enrol = try await again.get(client, "/login/code")
            #expect(enrol.body.contains("otpauth://"))
            #expect(try await app.services.repository.read { db in try db.user("r1") }?.totpSecret != oldSecret)
            // A unit cannot do it.
            let unit = try await client.call(.post, "/admin/users/r1/totp-reset", as: "u.a1", app: app)
            #expect(unit.status == .forbidden)
        }
    }
}

/// Accounts unused for 45 days are disabled (SECURITY.md AU "accounts unused for 45 days disabled").
@Suite struct InactiveAccountTests {
    @Test(
        "AU inactivity: 45 days without a sign-in disables the account at login, with the wrong-password answer and a ledger event; an admin re-enables it"
    )
    func fortyFiveDays() async throws {
        let app = try await securedApp { $0.auth.totpRequired = false }
        try await app.application.test(.router) { client in
            func api(_ user: String, _ password: String = "Mật-khẩu-dài-2026") async throws -> Answer {
                try await client.call(
                    .post,
                    "/api/v1/session",
                    as: nil,
                    app: app,
                    json: #"{"username": "\#(user)", "password": "\#(password)"}"#
                )
            }
            app.clock.advance(by: 44 * 86400)
            #expect(try await api("u.a2").status == .created)  // signed in on day 44: the clock starts again
            _ = try await browserSession(client, app, "admin")
            app.clock.advance(by: 2 * 86400)  // day 46

            let wrongPassword = try await api("u.b1", "Sai-mật-khẩu-2026")
            let inactive = try await api("u.a1")
            #expect(inactive.status == .unauthorized)
            #expect(inactive.body == wrongPassword.body, "same answer as a wrong password")
            #expect(try await api("u.a2").status == .created, "used 2 days ago")
            let user = try await app.services.repository.read { db in try db.user("u.a1") }
            #expect(user?.disabled == true)
            #expect(try await ledgerActions(app).contains { $0.action == "user.disable" && $0.subject == "user:u.a1" && $0.actor == "system" })
            // Its API token stops working too, and the right password keeps failing.
            #expect(try await client.call(.get, "/api/v1/cycles", as: "u.a1", app: app).status == .unauthorized)
            #expect(try await api("u.a1").status == .unauthorized)

            let admin = try await browserSession(client, app, "admin")
            let users = try await client.call(.get, "/admin/users", as: nil, app: app, headers: [.cookie: admin.cookie])
            #expect(users.body.contains(#"action="/admin/users/u.a1/enable""#))
            let enabled = try await postForm(
                client,
                app,
                "/admin/users/u.a1/enable",
                cookie: admin.cookie,
                [("_csrf", admin.csrf), ("reason", "Trở lại công tác")]
            )
            #expect(enabled.status == .ok)
            #expect(try await ledgerActions(app).contains { $0.action == "user.enable" && $0.subject == "user:u.a1" && $0.actor == "admin" })
            #expect(try await api("u.a1").status == .created, "re-enabled: the 45 days start again")
        }
    }

    @Test("AU inactivity: the limit is a setting (here 10 days; 0 in the file turns it off)")
    func configurable() async throws {
        let app = try await securedApp {
            $0.auth.totpRequired = false
            $0.auth.inactiveAfter = 10 * 86400
        }
        app.clock.advance(by: 10 * 86400 + 1)
        await #expect(throws: DomainError.self) { try await app.services.auth.login(username: "obs", password: "Mật-khẩu-dài-2026") }
        let off = try await securedApp {
            $0.auth.totpRequired = false
            $0.auth.inactiveAfter = nil
        }
        off.clock.advance(by: 400 * 86400)
        _ = try await off.services.auth.login(username: "obs", password: "Mật-khẩu-dài-2026")
    }
}

/// No default accounts, and resets an admin triggers without choosing or learning the password
/// (SECURITY.md AU-8, AU-9).
@Suite struct PasswordResetTests {
    @Test("AU-8: a new database has no account at all; admin/admin and the like are refused")
    func noDefaultAccounts() async throws {
        let app = try TestApp()
        #expect(try await app.count("SELECT COUNT(*) FROM user") == 0)
        try await app.application.test(.router) { client in
            for (user, password) in [("admin", "admin"), ("admin", "Mật-khẩu-dài-2026"), ("root", "password")] {
                let answer = try await client.call(
                    .post,
                    "/api/v1/session",
                    as: nil,
                    app: app,
                    json: #"{"username": "\#(user)", "password": "\#(password)"}"#
                )
                #expect(answer.status == .unauthorized)
            }
        }
    }

    @Test("AU-9: an admin issues a one-time code, never a password; the user sets their own; the code works once and expires")
    func resetByCode() async throws {
        let app = try await securedApp { $0.auth.totpRequired = false }
        try await app.application.test(.router) { client in
            let admin = try await browserSession(client, app, "admin")
            let u = try await browserSession(client, app, "u.b1")
            let issued = try await postForm(client, app, "/admin/users/u.b1/password-reset", cookie: admin.cookie, [("_csrf", admin.csrf)])
            #expect(issued.status == .ok)
            let code = String(try #require(issued.body.firstMatch(of: /[A-Z2-7]{4}(-[A-Z2-7]{4}){5}/)).0)
            let event = try #require(try await ledgerActions(app).last { $0.action == "user.password.reset_issued" })
            #expect(event.actor == "admin" && event.subject == "user:u.b1" && !event.payload.contains(code))
            // The old password still works until the owner uses the code: the admin changed nothing.
            #expect(try await app.services.auth.login(username: "u.b1", password: "Mật-khẩu-dài-2026").user.username == "u.b1")

            var owner = PageBrowser(app)
            let page = try await owner.get(client, "/password-reset")
            #expect(page.status == .ok && page.body.contains(#"autocomplete="new-password""#))
            // Every form page brings a fresh token: each post uses the one of the page before it.
            let fields = { (form: Answer, c: String, p: String) in
                [("_csrf", try PageBrowser.formToken(form)), ("username", "u.b1"), ("code", c), ("new", p), ("confirm", p)]
            }
            let weak = try await owner.post(client, "/password-reset", try fields(page, code, "matkhau123"))
            #expect(weak.status == .unprocessableContent)
            let done = try await owner.post(client, "/password-reset", try fields(weak, code.lowercased(), "Mật khẩu tự chọn của tôi"))
            #expect(done.status == .found && done.headers[.location] == "/password-reset?done=1")
            #expect(try await ledgerActions(app).contains { $0.action == "user.password.reset" && $0.actor == "u.b1" })
            _ = try await app.services.auth.login(username: "u.b1", password: "Mật khẩu tự chọn của tôi")
            await #expect(throws: DomainError.self) { try await app.services.auth.login(username: "u.b1", password: "Mật-khẩu-dài-2026") }
            // Sessions opened with the old password ended.
            #expect(try await client.call(.get, "/dashboard", as: nil, app: app, headers: [.cookie: u.cookie]).status == .found)

            let reused = try await owner.post(
                client,
                "/password-reset",
                try fields(try await owner.get(client, "/password-reset"), code, "Một mật khẩu khác nữa 2026")
            )
            #expect(reused.status == .unprocessableContent && reused.body.contains("hết hạn"))

            let later = try await app.services.accounts.issuePasswordReset("u.b1", by: .commandLine())
            app.clock.advance(by: 72 * 3600 + 1)
            await #expect(throws: DomainError.self) {
                try await app.services.accounts.resetPassword(username: "u.b1", code: later.code, new: "Một mật khẩu khác nữa 2026")
            }
            // Only admins issue codes.
            let unit = try await postForm(client, app, "/admin/users/u.a1/password-reset", cookie: u.cookie, [("_csrf", u.csrf)])
            #expect(unit.status != .ok)
        }
    }
}

/// Per-unit evidence quota (SECURITY.md UP-6).
@Suite struct EvidenceQuotaTests {
    let base = "/api/v1/cycles/2026/units/A1/items/1.3/evidence"

    @Test("UP-6: the file past the per-assessment count gets 413 with a Vietnamese message, and nothing is stored")
    func fileCount() async throws {
        let app = try await securedApp {
            $0.auth.totpRequired = false
            $0.quota.maxFilesPerAssessment = 2
        }
        try await app.application.test(.router) { client in
            for i in 1...2 {
                let ok = try await client.call(
                    .post,
                    base,
                    as: "u.a1",
                    app: app,
                    body: multipart([("tệp \(i).pdf", pdfBytes("số \(i)"))]),
                    contentType: multipartType
                )
                #expect(ok.status == .created)
            }
            let rows = try await app.count("SELECT COUNT(*) FROM evidence")
            let files = app.storedFiles.sorted()
            let third = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                body: multipart([("tệp 3.pdf", pdfBytes("số 3"))]),
                contentType: multipartType
            )
            #expect(third.status == .contentTooLarge)
            #expect(third.errorCode == "quota_exceeded")
            #expect(third.json?["error"]?["message"]?.stringValue?.contains("tối đa 2 tệp") == true)
            #expect(try await app.count("SELECT COUNT(*) FROM evidence") == rows)
            #expect(app.storedFiles.sorted() == files, "no file and no temporary file left")
            // The service refuses too, whoever calls it (a race past the early check).
            let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
            await #expect(throws: DomainError.self) {
                try await app.services.evidence.addFile(
                    cycle: "2026",
                    unit: "A1",
                    criterion: "1.3",
                    filename: "x.pdf",
                    size: 10,
                    sha256: String(repeating: "a", count: 64),
                    contentType: "application/pdf",
                    by: a1
                )
            }
            // Another unit has its own quota.
            let b1 = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/B1/items/1.3/evidence",
                as: "u.b1",
                app: app,
                body: multipart([("b.pdf", pdfBytes("B1"))]),
                contentType: multipartType
            )
            #expect(b1.status == .created)
        }
    }

    @Test("UP-6: an upload that would take the unit past its byte quota stores none of its files")
    func byteTotal() async throws {
        let first = pdfBytes(String(repeating: "x", count: 600))
        let app = try await securedApp {
            $0.auth.totpRequired = false
            $0.quota.maxBytesPerUnit = Int64(first.count) + 200
        }
        try await app.application.test(.router) { client in
            let ok = try await client.call(.post, base, as: "u.a1", app: app, body: multipart([("a.pdf", first)]), contentType: multipartType)
            #expect(ok.status == .created)
            let rows = try await app.count("SELECT COUNT(*) FROM evidence")
            let files = app.storedFiles.sorted()
            // Two small files that fit one at a time but not together: neither is kept.
            let both = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                body: multipart([("b.pdf", pdfBytes("b")), ("c.pdf", pdfBytes(String(repeating: "c", count: 150)))]),
                contentType: multipartType
            )
            #expect(both.status == .contentTooLarge && both.errorCode == "quota_exceeded", "\(both.body)")
            #expect(try await app.count("SELECT COUNT(*) FROM evidence") == rows)
            #expect(app.storedFiles.sorted() == files)
            // Deleting a file frees its share.
            let id = try #require(ok.json?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await client.call(.delete, "/api/v1/evidence/\(id)", as: "u.a1", app: app).status == .noContent)
            let after = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                body: multipart([("b.pdf", pdfBytes("b"))]),
                contentType: multipartType
            )
            #expect(after.status == .created)
        }
    }
}

/// The dark squares of the first QR code drawn in `html`, as "column row" pairs.
func qrDarkModules(_ html: String) -> [String] {
    guard let start = html.range(of: #"<path d=""#), let end = html[start.upperBound...].firstIndex(of: "\"") else { return [] }
    return html[start.upperBound..<end].split(separator: "M").map { String($0.prefix { $0 != "h" }) }
}
