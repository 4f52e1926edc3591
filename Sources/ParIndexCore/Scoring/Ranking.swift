/// One unit's place in its block.
public struct RankedUnit<Subject: Sendable>: Sendable {
    public var rank: Int
    public var unitCode: String
    public var index: IndexValue
    public var subject: Subject
}

public enum Ranking {
    /// Ranks units within a block by exact index, descending. Equal indices share the best rank
    /// ("1, 2, 2, 4"); ties are listed by unit code.
    public static func rank<Subject: Sendable>(_ entries: [(unitCode: String, index: IndexValue, subject: Subject)]) -> [RankedUnit<Subject>] {
        let sorted = entries.sorted { a, b in
            if a.index != b.index { return b.index < a.index }
            return a.unitCode < b.unitCode
        }
        var out: [RankedUnit<Subject>] = []
        for (position, entry) in sorted.enumerated() {
            let rank = position > 0 && out[position - 1].index == entry.index ? out[position - 1].rank : position + 1
            out.append(RankedUnit(rank: rank, unitCode: entry.unitCode, index: entry.index, subject: entry.subject))
        }
        return out
    }

    /// Year-over-year change of the rounded index, in hundredths of a percent.
    public static func change(current: IndexValue, previousHundredths: Int) -> Points {
        Points(hundredths: current.hundredths - previousHundredths)
    }
}
