import Foundation

/// Every item score of a cycle, by unit and criterion: what publishing and the unsettled check
/// read, once.
public struct CycleScores: Sendable {
    public var byUnit: [String: [String: ItemScore]]

    public static func read(_ db: any RepositoryReader, cycle: Cycle) throws -> CycleScores {
        var byUnit: [String: [String: ItemScore]] = [:]
        for (unit, score) in try db.itemScores(cycle: cycle.code) { byUnit[unit, default: [:]][score.criterion] = score }
        return CycleScores(byUnit: byUnit)
    }
}
