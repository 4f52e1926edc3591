import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParIndexCore
import ParIndexFormats
import ParIndexStore
import Testing

@testable import ParIndexWeb

/// Brute force and enumeration at sign-in: the per-account lock (SECURITY.md AU-6), answers that do
/// not tell which names exist (AU-7), and the per-address throttle that keeps one client from
/// sweeping, or locking, every account (AU-6).
@Suite struct LoginProtectionTests {
    static let password = "Mật-khẩu-dài-2026"

    func login(
        _ client: some TestClientProtocol,
        _ app: TestApp,
        _ user: String,
        _ password: String,
        from address: String? = nil
    ) async throws
        -> Answer
    {
        let body = DocumentValue.object([("username", .string(user)), ("password", .string(password))]).canonicalJSON
        var headers: HTTPFields = [:]
        if let address { headers[.xForwardedFor] = address }
        return try await client.call(.post, "/api/v1/session", as: nil, app: app, json: body, headers: headers)
    }

    /// Five wrong passwords for each name: enough to lock each real account.
    func failFiveTimes(_ client: some TestClientProtocol, _ app: TestApp, _ names: [String]) async throws {
        for name in names {
            for attempt in 1...5 { _ = try await login(client, app, name, "sai-mật-khẩu-\(attempt)") }
        }
    }

    /// A router over the app's services with the given throttle settings (TestApp's own router keeps the defaults).
    func application(_ app: TestApp, _ adjust: (inout LoginThrottleSettings) -> Void) throws -> some ApplicationProtocol {
        var configuration = WebConfiguration(maxUploadBytes: 1 << 20, publicDirectory: TestApp.publicDirectory)
        adjust(&configuration.loginThrottle)
        return Application(router: try buildRouter(services: app.services, storage: app.storage, configuration: configuration).router)
    }

    /// A page with what legitimately differs between two answers blanked: the name typed (echoed
    /// back in the form) and the per-request tokens (login CSRF, nonces).
    static func normalised(_ page: String, typed username: String) -> String {
        page.replacingOccurrences(of: username, with: "NAME").replacing(/[0-9a-fA-F]{24,}|nonce-[A-Za-z0-9+\/=_-]+/, with: "TOKEN")
    }

    /// Headers but the cookies (fresh tokens) and, for pages that echo the typed name, the length.
    static func headerLines(_ answer: Answer, echoesName: Bool = false) -> [String] {
        answer.headers.filter { $0.name != .setCookie && $0.name != .date && !(echoesName && $0.name == .contentLength) }
            .map { "\($0.name): \($0.value)" }.sorted()
    }

    @Test("AU-7: after 5 failures a real, locked account and a name that never existed get byte-identical answers (JSON and login page)")
    func lockedAndUnknownLookAlike() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            try await failFiveTimes(client, app, ["u.a1", "khong.ton.tai"])
            let locked = try #require(try await app.services.repository.read { db in try db.user("u.a1") }?.lockedUntil)
            #expect(locked > app.clock.now())
            // The right password on the locked account against any password on the unknown name.
            let real = try await login(client, app, "u.a1", Self.password)
            let unknown = try await login(client, app, "khong.ton.tai", Self.password)
            #expect(real.status == .unauthorized && unknown.status == .unauthorized)
            #expect(real.body == unknown.body, "\(real.body) / \(unknown.body)")
            #expect(Self.headerLines(real) == Self.headerLines(unknown))
            expectErrorShape(real, code: "invalid_credentials")
            #expect(real.headers[values: .setCookie].isEmpty && unknown.headers[values: .setCookie].isEmpty)

            var first = PageBrowser(app)
            var second = PageBrowser(app)
            let realPage = try await first.password(client, "u.a1")
            let unknownPage = try await second.password(client, "khong.ton.tai")
            #expect(realPage.status == .unauthorized && unknownPage.status == realPage.status)
            #expect(Self.normalised(realPage.body, typed: "u.a1") == Self.normalised(unknownPage.body, typed: "khong.ton.tai"))
            #expect(Self.headerLines(realPage, echoesName: true) == Self.headerLines(unknownPage, echoesName: true))
            #expect(realPage.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
            #expect(first.jar.session == nil)
        }
        // A reset-code try on the locked account is refused like one on an unknown name.
        let accounts = app.services.accounts
        let onLocked = await #expect(throws: DomainError.self) {
            try await accounts.resetPassword(username: "u.a1", code: "123456", new: "Một-mật-khẩu-mới-2026")
        }
        let onUnknown = await #expect(throws: DomainError.self) {
            try await accounts.resetPassword(username: "khong.ton.tai", code: "123456", new: "Một-mật-khẩu-mới-2026")
        }
        #expect(onLocked?.code == onUnknown?.code && onLocked?.message == onUnknown?.message && onLocked?.kind == onUnknown?.kind)
    }

    @Test("AU-7: the password hash runs for an unknown name, a wrong password and a locked account alike (similar timing)")
    func hashRunsOnEveryRefusal() async throws {
        let app = try TestApp()
        try await app.seed()
        let hasher = CountingHasher(ScryptPasswordHasher.forTesting)
        var services = Services(repository: app.database, clock: app.clock, passwords: hasher, inspector: FileEvidenceInspector())
        services.security = app.services.security
        let auth = services.auth
        for attempt in 1...5 { _ = try? await auth.beginLogin(username: "u.a1", password: "sai-\(attempt)") }
        for (name, password) in [("khong.ton.tai", "bất-kỳ"), ("u.a2", "sai-mật-khẩu"), ("u.a1", Self.password)] {
            let before = hasher.verifications
            await #expect(throws: DomainError.self) { _ = try await auth.beginLogin(username: name, password: password) }
            #expect(hasher.verifications == before + 1, "\(name)")
        }
    }

    @Test("AU-6: the lock is per account, not per address: the same client still signs in to another account; the lock is in the ledger")
    func lockIsPerAccount() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for attempt in 1...5 {
                #expect(try await login(client, app, "u.a1", "sai-mật-khẩu-\(attempt)").status == .unauthorized)
            }
            // The right password on the locked account gets the wrong-password answer...
            let refused = try await login(client, app, "u.a1", Self.password)
            let wrong = try await login(client, app, "u.a1", "sai-mật-khẩu-6")
            #expect(refused.status == .unauthorized && refused.body == wrong.body)
            // ...while another account from the same client is untouched.
            #expect(try await login(client, app, "u.a2", Self.password).status == .created)
            let locks = try await ledgerActions(app).filter { $0.action == "user.lock" }
            #expect(locks.map(\.subject) == ["user:u.a1"])
        }
    }

    @Test("AU-6: a lock ends by itself after 15 minutes (not a second earlier), and an admin can lift it at once")
    func unlock() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            try await failFiveTimes(client, app, ["u.a1", "u.b1"])
            app.clock.advance(by: 15 * 60 - 1)
            #expect(try await login(client, app, "u.a1", Self.password).status == .unauthorized)
            app.clock.advance(by: 1)
            #expect(try await login(client, app, "u.a1", Self.password).status == .created)

            // u.b1 was locked at the same moment, so it is still locked a second earlier; the admin lifts it.
            app.clock.set(TestApp.t0 + 60)
            #expect(try await login(client, app, "u.b1", Self.password).status == .unauthorized)
            try await app.services.accounts.enable("u.b1", reason: "Người dùng đã xác minh danh tính", by: Caller.commandLine("test"))
            #expect(try await login(client, app, "u.b1", Self.password).status == .created)
            #expect(try await ledgerActions(app).contains { $0.action == "user.enable" && $0.subject == "user:u.b1" })
        }
    }

    @Test(
        "AU-6: 30 refused sign-ins from one address within 5 minutes get 429 + Retry-After, even with a right password; other addresses are not affected; it resets"
    )
    func addressThrottle() async throws {
        let app = try TestApp()
        try await app.seed()
        let sweeper = "198.51.100.7"
        try await application(app, { $0.trustForwardedFor = true }).test(.router) { client in
            // A sweep over many names, a few tries each: none is locked, but the address runs out.
            for attempt in 0..<30 {
                let answer = try await login(client, app, "ten.\(attempt % 10)", "sai-\(attempt)", from: sweeper)
                #expect(answer.status == .unauthorized, "attempt \(attempt)")
            }
            let stopped = try await login(client, app, "u.a1", Self.password, from: sweeper)
            #expect(stopped.status == .tooManyRequests)
            expectErrorShape(stopped, code: "too_many_attempts")
            #expect(stopped.headers[.retryAfter] == "300")
            #expect(stopped.headers[values: .setCookie].isEmpty)
            // The login page answers the same in Vietnamese.
            var browser = PageBrowser(app)
            let form = try await browser.get(client, "/login")
            let page = try await browser.post(
                client,
                "/login",
                [("_csrf", try PageBrowser.formToken(form)), ("username", "u.a1"), ("password", Self.password)]
            )
            // No X-Forwarded-For on the page requests: that is a different client ("unknown") here.
            #expect(page.status == .found)
            let throttledPage = try await client.call(
                .post,
                "/login",
                as: nil,
                app: app,
                body: ByteBuffer(string: "username=u.a1&password=x"),
                contentType: "application/x-www-form-urlencoded",
                headers: [.xForwardedFor: sweeper]
            )
            #expect(throttledPage.status == .tooManyRequests && throttledPage.headers[.retryAfter] != nil)
            #expect(throttledPage.body.contains("Quá nhiều lần đăng nhập không thành công từ địa chỉ này"))

            // Another client signs in; the sweeper's own accounts were never locked by the sweep.
            #expect(try await login(client, app, "u.a2", Self.password, from: "203.0.113.9").status == .created)
            app.clock.advance(by: 299)
            let almost = try await login(client, app, "u.a1", Self.password, from: sweeper)
            #expect(almost.status == .tooManyRequests && almost.headers[.retryAfter] == "1")
            app.clock.advance(by: 1)
            #expect(try await login(client, app, "u.a1", Self.password, from: sweeper).status == .created)
        }
    }

    @Test("AU-6: X-Forwarded-For is ignored unless configured: changing it does not escape the address throttle")
    func forwardedForNotTrusted() async throws {
        let app = try TestApp()
        try await app.seed()
        try await application(app, { $0.maxFailures = 3 }).test(.router) { client in
            for attempt in 1...3 {
                #expect(try await login(client, app, "ai.do", "sai", from: "192.0.2.\(attempt)").status == .unauthorized)
            }
            let answer = try await login(client, app, "u.a1", Self.password, from: "192.0.2.99")
            #expect(answer.status == .tooManyRequests)
        }
    }

    @Test("AU-6: on a real socket the throttle keys on the peer address (127.0.0.1), whatever X-Forwarded-For says")
    func liveSocketAddress() async throws {
        let app = try TestApp()
        try await app.seed()
        var configuration = WebConfiguration(host: "127.0.0.1", port: 0, maxUploadBytes: 1 << 20, publicDirectory: TestApp.publicDirectory)
        configuration.loginThrottle.maxFailures = 2
        var logger = Logger(label: "login-throttle-test")
        logger.logLevel = .critical
        let live = try buildApplication(services: app.services, storage: app.storage, configuration: configuration, logger: logger)
        try await live.test(.live) { client in
            let first = try await login(client, app, "ai.do", "sai", from: "192.0.2.1")
            let second = try await login(client, app, "ai.do", "sai", from: "192.0.2.2")
            let third = try await login(client, app, "u.a1", Self.password, from: "192.0.2.3")
            #expect(first.status == .unauthorized && second.status == .unauthorized)
            #expect(third.status == .tooManyRequests)
        }
    }

    @Test("AU-6: the address table stays bounded: a flood of addresses never holds more than maxAddresses")
    func tableIsBounded() {
        var settings = LoginThrottleSettings()
        settings.maxAddresses = 3
        settings.maxFailures = 2
        let throttle = LoginThrottle(settings)
        let start = TestApp.t0
        for index in 0..<50 { throttle.recordFailure("10.0.0.\(index)", now: start + Double(index)) }
        #expect(throttle.addressCount == 3)
        // The most recent addresses are the ones kept.
        throttle.recordFailure("10.0.0.49", now: start + 50)
        #expect(throttle.retryAfter("10.0.0.49", now: start + 50) == 299)
        #expect(throttle.retryAfter("10.0.0.0", now: start + 50) == nil)
    }
}

/// Counts password verifications, to show every refusal pays for one hash.
final class CountingHasher: PasswordHasher, @unchecked Sendable {
    let inner: any PasswordHasher
    private let lock = NSLock()
    private var count = 0
    init(_ inner: any PasswordHasher) { self.inner = inner }
    var verifications: Int { lock.withLock { count } }
    func hash(_ password: String) throws -> String { try inner.hash(password) }
    func verify(_ password: String, against hash: String) -> Bool {
        lock.withLock { count += 1 }
        return inner.verify(password, against: hash)
    }
    func needsRehash(_ hash: String) -> Bool { inner.needsRehash(hash) }
}
