import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// Password rules and the sign-in form (SECURITY.md AU-1, AU-2, AU-4, AU-5, AU-10, AU-11).
@Suite struct SecurityAuthTests {
    static func login(_ client: some TestClientProtocol, _ app: TestApp, _ user: String, _ password: String) async throws -> Answer {
        let body = DocumentValue.object([("username", .string(user)), ("password", .string(password))]).canonicalJSON
        return try await client.call(.post, "/api/v1/session", as: nil, app: app, json: body)
    }

    static func createUnitUser(_ app: TestApp, _ username: String, _ password: String) async throws -> Answer {
        let body = DocumentValue.object([
            ("username", .string(username)), ("name", .string("Tài khoản thử")), ("role", .string("unit")), ("unit", .string("A1")),
            ("password", .string(password)),
        ]).canonicalJSON
        return try await app.application.test(.router) { client in try await client.call(.post, "/api/v1/users", as: "admin", app: app, json: body) }
    }

    @Test(
        "AU-1: 8 characters without digits, capitals or symbols are accepted, and so are 64 and 128; 7 are not",
        arguments: [
            (String(repeating: "x", count: 7), false), ("quảnglộc", true), ("mèo đen ngủ trưa", true),
            (String(repeating: "lá rơi ", count: 9) + "n", true),
            (String(repeating: "b", count: 64), true), (String(repeating: "c", count: 128), true),
        ]
    )
    func lengthsWithoutComposition(password: String, accepted: Bool) async throws {
        let app = try TestApp()
        try await app.seed()
        let answer = try await Self.createUnitUser(app, "u.len\(password.count)", password)
        #expect((answer.status == .created) == accepted, "\(password.count) characters: \(answer.status.code) \(answer.body)")
        if !accepted { #expect(answer.errorCode == "password_too_short") }
    }

    @Test("AU-2: a 100-character password is checked exactly — its 99-character prefix, a changed case or an extra space fail")
    func noTruncation() async throws {
        let app = try TestApp()
        try await app.seed()
        let password = String(repeating: "Đường dài ", count: 10)  // 100 characters, more than 72 bytes in UTF-8
        #expect(password.count == 100 && password.utf8.count > 72)
        #expect(try await Self.createUnitUser(app, "u.long", password).status == .created)
        try await app.application.test(.router) { client in
            // four tries: a fifth would lock the account (AU-6)
            for wrong in [String(password.dropLast()), password.uppercased(), password + " ", " " + password] {
                let answer = try await Self.login(client, app, "u.long", wrong)
                #expect(answer.status == .unauthorized)
            }
            let right = try await Self.login(client, app, "u.long", password)
            #expect(right.status == .created)
        }
    }

    @Test(
        "AU-4: common passwords and the username are refused on creation, whatever their case",
        arguments: [
            "12345678", "Password123", "matkhau123", "P@ssw0rd", "u.common", "cchc1234",
        ]
    )
    func commonPasswords(password: String) async throws {
        let app = try TestApp()
        try await app.seed()
        let answer = try await Self.createUnitUser(app, "u.common", password)
        #expect(answer.status == .unprocessableContent && answer.errorCode == "password_common", "\(answer.body)")
    }

    @Test("AU-5: no forced rotation — a password set once still signs in a year later (account used monthly)")
    func noRotation() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for month in 0...12 {
                let answer = try await Self.login(client, app, "u.a1", "Mật-khẩu-dài-2026")
                #expect(answer.status == .created, "month \(month): \(answer.body)")
                app.clock.advance(by: 30 * 86400)
            }
        }
        #expect(try await app.count("SELECT count(*) FROM ledger WHERE action = 'user.password'") == 0)
    }

    @Test("AU-10: sign-in and password forms use type=password with autocomplete, and nothing blocks paste")
    func formFields() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let login = try await client.call(.get, "/login", as: nil, app: app).body
            #expect(login.contains(#"name="password" type="password" autocomplete="current-password""#))
            #expect(login.contains(#"autocomplete="username""#))
            let (cookie, _) = try await browserSession(client, app, "u.a1")
            let change = try await client.call(.get, "/account/password", as: nil, app: app, headers: [.cookie: cookie]).body
            #expect(change.contains(#"name="current" type="password" autocomplete="current-password""#))
            #expect(change.contains(#"name="new" type="password" autocomplete="new-password""#))
            for page in [login, change] {
                #expect(!page.contains("onpaste") && !page.contains("autocomplete=\"off\""))
            }
        }
        // and no script shipped with the pages blocks pasting either
        let scripts = FileManager.default.enumerator(atPath: TestApp.publicDirectory + "/js")?.allObjects as? [String] ?? []
        for script in scripts where script.hasSuffix(".js") {
            let text = try String(contentsOfFile: TestApp.publicDirectory + "/js/" + script, encoding: .utf8)
            #expect(!text.contains("'paste'") && !text.contains("\"paste\""), "\(script)")
        }
    }

    @Test("AU-11: an over-long password is refused like a wrong one, before any hashing, and 1 KiB+ bodies never reach the hasher")
    func boundedInput() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let wrong = try await Self.login(client, app, "u.a1", "sai-mật-khẩu-rồi")
            // over the policy's 128 characters: the same answer as a wrong password, without hashing
            let long = try await Self.login(client, app, "u.a1", String(repeating: "a", count: 500))
            #expect(long.status == wrong.status && long.body == wrong.body)
            // over 1000 characters the request itself is refused before the service is called
            let kibibyte = try await Self.login(client, app, "u.a1", String(repeating: "a", count: 1025))
            #expect([.unprocessableContent, .contentTooLarge].contains(kibibyte.status), "\(kibibyte.body)")
            let huge = try await Self.login(client, app, "u.a1", String(repeating: "a", count: 20_000))
            #expect([.contentTooLarge, .unprocessableContent, .unauthorized].contains(huge.status))
            // the page form caps the field too
            let form = try await client.call(.get, "/login", as: nil, app: app)
            #expect(form.body.contains(#"maxlength="128""#))
        }
    }
}
