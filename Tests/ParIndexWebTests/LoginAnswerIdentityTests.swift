import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// A right password without its TOTP code answers exactly as a wrong password does, for admins and
/// reviewers, on the page and through the API (SECURITY.md AU-7, decision 0029).
@Suite struct LoginAnswerIdentityTests {
    static let password = "Mật-khẩu-dài-2026"

    /// TOTP required; admin and r1 enrolled through the pages, and the clock a step on so that a
    /// fresh code is accepted.
    static func enrolled() async throws -> TestApp {
        let app = try await securedApp()
        try await app.application.test(.router) { client in
            for user in ["admin", "r1"] {
                var browser = PageBrowser(app)
                _ = try await browser.password(client, user)
                _ = try await browser.get(client, "/login/code")
                let done = try await browser.code(client, try await app.totpCode(user))
                #expect(done.status == .found && browser.jar.session != nil, "\(user)")
            }
        }
        app.clock.advance(by: 30)
        return app
    }

    func apiLogin(
        _ client: some TestClientProtocol,
        _ app: TestApp,
        _ user: String,
        _ password: String,
        totp: String? = nil
    ) async throws
        -> Answer
    {
        var fields: [(String, DocumentValue)] = [("username", .string(user)), ("password", .string(password))]
        if let totp { fields.append(("totp", .string(totp))) }
        return try await client.call(.post, "/api/v1/session", as: nil, app: app, json: DocumentValue.object(fields).canonicalJSON)
    }

    /// Headers that may differ between two answers: the date, and the values (not the names) of cookies.
    static func headerLines(_ answer: Answer) -> [String] {
        answer.headers.filter { $0.name != .date }.map { field in
            field.name == .setCookie ? "set-cookie: \(field.value.prefix { $0 != "=" })" : "\(field.name): \(field.value)"
        }.sorted()
    }

    @Test(
        "AU-7 API: for an admin and a reviewer, wrong password, right password without code, right password with a wrong code and an unknown name answer byte for byte alike"
    )
    func api() async throws {
        let app = try await Self.enrolled()
        try await app.application.test(.router) { client in
            let unknown = try await apiLogin(client, app, "khong.ton.tai", Self.password)
            #expect(unknown.status == .unauthorized && unknown.errorCode == "invalid_credentials")
            for user in ["admin", "r1"] {
                let good = try await app.totpCode(user)
                let wrongCode = String(format: "%06d", (Int(good)! + 1) % 1_000_000)
                let answers = [
                    ("wrong password", try await apiLogin(client, app, user, "sai-mật-khẩu-2026")),
                    ("right password, no code", try await apiLogin(client, app, user, Self.password)),
                    ("right password, wrong code", try await apiLogin(client, app, user, Self.password, totp: wrongCode)),
                    ("wrong password, right code", try await apiLogin(client, app, user, "sai-mật-khẩu-2026", totp: good)),
                ]
                for (what, answer) in answers {
                    #expect(answer.status == unknown.status, "\(user) \(what)")
                    #expect(answer.body == unknown.body, "\(user) \(what): \(answer.body)")
                    #expect(Self.headerLines(answer) == Self.headerLines(unknown), "\(user) \(what)")
                }
                // Both factors still sign in.
                let signedIn = try await apiLogin(client, app, user, Self.password, totp: good)
                #expect(signedIn.status == .created, "\(user): \(signedIn.body)")
                app.clock.advance(by: 30)
            }
        }
    }

    @Test(
        "AU-7 page: for an admin and a reviewer, a wrong password goes on to the code step as the right one does; the code page and its refusal are the same bytes"
    )
    func page() async throws {
        let app = try await Self.enrolled()
        try await app.application.test(.router) { client in
            for user in ["admin", "r1"] {
                var right = PageBrowser(app)
                var wrong = PageBrowser(app)
                let afterRight = try await right.password(client, user)
                let afterWrong = try await wrong.password(client, user, "sai-mật-khẩu-2026")
                #expect(afterRight.status == .found && afterRight.headers[.location] == "/login/code", "\(user)")
                #expect(afterWrong.status == afterRight.status && afterWrong.body == afterRight.body, "\(user)")
                #expect(Self.headerLines(afterWrong) == Self.headerLines(afterRight), "\(user)")
                #expect(right.jar.session == nil && wrong.jar.session == nil)

                let rightPage = try await right.get(client, "/login/code")
                let wrongPage = try await wrong.get(client, "/login/code")
                #expect(rightPage.status == .ok && wrongPage.status == .ok)
                #expect(LoginProtectionTests.normalised(rightPage.body, typed: user) == LoginProtectionTests.normalised(wrongPage.body, typed: user))
                #expect(Self.headerLines(rightPage) == Self.headerLines(wrongPage))

                let good = try await app.totpCode(user)
                let bad = String(format: "%06d", (Int(good)! + 1) % 1_000_000)
                let rightRefused = try await right.code(client, bad)
                // The wrong password is refused at the code step even with the right code.
                let wrongRefused = try await wrong.code(client, good)
                #expect(rightRefused.status == .unauthorized && wrongRefused.status == .unauthorized, "\(user)")
                #expect(
                    LoginProtectionTests.normalised(rightRefused.body, typed: user) == LoginProtectionTests.normalised(wrongRefused.body, typed: user)
                )
                #expect(rightRefused.body.contains("Mật khẩu hoặc mã xác thực không đúng"))
                #expect(wrong.jar.session == nil)
                let signedIn = try await right.code(client, good)
                #expect(signedIn.status == .found && right.jar.session != nil, "\(user)")
                app.clock.advance(by: 30)
            }
        }
    }

    @Test(
        "AU-6 with the code step: each password-and-code try counts once, right password or wrong, so the lock comes at the same try; then both are told the lock and its end"
    )
    func lockComesAlike() async throws {
        let app = try await Self.enrolled()
        let until = Timestamp.vietnamese(app.clock.now().addingTimeInterval(15 * 60))
        try await app.application.test(.router) { client in
            var answers: [String: [String]] = [:]
            for (user, password) in [("admin", Self.password), ("r1", "sai-mật-khẩu-2026")] {
                var statuses: [String] = []
                for _ in 1...6 {
                    var browser = PageBrowser(app)
                    _ = try await browser.password(client, user, password)
                    let answer = try await browser.code(client, "000000")
                    statuses.append("\(answer.status.code)")
                    if statuses.count == 6 {
                        #expect(answer.body.contains("Tài khoản tạm khoá") && answer.body.contains(until), "\(user): \(answer.body.prefix(400))")
                        #expect(!answer.body.contains("không đúng"), "\(user)")
                    }
                }
                answers[user] = statuses
            }
            #expect(answers["admin"] == answers["r1"], "\(answers)")
            #expect(answers["admin"] == ["401", "401", "401", "401", "401", "429"], "\(answers)")
        }
    }

    @Test("AU-7 + decision 0029: a refusal that does not say 'locked' carries the lock rule, alike for a locked account and an unknown name")
    func refusalTellsTheLockRule() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            // Locked through the API: the page did not count these tries.
            for attempt in 1...5 { _ = try await apiLogin(client, app, "u.a1", "sai-mật-khẩu-\(attempt)") }
            var real = PageBrowser(app)
            var unknown = PageBrowser(app)
            let realPage = try await real.password(client, "u.a1")
            let unknownPage = try await unknown.password(client, "khong.ton.tai")
            for page in [realPage, unknownPage] {
                #expect(page.status == .unauthorized)
                #expect(page.body.contains(#"id="lock-hint""#) && page.body.contains("tài khoản bị tạm khoá 15 phút, kể cả với mật khẩu đúng"))
            }
            #expect(
                LoginProtectionTests.normalised(realPage.body, typed: "u.a1")
                    == LoginProtectionTests.normalised(unknownPage.body, typed: "khong.ton.tai")
            )
        }
    }

    @Test(
        "CR-3 with AU-7: a disabled, enrolled reviewer is told 'disabled' only after the right password and the right code; before that the answers are a refused try's, and no session opens"
    )
    func disabledIsToldAfterBothFactors() async throws {
        let app = try await Self.enrolled()
        _ = try await app.services.accounts.disable("r1", reason: "Chuyển công tác", by: .commandLine("test"))
        try await app.application.test(.router) { client in
            var right = PageBrowser(app)
            var wrong = PageBrowser(app)
            let afterRight = try await right.password(client, "r1")
            let afterWrong = try await wrong.password(client, "r1", "sai-mật-khẩu-2026")
            #expect(afterRight.status == .found && afterRight.headers[.location] == "/login/code")
            #expect(afterWrong.status == afterRight.status && afterWrong.body == afterRight.body)
            let good = try await app.totpCode("r1")
            let wrongRefused = try await wrong.code(client, good)
            #expect(wrongRefused.status == .unauthorized && wrongRefused.body.contains("Mật khẩu hoặc mã xác thực không đúng"))
            #expect(!wrongRefused.body.contains("vô hiệu"))
            let told = try await right.code(client, good)
            #expect(told.status == .unauthorized && told.body.contains("vô hiệu hoá"), "\(told.body.prefix(400))")
            #expect(right.jar.session == nil && wrong.jar.session == nil)
            // The API never tells it, whatever is sent.
            let api = try await apiLogin(client, app, "r1", Self.password, totp: try await app.totpCode("r1"))
            #expect(api.status == .unauthorized && api.errorCode == "invalid_credentials")
        }
    }

}
