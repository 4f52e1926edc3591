import Foundation
import Testing

@testable import ParIndexCore

@Suite("Scoring rules")
struct RuleTests {
    /// Tiers of the DESIGN example: ≥ 100% → 2, ≥ 80% → 1, ≥ 0% → 0.
    let designTiers = Rule.ratioTiers(
        numerator: "Số nhiệm vụ hoàn thành",
        denominator: "Tổng số nhiệm vụ",
        tiers: [
            Tier(atLeast: Points(100), points: Points(2)), Tier(atLeast: Points(80), points: Points(1)),
            Tier(atLeast: .zero, points: .zero),
        ]
    )

    // MARK: scale

    @Test("scale accepts multiples of its step from 0 to max", arguments: [0, 25, 50, 75, 100])
    func scaleOnStep(hundredths: Int) throws {
        let rule = Rule.scale(step: Points(hundredths: 25))
        #expect(try rule.points(for: .points(Points(hundredths: hundredths)), max: Points(1)).hundredths == hundredths)
    }

    @Test("scale refuses points between steps with points_off_step", arguments: [30, 1, 99])
    func scaleOffStep(hundredths: Int) {
        let error = #expect(throws: DomainError.self) {
            try Rule.scale(step: Points(hundredths: 25)).points(for: .points(Points(hundredths: hundredths)), max: Points(1))
        }
        #expect(error?.code == "points_off_step")
        #expect(error?.kind == .unprocessable)
    }

    @Test("scale refuses points above max or below 0 with points_out_of_range", arguments: [125, 101, -25, -1])
    func scaleOutOfRange(hundredths: Int) {
        let error = #expect(throws: DomainError.self) {
            try Rule.scale(step: Points(hundredths: 25)).points(for: .points(Points(hundredths: hundredths)), max: Points(1))
        }
        #expect(error?.code == "points_out_of_range")
        #expect(error?.kind == .unprocessable)
    }

    @Test("scale with the default step takes any hundredth")
    func scaleDefaultStep() throws {
        #expect(try Rule.scale(step: Rule.defaultStep).points(for: .points(Points(hundredths: 137)), max: Points(2)).hundredths == 137)
    }

    // MARK: choice

    @Test("choice gives the chosen option's points")
    func choicePicks() throws {
        let rule = Rule.choice(options: [
            ChoiceOption(label: "Đúng hạn", points: Points(1)), ChoiceOption(label: "Chậm", points: Points(hundredths: 50)),
            ChoiceOption(label: "Không", points: .zero),
        ])
        #expect(try rule.points(for: .choice(0), max: Points(1)) == Points(1))
        #expect(try rule.points(for: .choice(1), max: Points(1)) == Points(hundredths: 50))
        #expect(try rule.points(for: .choice(2), max: Points(1)) == .zero)
    }

    @Test("choice refuses an index outside the options, negative included", arguments: [3, 4, -1, Int.min])
    func choiceOutOfRange(index: Int) {
        let rule = Rule.choice(options: [
            ChoiceOption(label: "a", points: Points(1)), ChoiceOption(label: "b", points: Points(hundredths: 50)),
            ChoiceOption(label: "c", points: .zero),
        ])
        let error = #expect(throws: DomainError.self) { try rule.points(for: .choice(index), max: Points(1)) }
        #expect(error?.code == "choice_out_of_range")
        #expect(error?.kind == .unprocessable)
    }

    // MARK: ratio_tiers

    @Test("ratio_tiers: exactly 100% reaches the top tier")
    func tiersExactly100() throws {
        #expect(try designTiers.points(for: .ratio(numerator: 10_000, denominator: 10_000), max: Points(2)) == Points(2))
        #expect(try designTiers.points(for: .ratio(numerator: 7, denominator: 7), max: Points(2)) == Points(2))
    }

    @Test("ratio_tiers: 99.99% falls to the lower tier")
    func tiers9999() throws {
        // 9999/10000 = 99.99% < 100 → next tier (≥ 80) → 1 point
        #expect(try designTiers.points(for: .ratio(numerator: 9_999, denominator: 10_000), max: Points(2)) == Points(1))
    }

    @Test("ratio_tiers: 80% exactly reaches its tier, just below falls to 0")
    func tiers80() throws {
        #expect(try designTiers.points(for: .ratio(numerator: 4, denominator: 5), max: Points(2)) == Points(1))
        // 79/100 = 79% → last tier → 0
        #expect(try designTiers.points(for: .ratio(numerator: 79, denominator: 100), max: Points(2)) == .zero)
        #expect(try designTiers.points(for: .ratio(numerator: 0, denominator: 3), max: Points(2)) == .zero)
    }

    @Test("ratio_tiers: 199/200 is exactly 99.5% and reaches an atLeast 99.5 tier")
    func tiers995() throws {
        let rule = Rule.ratioTiers(
            numerator: "n",
            denominator: "d",
            tiers: [
                Tier(atLeast: Points(hundredths: 9_950), points: Points(3)), Tier(atLeast: Points(90), points: Points(1)),
                Tier(atLeast: .zero, points: .zero),
            ]
        )
        // 199/200 = 0.995 → 99.5% ≥ 99.5 → 3
        #expect(try rule.points(for: .ratio(numerator: 199, denominator: 200), max: Points(3)) == Points(3))
        // 1989/1999 = 99.4997…% < 99.5 → ≥ 90 tier → 1
        #expect(try rule.points(for: .ratio(numerator: 1_989, denominator: 1_999), max: Points(3)) == Points(1))
    }

    @Test("ratio_tiers: 2/3 compares exactly against 66.67 and 66.66")
    func tiersTwoThirds() throws {
        let rule = Rule.ratioTiers(
            numerator: "n",
            denominator: "d",
            tiers: [
                Tier(atLeast: Points(hundredths: 6_667), points: Points(2)),
                Tier(atLeast: Points(hundredths: 6_666), points: Points(1)), Tier(atLeast: .zero, points: .zero),
            ]
        )
        // 2/3 = 66.666…% : below 66.67, above 66.66 → 1
        #expect(try rule.points(for: .ratio(numerator: 2, denominator: 3), max: Points(2)) == Points(1))
    }

    @Test("ratio rules refuse a numerator above the denominator")
    func ratioNumeratorExceeds() {
        for rule in [designTiers, Rule.ratioLinear(numerator: "n", denominator: "d")] {
            let error = #expect(throws: DomainError.self) { try rule.points(for: .ratio(numerator: 11, denominator: 10), max: Points(2)) }
            #expect(error?.code == "ratio_numerator_exceeds")
            #expect(error?.kind == .unprocessable)
        }
    }

    @Test("ratio rules refuse a zero denominator", arguments: [0, 5])
    func ratioZeroDenominator(numerator: Int) {
        for rule in [designTiers, Rule.ratioLinear(numerator: "n", denominator: "d")] {
            let error = #expect(throws: DomainError.self) { try rule.points(for: .ratio(numerator: numerator, denominator: 0), max: Points(2)) }
            #expect(error?.code == "ratio_zero_denominator")
            #expect(error?.kind == .unprocessable)
        }
    }

    @Test("ratio rules refuse negative or huge counts", arguments: [(-1, 10), (1, -10), (1, 1_000_000_001)])
    func ratioOutOfRange(numerator: Int, denominator: Int) {
        let error = #expect(throws: DomainError.self) {
            try Rule.ratioLinear(numerator: "n", denominator: "d").points(
                for: .ratio(numerator: numerator, denominator: denominator),
                max: Points(2)
            )
        }
        #expect(error?.code == "ratio_out_of_range")
        #expect(error?.kind == .unprocessable)
    }

    // MARK: ratio_linear

    @Test(
        "ratio_linear is max × n ÷ d rounded half-up to the hundredth",
        arguments: [
            // max 3, 1/3 → 1.00 exactly
            (300, 1, 3, 100),
            // max 1, 1/8 → 0.125 → half-up → 0.13
            (100, 1, 8, 13),
            // max 2, 2/3 → 1.3333… → 1.33
            (200, 2, 3, 133),
            // max 2, 1/3 → 0.6666… → 0.67
            (200, 1, 3, 67),
            // max 1, 3/8 → 0.375 → 0.38
            (100, 3, 8, 38),
            // max 3, 0/5 → 0; 5/5 → 3
            (300, 0, 5, 0), (300, 5, 5, 300),
            // max 0.01, 1/2 → 0.005 → 0.01
            (1, 1, 2, 1),
            // max 1000, 999999999/1000000000 → 999.999999 → 1000.00
            (100_000, 999_999_999, 1_000_000_000, 100_000),
        ]
    )
    func ratioLinear(maxHundredths: Int, numerator: Int, denominator: Int, expected: Int) throws {
        let points = try Rule.ratioLinear(numerator: "n", denominator: "d").points(
            for: .ratio(numerator: numerator, denominator: denominator),
            max: Points(hundredths: maxHundredths)
        )
        #expect(points.hundredths == expected)
    }

    // MARK: bonus / deduction

    @Test("bonus and deduction check step and range like scale")
    func bonusDeductionEntry() throws {
        for rule in [Rule.bonus(step: Points(hundredths: 50)), Rule.deduction(step: Points(hundredths: 50))] {
            #expect(try rule.points(for: .points(Points(hundredths: 150)), max: Points(2)) == Points(hundredths: 150))
            let offStep = #expect(throws: DomainError.self) { try rule.points(for: .points(Points(hundredths: 75)), max: Points(2)) }
            #expect(offStep?.code == "points_off_step")
            let above = #expect(throws: DomainError.self) { try rule.points(for: .points(Points(hundredths: 250)), max: Points(2)) }
            #expect(above?.code == "points_out_of_range")
        }
    }

    @Test("Deduction contributes negatively; bonus and others positively")
    func contributionSigns() {
        let p = Points(hundredths: 150)
        #expect(Rule.deduction(step: Rule.defaultStep).contribution(of: p).hundredths == -150)
        #expect(Rule.bonus(step: Rule.defaultStep).contribution(of: p).hundredths == 150)
        #expect(Rule.scale(step: Rule.defaultStep).contribution(of: p).hundredths == 150)
        #expect(Rule.survey.contribution(of: p).hundredths == 150)
    }

    @Test("Only bonus and deduction stay out of the max")
    func countsTowardMax() {
        #expect(!Rule.bonus(step: Rule.defaultStep).countsTowardMax)
        #expect(!Rule.deduction(step: Rule.defaultStep).countsTowardMax)
        #expect(Rule.scale(step: Rule.defaultStep).countsTowardMax)
        #expect(Rule.survey.countsTowardMax)
        #expect(designTiers.countsTowardMax)
        #expect(Rule.ratioLinear(numerator: "n", denominator: "d").countsTowardMax)
        #expect(Rule.choice(options: []).countsTowardMax)
    }

    // MARK: survey / shape

    @Test(
        "survey refuses every entry with survey_leaf",
        arguments: [Entry.points(Points(1)), Entry.choice(0), Entry.ratio(numerator: 1, denominator: 2)]
    )
    func surveyRefuses(entry: Entry) {
        let error = #expect(throws: DomainError.self) { try Rule.survey.points(for: entry, max: Points(5)) }
        #expect(error?.code == "survey_leaf")
        #expect(error?.kind == .unprocessable)
    }

    @Test("An entry of the wrong shape is refused with entry_shape")
    func entryShape() {
        let cases: [(Rule, Entry)] = [
            (.scale(step: Rule.defaultStep), .choice(0)),
            (.scale(step: Rule.defaultStep), .ratio(numerator: 1, denominator: 1)),
            (.bonus(step: Rule.defaultStep), .choice(0)),
            (.deduction(step: Rule.defaultStep), .ratio(numerator: 1, denominator: 1)),
            (.choice(options: [ChoiceOption(label: "a", points: Points(1))]), .points(Points(1))),
            (designTiers, .points(Points(1))),
            (.ratioLinear(numerator: "n", denominator: "d"), .choice(0)),
        ]
        for (rule, entry) in cases {
            let error = #expect(throws: DomainError.self) { try rule.points(for: entry, max: Points(1)) }
            #expect(error?.code == "entry_shape", "\(rule.kind) with \(entry)")
            #expect(error?.kind == .unprocessable)
            #expect(error?.details["kind"] == .string(rule.kind))
        }
    }

    @Test("Entry documents carry the shape of the API")
    func entryDocuments() {
        #expect(Entry.points(Points(hundredths: 25)).document.canonicalJSON == #"{"points":0.25}"#)
        #expect(Entry.choice(2).document.canonicalJSON == #"{"choice":2}"#)
        #expect(Entry.ratio(numerator: 3, denominator: 4).document.canonicalJSON == #"{"inputs":{"denominator":4,"numerator":3}}"#)
    }
}
