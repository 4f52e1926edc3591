import Foundation

extension ResultsService {
    /// A published cycle's pinned framework and every unit's item scores: the per-criterion final
    /// points behind the published figures (public once published, as the score cards are).
    /// `404` until the cycle is published.
    public func criterionScores(cycle cycleCode: String) async throws -> (framework: Framework, scores: CycleScores) {
        try await services.repository.read { db in
            guard let cycle = try db.cycle(cycleCode), cycle.phase == .published,
                try db.publicationWithoutSnapshot(cycle: cycleCode) != nil
            else { throw DomainError.notFound("kết quả công bố của kỳ \"\(cycleCode)\"") }
            return (try db.requireFramework(of: cycle), try CycleScores.read(db, cycle: cycle))
        }
    }
}
