import Foundation
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

@Suite struct HealthTests {
    @Test("GET /healthz answers 200 through the router and over a real socket", arguments: [TestingSetup.router, .live])
    func healthz(setup: TestingSetup) async throws {
        let app = try TestApp()
        try await app.application.test(setup) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
        }
    }

    @Test("an unknown API path is a 404 in the contract's error shape, a page a Vietnamese page, both with the security headers (A6)")
    func notFoundShape() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/no-such-page", as: nil, app: app)
            #expect(page.status == .notFound)
            #expect(page.body.contains("Không tìm thấy"))
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.headers[.contentSecurityPolicy] != nil)
            let answer = try await client.call(.get, "/api/v1/no-such-thing", as: nil, app: app)
            #expect(answer.status == .notFound)
            #expect(answer.errorCode == "not_found")
            #expect(answer.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(answer.headers[.xContentTypeOptions] == "nosniff")
            #expect(answer.headers[.cacheControl] == "no-store")
        }
    }
}

/// Vietnamese first, English switchable and remembered.
@Suite struct LanguageTests {
    @Test("?lang=en switches the page to English and remembers it in a cookie; Vietnamese by default")
    func switchLanguage() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let vietnamese = try await client.call(.get, "/login", as: nil, app: app)
            #expect(vietnamese.body.contains("<html lang=\"vi\">") && vietnamese.body.contains("Đăng nhập"))
            let english = try await client.call(.get, "/login?lang=en", as: nil, app: app)
            #expect(english.body.contains("<html lang=\"en\">") && english.body.contains("Sign in"))
            #expect(english.headers[values: .setCookie].contains { $0.hasPrefix("lang=en;") })
            let remembered = try await client.call(.get, "/", as: nil, app: app, headers: [.cookie: "lang=en"])
            #expect(remembered.body.contains("Administrative Reform Index results"))
        }
    }
}
