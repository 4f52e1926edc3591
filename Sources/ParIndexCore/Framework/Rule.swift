/// How a leaf turns what was entered into points. Every computation is on integer hundredths.
public enum Rule: Sendable, Equatable {
    case scale(step: Points)
    case choice(options: [ChoiceOption])
    case ratioTiers(numerator: String, denominator: String, tiers: [Tier])
    case ratioLinear(numerator: String, denominator: String)
    case bonus(step: Points)
    case deduction(step: Points)
    case survey

    public static let defaultStep = Points(hundredths: 1)

    /// The `kind` string used in framework files.
    public var kind: String {
        switch self {
        case .scale: "scale"
        case .choice: "choice"
        case .ratioTiers: "ratio_tiers"
        case .ratioLinear: "ratio_linear"
        case .bonus: "bonus"
        case .deduction: "deduction"
        case .survey: "survey"
        }
    }

    public static let kinds = ["scale", "choice", "ratio_tiers", "ratio_linear", "bonus", "deduction", "survey"]

    /// Bonus and deduction leaves move the numerator only.
    public var countsTowardMax: Bool {
        switch self {
        case .bonus, .deduction: false
        default: true
        }
    }

    /// What a leaf's points add to the unit's total: deductions subtract.
    public func contribution(of points: Points) -> Points {
        if case .deduction = self { return Points(hundredths: -points.hundredths) }
        return points
    }

    /// Largest numerator or denominator accepted, so products stay far inside `Int`.
    public static let maxCount = 1_000_000_000

    /// Computes the points for an entry, or says exactly why the entry does not fit the rule.
    public func points(for entry: Entry, max: Points) throws(DomainError) -> Points {
        switch (self, entry) {
        case (.scale(let step), .points(let p)), (.bonus(let step), .points(let p)), (.deduction(let step), .points(let p)):
            guard p >= .zero, p <= max else {
                throw .invalid("points_out_of_range", "Điểm phải trong khoảng 0 đến \(max.vietnamese).", details: ["max": .points(max)])
            }
            guard p.isMultiple(of: step) else {
                throw .invalid("points_off_step", "Điểm phải là bội số của \(step.vietnamese).", details: ["step": .points(step)])
            }
            return p
        case (.choice(let options), .choice(let index)):
            guard options.indices.contains(index) else {
                throw .invalid(
                    "choice_out_of_range",
                    "Lựa chọn phải từ 0 đến \(options.count - 1).",
                    details: ["options": .int(options.count)]
                )
            }
            return options[index].points
        case (.ratioTiers(_, _, let tiers), .ratio(let numerator, let denominator)):
            try Rule.checkRatio(numerator, denominator)
            // 100 × n ÷ d ≥ atLeast  ⇔  10000 × n ≥ atLeast(hundredths) × d, compared exactly.
            let tier = tiers.first { $0.atLeast.hundredths * denominator <= 10_000 * numerator }
            return tier?.points ?? .zero
        case (.ratioLinear, .ratio(let numerator, let denominator)):
            try Rule.checkRatio(numerator, denominator)
            // max × n ÷ d rounded half-up to the hundredth.
            return Points(hundredths: (2 * max.hundredths * numerator + denominator) / (2 * denominator))
        case (.survey, _):
            throw Rule.surveyEntryRefused
        default:
            throw .invalid(
                "entry_shape",
                "Cách nhập không phù hợp với loại tiêu chí \"\(kind)\": \(expectedEntry).",
                details: ["kind": .string(kind)]
            )
        }
    }

    /// Survey leaves take their points from the imported survey, never from an entry.
    public static let surveyEntryRefused = DomainError.invalid(
        "survey_leaf",
        "Tiêu chí này lấy điểm từ kết quả điều tra xã hội học; không nhập điểm."
    )

    /// A sentence saying what a leaf of this kind takes.
    public var expectedEntry: String {
        switch self {
        case .scale, .bonus, .deduction: "cần \"points\""
        case .choice: "cần \"choice\" (số thứ tự lựa chọn, bắt đầu từ 0)"
        case .ratioTiers, .ratioLinear: "cần \"inputs\": {\"numerator\", \"denominator\"}"
        case .survey: "không nhập"
        }
    }

    static func checkRatio(_ numerator: Int, _ denominator: Int) throws(DomainError) {
        guard numerator >= 0, denominator >= 0, numerator <= maxCount, denominator <= maxCount else {
            throw .invalid("ratio_out_of_range", "Số liệu phải là số nguyên không âm, tối đa \(maxCount).")
        }
        guard denominator > 0 else {
            throw .invalid("ratio_zero_denominator", "Mẫu số phải lớn hơn 0.")
        }
        guard numerator <= denominator else {
            throw .invalid("ratio_numerator_exceeds", "Tử số (\(numerator)) không được lớn hơn mẫu số (\(denominator)).")
        }
    }
}

public struct ChoiceOption: Sendable, Equatable {
    public var label: String
    public var points: Points
    public init(label: String, points: Points) {
        self.label = label
        self.points = points
    }
}

public struct Tier: Sendable, Equatable {
    /// A percentage, e.g. 80 or 99.5.
    public var atLeast: Points
    public var points: Points
    public init(atLeast: Points, points: Points) {
        self.atLeast = atLeast
        self.points = points
    }
}

/// What a unit or a reviewer enters for a leaf.
public enum Entry: Sendable, Equatable {
    case points(Points)
    case choice(Int)
    case ratio(numerator: Int, denominator: Int)

    public var document: DocumentValue {
        switch self {
        case .points(let p): .object([("points", .points(p))])
        case .choice(let c): .object([("choice", .int(c))])
        case .ratio(let n, let d): .object([("inputs", .object([("numerator", .int(n)), ("denominator", .int(d))]))])
        }
    }
}
