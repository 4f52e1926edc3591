/// How far one unit's self-scored leaves have come in a cycle: entered by the unit, then out of
/// review (appraised and not in question, settled, or not applicable). A unit whose `reviewed`
/// equals `leaves` has nothing left that blocks publication (`ResultsService.unsettled`).
public struct UnitProgress: Sendable, Equatable {
    /// The framework's self-scored leaves (survey leaves are imported, not entered).
    public var leaves: Int
    /// Leaves the unit has written anything for (points, inputs or not applicable).
    public var entered: Int
    /// Leaves no longer blocking publication.
    public var reviewed: Int
    /// Leaves with a question open or an answer not yet settled.
    public var inQuestion: Int

    public init(leaves: Int, entered: Int, reviewed: Int, inQuestion: Int) {
        self.leaves = leaves
        self.entered = entered
        self.reviewed = reviewed
        self.inQuestion = inQuestion
    }

    /// Every unit's progress, from the scores read once for the cycle.
    public static func of(_ framework: Framework, units: [String], scores: CycleScores) -> [String: UnitProgress] {
        let leaves = framework.leaves.filter { $0.spec.source == .selfAssessed }.map(\.code)
        var progress: [String: UnitProgress] = [:]
        for unit in units {
            let items = scores.byUnit[unit] ?? [:]
            var entry = UnitProgress(leaves: leaves.count, entered: 0, reviewed: 0, inQuestion: 0)
            for leaf in leaves {
                guard let item = items[leaf] else { continue }
                entry.entered += 1
                if !item.applicable || !item.state.isUnsettled { entry.reviewed += 1 }
                if item.applicable && (item.state == .questionOpen || item.state == .answered) { entry.inQuestion += 1 }
            }
            progress[unit] = entry
        }
        return progress
    }
}
