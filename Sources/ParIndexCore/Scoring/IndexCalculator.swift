/// An index as an exact fraction: 100 × points ÷ max. Kept unrounded for ranking; shown rounded
/// half-up to two decimals.
public struct IndexValue: Sendable, Equatable, Comparable {
    /// Numerator after bonus/deduction, floor at 0 and the cap, in hundredths of a point.
    public var points: Points
    /// Applicable max, in hundredths; never 0.
    public var max: Points

    /// The index in hundredths of a percent, rounded half-up: 87.12 is 8712.
    public var hundredths: Int { (2 * 10_000 * points.hundredths + max.hundredths) / (2 * max.hundredths) }

    /// The rounded index as `Points`, for display and JSON (`87.12`).
    public var rounded: Points { Points(hundredths: hundredths) }

    /// Exact comparison by cross-multiplication; no rounding is involved.
    public static func < (lhs: IndexValue, rhs: IndexValue) -> Bool {
        lhs.points.hundredths * rhs.max.hundredths < rhs.points.hundredths * lhs.max.hundredths
    }

    public static func == (lhs: IndexValue, rhs: IndexValue) -> Bool {
        lhs.points.hundredths * rhs.max.hundredths == rhs.points.hundredths * lhs.max.hundredths
    }
}

/// One leaf's contribution to the index: the final points (nil when not yet known), or N/A.
public struct LeafResult: Sendable, Equatable {
    public var code: String
    public var applicable: Bool
    public var points: Points?

    public init(code: String, applicable: Bool, points: Points?) {
        self.code = code
        self.applicable = applicable
        self.points = points
    }
}

/// Points, max and index for a whole unit or for one field.
public struct Score: Sendable, Equatable {
    /// Σ points after deductions and bonuses, before floor and cap.
    public var rawPoints: Points
    /// The points the index uses: floored at 0 and capped at max when the framework says so.
    public var points: Points
    /// Σ applicable max (bonus and deduction leaves excluded).
    public var max: Points
    /// `nil` when nothing counts toward a max (a field of bonus/deduction or N/A leaves only).
    public var index: IndexValue?
}

/// The index arithmetic of DESIGN.md, exactly: N/A leaves leave numerator and denominator; bonus
/// and deduction leaves move the numerator only; the index is never below 0 and never above 100
/// when the framework caps it.
public struct IndexCalculator: Sendable {
    public let framework: Framework
    /// `framework.leaves`, walked once: publishing scores 3,321 units, and walking the tree again
    /// for every unit and every field was a fifth of its time.
    public let leaves: [Leaf]
    private let fieldLeaves: [(field: Criterion, leaves: [Leaf])]

    public init(framework: Framework) {
        self.framework = framework
        let leaves = framework.leaves
        self.leaves = leaves
        self.fieldLeaves = framework.nodes.map { field in (field, leaves.filter { $0.fieldCode == field.code }) }
    }

    /// The unit's score over every leaf.
    public func unitScore(_ results: [LeafResult]) -> Score {
        score(Self.byCode(results), leaves: leaves)
    }

    /// Each field's score, in framework order.
    public func fieldScores(_ results: [LeafResult]) -> [(field: Criterion, score: Score)] {
        let byCode = Self.byCode(results)
        return fieldLeaves.map { field, leaves in (field, score(byCode, leaves: leaves)) }
    }

    private static func byCode(_ results: [LeafResult]) -> [String: LeafResult] {
        Dictionary(results.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func score(_ byCode: [String: LeafResult], leaves: [Leaf]) -> Score {
        var total = Points.zero
        var max = Points.zero
        for leaf in leaves {
            let result = byCode[leaf.code]
            if let result, !result.applicable { continue }
            if leaf.spec.rule.countsTowardMax { max += leaf.spec.max }
            if let points = result?.points { total += leaf.spec.rule.contribution(of: points) }
        }
        // Nothing counts toward a max (bonus/deduction or N/A only): points as they are, no index.
        guard max > .zero else { return Score(rawPoints: total, points: total, max: max, index: nil) }
        var counted = Swift.max(total, .zero)
        if framework.capAt100 { counted = Swift.min(counted, max) }
        return Score(rawPoints: total, points: counted, max: max, index: IndexValue(points: counted, max: max))
    }
}
