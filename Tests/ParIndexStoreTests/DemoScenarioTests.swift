import Foundation
import ParIndexCore
import ParIndexStore
import Testing

/// The demo city on a real database: earlier years are played to publication through the same
/// services people use, so the public pages have real rankings and a real change since last year.
@Suite struct DemoScenarioTests {
    @Test func earlierYearsArePublishedAndTheLatestShowsTheChangeSinceTheYearBefore() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        let framework = try DocumentValue.parseJSON(smallFrameworkJSON)
        let units: [AdminService.UnitRow] = [
            .init(line: 2, code: "A1", name: "Sở Tài chính", block: "DEPT"), .init(line: 3, code: "A2", name: "Sở Tư pháp", block: "DEPT"),
            .init(line: 4, code: "A3", name: "Sở Y tế", block: "DEPT"),
        ]
        func spec(_ year: Int) -> DemoScenario.CycleSpec {
            .init(code: "\(year)-so", name: "Chỉ số CCHC năm \(year)", block: "DEPT", framework: framework, year: year)
        }
        let start = t.clock.now()
        let accounts = try await DemoScenario(services: t.services, clock: t.clock).run(
            units: units,
            blockNames: ["DEPT": "Khối sở"],
            cycles: [spec(2026)],
            earlier: [spec(2024), spec(2025)]
        )
        #expect(t.clock.now() == start)
        // Accounts made years ago still sign in today: the inactivity limit counts from this year's start.
        for account in accounts where account.role == .unit {
            _ = try await t.services.auth.beginLogin(username: account.username, password: account.password)
        }

        let cycles = try await t.services.repository.read { db in try db.cycles() }
        #expect(
            Dictionary(uniqueKeysWithValues: cycles.map { ($0.code, $0.phase) }) == [
                "2024-so": .published, "2025-so": .published, "2026-so": .appraisal,
            ]
        )
        #expect(cycles.first { $0.code == "2025-so" }?.year == 2025)

        let (last, _) = try await t.services.results.results(cycle: "2025-so")
        let (before, _) = try await t.services.results.results(cycle: "2024-so")
        let ranking = try #require(last["blocks"]?.arrayValue?.first?["ranking"]?.arrayValue)
        let earlier = try #require(before["blocks"]?.arrayValue?.first?["ranking"]?.arrayValue)
        #expect(ranking.count == 3)
        for entry in ranking {
            let unit = try #require(entry["unit"]?.stringValue)
            let was = try #require(earlier.first { $0["unit"]?.stringValue == unit })
            let index = try #require(entry["index"]?.scalarText.flatMap(Points.init(parsing:)))
            let previous = try #require(was["index"]?.scalarText.flatMap(Points.init(parsing:)))
            #expect(entry["previous"]?["cycle"]?.stringValue == "2024-so")
            #expect(entry["change"]?.scalarText.flatMap(Points.init(parsing:)) == index - previous)
        }
        // The ledger's times only move forward across the years.
        let times = try await t.services.repository.read { db in try db.ledgerEvents(after: 0, limit: 100_000).map(\.at) }
        #expect(times == times.sorted())
    }
}
