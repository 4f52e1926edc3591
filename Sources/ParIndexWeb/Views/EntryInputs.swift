import Foundation
import ParIndexCore

/// The inputs of an entry form by rule kind — a unit's self entry or a reviewer's appraisal —
/// starting from what was typed after a refusal, else from the entry saved.
struct EntryInputs {
    struct Option {
        var index: Int
        var label: String
        var points: String
        var selected: Bool
    }

    struct Ratio {
        var numeratorLabel: String
        var denominatorLabel: String
        var numerator: String
        var denominator: String
    }

    /// Scale, bonus and deduction: the points as typed (a decimal comma in Vietnamese), and the step.
    var points: (value: String, step: Points)?
    var options: [Option]?
    var ratio: Ratio?

    init(_ rule: Rule, entry: Entry?, typed: [String: String]?, _ words: PageWords) {
        switch rule {
        case .scale(let step), .bonus(let step), .deduction(let step):
            var value = ""
            if case .points(let p)? = entry { value = words.input(p) }
            points = (typed?["points"] ?? value, step)
        case .choice(let choices):
            var chosen: Int? = nil
            if case .choice(let c)? = entry { chosen = c }
            if let typed { chosen = typed["choice"].flatMap { Int($0) } }
            options = choices.enumerated().map { index, option in
                Option(index: index, label: option.label, points: words.points(option.points), selected: chosen == index)
            }
        case .ratioTiers(let numerator, let denominator, _), .ratioLinear(let numerator, let denominator):
            var n = ""
            var d = ""
            if case .ratio(let a, let b)? = entry {
                n = String(a)
                d = String(b)
            }
            ratio = Ratio(
                numeratorLabel: numerator,
                denominatorLabel: denominator,
                numerator: typed?["numerator"] ?? n,
                denominator: typed?["denominator"] ?? d
            )
        case .survey:
            break
        }
    }
}
