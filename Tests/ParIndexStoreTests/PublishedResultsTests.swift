import Foundation
import ParIndexCore
import ParIndexStore
import Testing

/// The published snapshot read back as `PublishedResults`: every figure it holds, and nothing lost,
/// since written back it is the stored snapshot byte for byte.
@Suite struct PublishedResultsTests {
    @Test("each published year reads back whole: encoded again it is the stored snapshot, and last year's figures are there")
    func readsBackWhole() async throws {
        let t = try TestDatabase()
        defer { t.remove() }
        func spec(_ year: Int) throws -> DemoScenario.CycleSpec {
            .init(
                code: "\(year)-so",
                name: "Chỉ số CCHC năm \(year)",
                block: "DEPT",
                framework: try DocumentValue.parseJSON(smallFrameworkJSON),
                year: year
            )
        }
        _ = try await DemoScenario(services: t.services, clock: t.clock).run(
            units: [
                .init(line: 2, code: "A1", name: "Sở Tài chính", block: "DEPT"), .init(line: 3, code: "A2", name: "Sở Tư pháp", block: "DEPT"),
            ],
            blockNames: ["DEPT": "Khối sở"],
            cycles: [try spec(2026)],
            earlier: [try spec(2024), try spec(2025)]
        )
        for cycle in ["2024-so", "2025-so"] {
            let stored = try #require(try await t.services.repository.read { db in try db.publication(cycle: cycle) })
            let (results, publication) = try await t.services.results.publishedResults(cycle: cycle)
            #expect(publication.snapshotSHA256 == stored.snapshotSHA256)
            #expect(try DocumentEncoder().encode(results).canonicalJSON == stored.snapshot)
            #expect(results.cycle == cycle && results.blocks.map(\.block) == ["DEPT"])
            #expect(results.blocks[0].ranking.map(\.unit).sorted() == ["A1", "A2"])
        }
        let (last, _) = try await t.services.results.publishedResults(cycle: "2025-so")
        let (before, _) = try await t.services.results.publishedResults(cycle: "2024-so")
        for entry in last.blocks[0].ranking {
            let was = try #require(before.find(unit: entry.unit)?.entry)
            #expect(entry.previous?.cycle == "2024-so" && entry.previous?.rank == was.rank && entry.previous?.index == was.index)
            #expect(entry.change == entry.index - was.index)
        }
        #expect(before.blocks[0].ranking.allSatisfy { $0.previous == nil && $0.change == nil })
    }

    @Test("a stored snapshot that does not read is an internal failure, not the caller's bad request")
    func damagedSnapshot() {
        #expect(throws: DomainError.internalFailure()) { try PublishedResults(.object([("cycle", .string("2026"))])) }
    }
}
