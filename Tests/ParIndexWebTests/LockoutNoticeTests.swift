import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The login page after five failures (decision 0017): it says the account is locked, until when
/// and whom to contact, even to the right password, and says so alike for a name that does not
/// exist, so it tells nothing about which names do (SECURITY.md AU-7). The lock itself stays.
@Suite struct LockoutNoticeTests {
    static let generic = "Tên đăng nhập hoặc mật khẩu không đúng."

    /// The alert's text on a login page.
    static func alert(_ page: Answer) -> String {
        guard let match = page.body.firstMatch(of: /<p class="alert" role="alert">([^<]*)<\/p>/) else { return "" }
        return String(match.1)
    }

    @Test("five failures on the page, then the right password while locked: the locked message with the time and whom to contact, no session")
    func rightPasswordWhileLocked() async throws {
        let app = try TestApp()
        try await app.seed()
        let until = Timestamp.vietnamese(app.clock.now().addingTimeInterval(15 * 60))
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            for attempt in 1...4 {
                let refused = try await browser.password(client, "u.a1", "sai-mật-khẩu-\(attempt)")
                #expect(refused.status == .unauthorized && Self.alert(refused) == Self.generic, "\(attempt)")
            }
            let fifth = try await browser.password(client, "u.a1", "sai-mật-khẩu-5")
            #expect(Self.alert(fifth).hasPrefix("Tài khoản tạm khoá đến \(until) (giờ Việt Nam) sau 5 lần"), "\(Self.alert(fifth))")
            let locked = try #require(try await app.services.repository.read { db in try db.user("u.a1") }?.lockedUntil)
            #expect(Timestamp.vietnamese(locked) == until)

            let right = try await browser.password(client, "u.a1")
            let text = Self.alert(right)
            #expect(right.status == .unauthorized)
            #expect(text.contains("đến \(until) (giờ Việt Nam)"))
            #expect(text.contains("mật khẩu đúng cũng không đăng nhập được"))
            #expect(text.contains("liên hệ quản trị viên hệ thống (bộ phận thường trực của Sở Nội vụ)"))
            #expect(!text.contains("không đúng"))
            #expect(until.wholeMatch(of: /\d\d\/\d\d\/\d{4} \d\d:\d\d/) != nil)
            #expect(browser.jar.session == nil)

            // The lock stays: after it ends, the right password signs in, and the name starts afresh.
            app.clock.advance(by: 16 * 60)
            let after = try await browser.password(client, "u.a1")
            #expect(after.status == .found && after.headers[.location] == "/dashboard" && browser.jar.session != nil)
        }
    }

    @Test("an unknown name gets the same answers as a real account, try by try: generic four times, then the same locked message")
    func unknownNameLooksTheSame() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            var real = PageBrowser(app)
            var unknown = PageBrowser(app)
            for attempt in 1...6 {
                // The sixth try on the real account is the right password; on the unknown name, any.
                let password = attempt == 6 ? LoginProtectionTests.password : "sai-mật-khẩu-\(attempt)"
                let onReal = try await real.password(client, "u.a1", password)
                let onUnknown = try await unknown.password(client, "khong.ton.tai", password)
                #expect(onReal.status == .unauthorized && onUnknown.status == onReal.status, "\(attempt)")
                #expect(
                    LoginProtectionTests.normalised(onReal.body, typed: "u.a1")
                        == LoginProtectionTests.normalised(onUnknown.body, typed: "khong.ton.tai"),
                    "\(attempt)"
                )
                #expect((Self.alert(onUnknown) == Self.generic) == (attempt < 5), "\(attempt)")
            }
            // A name nobody has tried gets the generic answer, as before.
            var fresh = PageBrowser(app)
            #expect(Self.alert(try await fresh.password(client, "ai.do", "bất-kỳ")) == Self.generic)
        }
    }

    @Test("an admin's unlock lets the right password in at once, whatever the page's count says")
    func adminUnlock() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            var browser = PageBrowser(app)
            for attempt in 1...5 { _ = try await browser.password(client, "u.a1", "sai-mật-khẩu-\(attempt)") }
            _ = try await app.services.accounts.enable("u.a1", reason: "Người dùng đã xác minh danh tính", by: .commandLine())
            let right = try await browser.password(client, "u.a1")
            #expect(right.status == .found && browser.jar.session != nil)
        }
    }

    @Test("the count stays bounded and ends with its window")
    func bounded() {
        let notices = SignInLockNotices(maxFailures: 5, lockout: 900, maxNames: 3)
        let t0 = TestApp.t0
        for attempt in 0..<4 { #expect(notices.refused(" U.A1 ", now: t0 + Double(attempt)) == nil) }
        #expect(notices.refused("u.a1", now: t0 + 4) == t0 + 904)
        #expect(notices.refused("u.a1", now: t0 + 600) == t0 + 904)  // tries during the lock do not extend it
        #expect(notices.refused("u.a1", now: t0 + 905) == nil)  // a new window
        for name in ["a", "b", "c", "d"] { _ = notices.refused(name, now: t0 + 910) }
        #expect(notices.count <= 3)
    }
}
