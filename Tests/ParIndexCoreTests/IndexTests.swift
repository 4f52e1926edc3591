import Foundation
import Testing

@testable import ParIndexCore

/// Builders for small frameworks; points are given in hundredths.
private func scaleLeaf(_ code: String, max: Int, applicability: Applicability = .always) -> Criterion {
    Criterion(
        code: code,
        title: "Tiêu chí \(code)",
        spec: LeafSpec(max: Points(hundredths: max), applicability: applicability, rule: .scale(step: Rule.defaultStep))
    )
}

private func surveyLeaf(_ code: String, max: Int) -> Criterion {
    Criterion(code: code, title: "Điều tra \(code)", spec: LeafSpec(max: Points(hundredths: max), source: .survey, rule: .survey))
}

private func bonusLeaf(_ code: String, max: Int) -> Criterion {
    Criterion(code: code, title: "Thưởng \(code)", spec: LeafSpec(max: Points(hundredths: max), rule: .bonus(step: Rule.defaultStep)))
}

private func deductionLeaf(_ code: String, max: Int) -> Criterion {
    Criterion(code: code, title: "Trừ \(code)", spec: LeafSpec(max: Points(hundredths: max), rule: .deduction(step: Rule.defaultStep)))
}

private func field(_ code: String, _ children: [Criterion]) -> Criterion {
    Criterion(code: code, title: "Lĩnh vực \(code)", children: children)
}

private func framework(capAt100: Bool = true, _ nodes: [Criterion]) -> Framework {
    Framework(code: "par-test", version: "2026", title: "Thử nghiệm", source: nil, capAt100: capAt100, bands: [], nodes: nodes)
}

private func result(_ code: String, _ hundredths: Int?) -> LeafResult {
    LeafResult(code: code, applicable: true, points: hundredths.map { Points(hundredths: $0) })
}

private func notApplicable(_ code: String) -> LeafResult {
    LeafResult(code: code, applicable: false, points: nil)
}

private func index(_ points: Int, of max: Int) -> IndexValue {
    IndexValue(points: Points(hundredths: points), max: Points(hundredths: max))
}

@Suite("Index arithmetic")
struct IndexTests {
    /// Field 1 (self-assessed, max 60), field 2 (survey, max 40), field 9 (bonus 2, deduction 3).
    let mixed = framework([
        field("1", [scaleLeaf("1.1", max: 2_000), scaleLeaf("1.2", max: 4_000, applicability: .mayBeNA)]),
        field("2", [surveyLeaf("2.1", max: 4_000)]),
        field("9", [bonusLeaf("9.1", max: 200), deductionLeaf("9.2", max: 300)]),
    ])

    @Test("Worked example: 53.25 appraised + 33.87 survey of 100 gives 87.12")
    func workedExample() throws {
        // given
        let calculator = IndexCalculator(framework: mixed)
        // when: 1.1 = 18.25, 1.2 = 35.00 (appraised 53.25), 2.1 = 33.87 (survey), no bonus or deduction
        let score = calculator.unitScore([
            result("1.1", 1_825), result("1.2", 3_500), result("2.1", 3_387), result("9.1", 0), result("9.2", 0),
        ])
        // then: 100 × 87.12 ÷ 100 = 87.12
        #expect(score.rawPoints.hundredths == 8_712)
        #expect(score.points.hundredths == 8_712)
        #expect(score.max.hundredths == 10_000)
        let index = try #require(score.index)
        #expect(index.hundredths == 8_712)
        #expect(index.rounded.description == "87.12")
        #expect(mixed.maxPoints.hundredths == 10_000)
    }

    @Test("N/A removes the leaf's max from the denominator")
    func notApplicableLeaf() throws {
        let calculator = IndexCalculator(framework: mixed)
        // 1.1 = 10 of 20, 1.2 N/A, 2.1 = 30 of 40 → 40 ÷ 60 = 66.666…% → 66.67
        let withNA = calculator.unitScore([result("1.1", 1_000), notApplicable("1.2"), result("2.1", 3_000)])
        #expect(withNA.max.hundredths == 6_000)
        #expect(try #require(withNA.index).hundredths == 6_667)
        // The same leaf applicable but scored 0 keeps its 40 in the denominator: 40 ÷ 100 = 40.00
        let withZero = calculator.unitScore([result("1.1", 1_000), result("1.2", 0), result("2.1", 3_000)])
        #expect(withZero.max.hundredths == 10_000)
        #expect(try #require(withZero.index).hundredths == 4_000)
    }

    @Test("An N/A leaf's points are ignored even if some were recorded")
    func notApplicableIgnoresPoints() throws {
        let calculator = IndexCalculator(framework: mixed)
        let score = calculator.unitScore([
            result("1.1", 1_000), LeafResult(code: "1.2", applicable: false, points: Points(40)), result("2.1", 3_000),
        ])
        // 40 ÷ 60
        #expect(score.rawPoints.hundredths == 4_000)
        #expect(try #require(score.index).hundredths == 6_667)
    }

    @Test("A leaf with no points yet still counts in the denominator")
    func missingPointsCountInMax() throws {
        let score = IndexCalculator(framework: mixed).unitScore([result("1.1", 2_000)])
        // 20 ÷ 100 = 20.00
        #expect(score.max.hundredths == 10_000)
        #expect(try #require(score.index).hundredths == 2_000)
    }

    @Test("Bonus and deduction move only the numerator")
    func bonusAndDeduction() throws {
        let calculator = IndexCalculator(framework: mixed)
        // 80 + bonus 1.5 − deduction 2.25 = 79.25 of 100 → 79.25
        let score = calculator.unitScore([
            result("1.1", 2_000), result("1.2", 3_000), result("2.1", 3_000), result("9.1", 150), result("9.2", 225),
        ])
        #expect(score.max.hundredths == 10_000)
        #expect(score.rawPoints.hundredths == 7_925)
        #expect(try #require(score.index).hundredths == 7_925)
    }

    @Test("capAt100 keeps the index at 100 even with a bonus")
    func capAt100() throws {
        let results = [result("1.1", 2_000), result("1.2", 4_000), result("2.1", 4_000), result("9.1", 200)]
        // 100 + 2 = 102 of 100
        let capped = IndexCalculator(framework: mixed).unitScore(results)
        #expect(capped.rawPoints.hundredths == 10_200)
        #expect(capped.points.hundredths == 10_000)
        #expect(try #require(capped.index).hundredths == 10_000)
    }

    @Test("Without capAt100 a bonus can lift the index above 100")
    func noCap() throws {
        var uncappedFramework = mixed
        uncappedFramework.capAt100 = false
        let results = [result("1.1", 2_000), result("1.2", 4_000), result("2.1", 4_000), result("9.1", 200)]
        let score = IndexCalculator(framework: uncappedFramework).unitScore(results)
        // 102 ÷ 100 = 102.00
        #expect(score.points.hundredths == 10_200)
        #expect(try #require(score.index).hundredths == 10_200)
    }

    @Test("The index is floored at 0 when deductions exceed the points")
    func floorAtZero() throws {
        // 1 − 3 = −2 → counted as 0
        let score = IndexCalculator(framework: mixed).unitScore([result("1.1", 100), result("9.2", 300)])
        #expect(score.rawPoints.hundredths == -200)
        #expect(score.points == .zero)
        #expect(try #require(score.index).hundredths == 0)
    }

    @Test("Field sub-indices are computed over each field's leaves; a bonus/deduction field has none")
    func fieldScores() throws {
        var uncapped = mixed
        uncapped.capAt100 = false
        let fields = IndexCalculator(framework: uncapped).fieldScores([
            result("1.1", 1_500), result("1.2", 2_500), result("2.1", 3_387), result("9.1", 100), result("9.2", 50),
        ])
        #expect(fields.map(\.field.code) == ["1", "2", "9"])
        // Field 1: 40 of 60 → 66.67
        #expect(fields[0].score.max.hundredths == 6_000)
        #expect(try #require(fields[0].score.index).hundredths == 6_667)
        // Field 2: 33.87 of 40 → 84.675 → half-up 84.68
        #expect(try #require(fields[1].score.index).hundredths == 8_468)
        // Field 9: bonus 1 − deduction 0.5 = 0.5 points, no sub-index
        #expect(fields[2].score.index == nil)
        #expect(fields[2].score.max == .zero)
        #expect(fields[2].score.rawPoints.hundredths == 50)
        #expect(fields[2].score.points.hundredths == 50)
    }

    @Test("A field of N/A leaves only has no sub-index")
    func fieldAllNA() {
        let fw = framework([field("1", [scaleLeaf("1.1", max: 100, applicability: .mayBeNA)]), field("2", [scaleLeaf("2.1", max: 100)])])
        let fields = IndexCalculator(framework: fw).fieldScores([notApplicable("1.1"), result("2.1", 50)])
        #expect(fields[0].score.index == nil)
        #expect(fields[1].score.index?.hundredths == 5_000)
    }

    @Test("A framework of only bonus and deduction leaves has no index")
    func onlyBonusDeduction() {
        let fw = framework(capAt100: false, [field("9", [bonusLeaf("9.1", max: 200), deductionLeaf("9.2", max: 300)])])
        let score = IndexCalculator(framework: fw).unitScore([result("9.1", 200), result("9.2", 100)])
        #expect(score.index == nil)
        #expect(score.rawPoints.hundredths == 100)
        #expect(fw.maxPoints == .zero)
    }

    @Test(
        "The shown index is rounded half-up to two decimals",
        arguments: [
            // 2 of 3 → 66.666… → 66.67
            (200, 300, 6_667),
            // 1 of 8 → 12.5 exactly → 12.50
            (100, 800, 1_250),
            // 0.01 of 8 → 0.125 → half-up → 0.13
            (1, 800, 13),
            // 1 of 3 → 33.333… → 33.33
            (100, 300, 3_333),
            // 0.01 of 16 → 0.0625 → 0.06
            (1, 1_600, 6),
            // 1 of 1 → 100
            (100, 100, 10_000),
        ]
    )
    func halfUpRounding(points: Int, max: Int, expected: Int) {
        #expect(index(points, of: max).hundredths == expected)
    }

    @Test("IndexValue compares exactly, not by the rounded figure")
    func exactComparison() {
        // 1/2 and 2/4 are equal
        #expect(index(100, of: 200) == index(200, of: 400))
        // 2/3 = 0.6666… > 66.66/100 = 0.6666, although 66.67 vs 66.66 when rounded
        #expect(index(6_666, of: 10_000) < index(200, of: 300))
        // 666.66/1000 = 0.66666 and 2/3 both round to 66.67, yet 2/3 is larger
        #expect(index(66_666, of: 100_000).hundredths == index(200, of: 300).hundredths)
        #expect(index(66_666, of: 100_000) < index(200, of: 300))
        #expect(index(66_666, of: 100_000) != index(200, of: 300))
    }

    @Test("Bands are chosen by the first atLeast from the top")
    func bands() {
        var fw = mixed
        fw.bands = [Band(label: "Nhóm A", atLeast: Points(90)), Band(label: "Nhóm B", atLeast: Points(80)), Band(label: "Nhóm C", atLeast: .zero)]
        #expect(fw.band(for: 9_000)?.label == "Nhóm A")
        #expect(fw.band(for: 8_999)?.label == "Nhóm B")
        #expect(fw.band(for: 0)?.label == "Nhóm C")
        fw.bands = [Band(label: "Nhóm A", atLeast: Points(90))]
        #expect(fw.band(for: 8_999) == nil)
    }

    @Test("Parent max sums children, leaving out bonus and deduction")
    func parentMax() {
        #expect(mixed.nodes[0].max.hundredths == 6_000)
        #expect(mixed.nodes[2].max == .zero)
        #expect(mixed.leaves.map(\.code) == ["1.1", "1.2", "2.1", "9.1", "9.2"])
        #expect(mixed.leaves.map(\.fieldCode) == ["1", "1", "2", "9", "9"])
        #expect(mixed.leaf("2.1")?.spec.source == .survey)
        #expect(mixed.leaf("3.1") == nil)
    }
}

@Suite("Ranking")
struct RankingTests {
    @Test("Equal indices share the best rank: 1, 2, 2, 4; ties listed by unit code")
    func ties() {
        // given: B and C tie at 50 (as 1/2 and 2/4); input order puts C first
        let ranked = Ranking.rank([
            (unitCode: "D", index: index(100, of: 400), subject: "d"),
            (unitCode: "C", index: index(200, of: 400), subject: "c"),
            (unitCode: "A", index: index(200, of: 300), subject: "a"),
            (unitCode: "B", index: index(100, of: 200), subject: "b"),
        ])
        // then
        #expect(ranked.map(\.unitCode) == ["A", "B", "C", "D"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(ranked.map(\.subject) == ["a", "b", "c", "d"])
    }

    @Test("Three-way tie at the top: 1, 1, 1, 4")
    func threeWayTie() {
        let ranked = Ranking.rank([
            (unitCode: "Z", index: index(100, of: 100), subject: 0),
            (unitCode: "Y", index: index(50, of: 100), subject: 0),
            (unitCode: "X", index: index(200, of: 200), subject: 0),
            (unitCode: "W", index: index(300, of: 300), subject: 0),
        ])
        #expect(ranked.map(\.unitCode) == ["W", "X", "Z", "Y"])
        #expect(ranked.map(\.rank) == [1, 1, 1, 4])
    }

    @Test("Exact comparison ranks 2/3 above 66.66/100 and above 666.66/1000")
    func exactRanking() {
        let ranked = Ranking.rank([
            (unitCode: "A", index: index(6_666, of: 10_000), subject: ()),
            (unitCode: "B", index: index(66_666, of: 100_000), subject: ()),
            (unitCode: "C", index: index(200, of: 300), subject: ()),
        ])
        // C = 0.666666…, B = 0.66666, A = 0.6666; B and C both show 66.67 but are not tied
        #expect(ranked.map(\.unitCode) == ["C", "B", "A"])
        #expect(ranked.map(\.rank) == [1, 2, 3])
    }

    @Test("An empty block ranks nobody")
    func empty() {
        #expect(Ranking.rank([(unitCode: String, index: IndexValue, subject: Int)]()).isEmpty)
    }

    @Test("Year-over-year change is the difference of rounded indices")
    func change() {
        // 87.12 − 85.00 = +2.12; 87.12 − 90.5 = −3.38
        #expect(Ranking.change(current: index(8_712, of: 10_000), previousHundredths: 8_500).hundredths == 212)
        #expect(Ranking.change(current: index(8_712, of: 10_000), previousHundredths: 9_050).hundredths == -338)
    }
}
