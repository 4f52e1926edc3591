import Foundation
import ParIndexCore

/// `/admin`: every cycle, newest first, with its phase, deadline, progress and pages.
struct AdminOverviewPage: PageModel {
    static let template = "admin-overview"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Card {
        var code: String
        var name: String
        var year: Int
        var phase: String
        var phaseClass: String
        var hasDeadline: Bool
        var deadline: String
        var deadlineISO: String
        var remaining: String
        var deadlines: [AdminDeadlineRow]
        var units: Int
        var submitted: Int
        var notSubmitted: Int
        var unsettledItems: Int
        var published: Bool
        var links: AdminCycleHeader
    }

    let nav = AdminNav()
    var cycles: [Card]
    var hasCycles: Bool

    init(_ cycles: [Card]) {
        self.cycles = cycles
        hasCycles = !cycles.isEmpty
    }
}

extension AdminOverviewPage.Card {
    init(_ detail: CycleService.Detail, unsettled: ResultsService.Unsettled, now: Date, words: AdminWords) {
        let cycle = detail.cycle
        let due = cycle.deadlines.deadline(for: cycle.phase)
        self.init(
            code: cycle.code,
            name: cycle.name,
            year: cycle.year,
            phase: words.phase(cycle.phase),
            phaseClass: cycle.phase.rawValue.replacingOccurrences(of: "_", with: "-"),
            hasDeadline: due != nil,
            deadline: due.map { Timestamp.vietnamese($0) } ?? "—",
            deadlineISO: due.map(Timestamp.format) ?? "",
            remaining: due.map { words.remaining(from: now, to: $0) } ?? "",
            deadlines: AdminDeadlineRow.rows(cycle, words),
            units: detail.units.count,
            submitted: detail.submitted,
            notSubmitted: unsettled.unitsNotSubmitted.count,
            unsettledItems: unsettled.items.count,
            published: cycle.phase == .published,
            links: AdminCycleHeader(cycle, words)
        )
    }
}
