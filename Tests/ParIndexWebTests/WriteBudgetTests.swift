import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// SECURITY.md IV-6: changes are budgeted per signed-in account; past the budget the answer is 429
/// with Retry-After, nothing changes, other accounts and reads are unaffected, and the next minute
/// is a fresh budget.
@Suite struct WriteBudgetTests {
    @Test("IV-6: the 6th change in a minute with a budget of 5 is 429 + Retry-After and changes nothing; others and reads go on")
    func budgetPerAccount() async throws {
        let app = try TestApp()
        try await app.seed()
        var configuration = WebConfiguration(maxUploadBytes: 1 << 20, publicDirectory: TestApp.publicDirectory)
        configuration.writeBudget = WriteBudgetSettings(writesPerMinute: 5)
        let application = Application(router: try buildRouter(services: app.services, storage: app.storage, configuration: configuration).router)
        let item = "/api/v1/cycles/2026/units/A1/items/1.1"
        try await application.test(.router) { client in
            for points in ["0.5", "1", "1.5", "2", "0.5"] {
                let answer = try await client.call(.put, item, as: "u.a1", app: app, json: #"{"points": \#(points)}"#)
                #expect(answer.status == .ok, "\(points): \(answer.body)")
            }
            let events = try await app.count("SELECT COUNT(*) FROM ledger")
            let refused = try await client.call(.put, item, as: "u.a1", app: app, json: #"{"points": 1}"#)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "too_many_writes")
            #expect(refused.headers[.retryAfter] == "60")
            #expect(try await app.count("SELECT COUNT(*) FROM ledger") == events)
            // Reads are not budgeted, and another account has its own budget.
            #expect(try await client.call(.get, "/api/v1/cycles/2026/units/A1/assessment", as: "u.a1", app: app).status == .ok)
            let other = try await client.call(.put, "/api/v1/cycles/2026/units/A2/items/1.1", as: "u.a2", app: app, json: #"{"points": 1}"#)
            #expect(other.status == .ok)
            // Half a minute on, still spent, and the wait shrinks; a minute on, a fresh budget.
            app.clock.advance(by: 30)
            let later = try await client.call(.put, item, as: "u.a1", app: app, json: #"{"points": 1}"#)
            #expect(later.status == .tooManyRequests && later.headers[.retryAfter] == "30")
            app.clock.advance(by: 30)
            #expect(try await client.call(.put, item, as: "u.a1", app: app, json: #"{"points": 1}"#).status == .ok)
        }
    }

    @Test("IV-6: a budget of 0 turns the limit off (benchmarks, crash test)")
    func budgetOff() async throws {
        let windows = WriteBudgetMiddleware.Windows()
        let now = TestApp.t0
        for _ in 0..<3 { #expect(windows.spend("u", budget: 3, now: now) == nil) }
        #expect(windows.spend("u", budget: 3, now: now) == 60)
        #expect(WriteBudgetSettings(writesPerMinute: 0).writesPerMinute == 0)
        #expect(WriteBudgetSettings().writesPerMinute == 600)
    }
}
