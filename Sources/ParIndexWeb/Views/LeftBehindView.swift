import Foundation
import ParIndexCore

/// The "left behind" section of a phase move's and publication's confirmation (`left-behind`
/// partial): what the step leaves unfinished, unit by unit, with the forms and links that
/// finish it. Typed, so a renamed field fails the build instead of rendering blank.
struct LeftBehindView {
    struct UnitRow {
        var code: String
        var name: String
        var rowId: String
        var left: [String]
        var reopened: Bool
        var hasExtension: Bool
        var extensionUntil: String
        var offersSubmit: Bool
        var offersExtend: Bool
        var offersAssign: Bool
        var offersReview: Bool
        var submitAction: String
        var extensionAction: String
        var reviewersHref: String
        var reviewHref: String
        var submitReasonId: String
        var untilId: String
        var reasonId: String
        var untilValue: String
    }

    struct Deadline {
        var text: String
        var atISO: String
    }

    var nothing: Bool
    var lead: String
    var totals: [String]
    var hasUnits: Bool
    var units: [UnitRow]
    var hasDeadlines: Bool
    var deadlines: [Deadline]
    var surveyMissing: Bool
    var surveyText: String
    var surveyHref: String
    /// Sent back with every form, so the admin returns to this confirmation (`CycleURL.back`).
    var back: String

    init(_ left: LeftBehind, back: String, now: Date, words: AdminWords) {
        let cycle = left.cycle.code
        func count(_ key: String, _ n: Int) -> String? { n > 0 ? words.fill(key, ["count": String(n)]) : nil }
        nothing = left.isEmpty
        lead = words["ways.lead"]
        totals = [
            count("ways.notSubmitted", left.unitsNotSubmitted.count), count("ways.unappraised", left.unappraised),
            count("ways.questionsOpen", left.questionsOpen), count("ways.answersUnsettled", left.answersUnsettled),
        ]
        .compactMap { $0 }
        units = left.units.map { entry in
            let code = entry.unit.code
            var lines: [String] = []
            if entry.notSubmitted { lines.append(words[entry.hadReceipt ? "ways.unit.reopened" : "ways.unit.notSubmitted"]) }
            lines += [
                count("ways.unappraised", entry.unappraised), count("ways.questionsOpen", entry.questionsOpen),
                count("ways.answersUnsettled", entry.answersUnsettled),
            ]
            .compactMap { $0 }
            if entry.reviewers.isEmpty { lines.append(words["ways.unit.noReviewer"]) }
            let phaseDeadline = left.cycle.deadlines.deadline(for: left.cycle.phase) ?? now
            let defaultUntil = max(entry.extensionUntil ?? now, phaseDeadline, now) + 7 * 86400
            return UnitRow(
                code: code,
                name: entry.unit.name,
                rowId: "left-\(code)",
                left: lines,
                reopened: entry.hadReceipt && entry.notSubmitted,
                hasExtension: entry.extensionUntil != nil,
                extensionUntil: entry.extensionUntil.map { Timestamp.vietnamese($0) } ?? "",
                offersSubmit: entry.ways.contains(.submitOnBehalf),
                offersExtend: entry.ways.contains(.extend),
                offersAssign: entry.ways.contains(.assignReviewer),
                offersReview: entry.ways.contains(.review),
                submitAction: CycleURL.submitOnBehalf(cycle: cycle, unit: code).path,
                extensionAction: CycleURL.extension_(cycle: cycle, unit: code).path,
                reviewersHref: CycleURL.reviewers(cycle).path,
                reviewHref: CycleURL.review(cycle: cycle, unit: code).path,
                submitReasonId: "left-submit-reason-\(code)",
                untilId: "left-until-\(code)",
                reasonId: "left-reason-\(code)",
                untilValue: VietnamTime.input(defaultUntil)
            )
        }
        hasUnits = !units.isEmpty
        deadlines = left.deadlinesAhead.map { ahead in
            let at = Timestamp.vietnamese(ahead.at)
            let text =
                ahead.unit.map { words.fill("ways.extensionAhead", ["unit": $0.name, "at": at]) }
                ?? words.fill("ways.deadlineAhead", ["phase": words.phase(ahead.phase), "at": at])
            return Deadline(text: text, atISO: Timestamp.format(ahead.at))
        }
        hasDeadlines = !deadlines.isEmpty
        surveyMissing = left.surveyMissing > 0
        surveyText = count("ways.surveyMissing", left.surveyMissing) ?? ""
        surveyHref = CycleURL.survey(cycle).path
        self.back = back
    }
}
