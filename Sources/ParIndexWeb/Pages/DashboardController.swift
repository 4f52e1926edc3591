import Foundation
import Hummingbird
import ParIndexCore

/// Each role's starting page: the cycles they take part in, the phase, the deadline and, for those
/// who have work in a cycle, their to-do list — each line a count of exactly what it counts for
/// the person looking, linked to where that work is done. An observer does no work, so the page
/// follows progress instead: no to-do list, no countdown.
struct DashboardController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, SiteURL.dashboard.path, .signedIn, dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let words = PageWords(request)
        let now = services.clock.now()
        var cards: [DashboardPage.Card] = []
        for cycle in try await services.cycles.list(by: caller) {
            let detail = try await services.cycles.detail(cycle.code, by: caller)
            cards.append(DashboardPage.Card(detail, caller: caller, now: now, words: words))
        }
        let page = DashboardPage(role: caller.role, cards: cards, words: words)
        return renderer.page(page, title: page.heading, context: context, request: request)
    }

    /// "3 ngày 4 giờ" / "đã quá hạn".
    static func remaining(from now: Date, to deadline: Date) -> String {
        let seconds = Int(deadline.timeIntervalSince(now))
        guard seconds > 0 else { return "Đã quá hạn" }
        let days = seconds / 86400
        let hours = seconds % 86400 / 3600
        return days > 0 ? "\(days) ngày \(hours) giờ" : "\(hours) giờ \(seconds % 3600 / 60) phút"
    }
}

/// The dashboard's model. Facts describe the cycle's progress; the to-do list holds only what the
/// person looking can act on now, each line linked to the page where it is done.
struct DashboardPage: PageModel {
    static let template = "dashboard"

    struct Fact {
        var label: String
        var value: String
    }

    struct Link {
        var href: String
        var label: String
    }

    /// "3 câu hỏi chờ trả lời": the count apart, so the page can set it off; nil for a line that
    /// counts nothing ("Đủ điều kiện công bố kết quả").
    struct ToDo {
        var count: String?
        var text: String
        var href: String
        var kind: String
    }

    struct Card {
        var name: String
        var phase: String
        var deadline: String
        var deadlineISO: String
        /// nil for observers: a countdown is a call to act, and they have nothing to do.
        var remaining: String?
        /// nil for observers, who have no to-do list at all.
        var toDo: ToDoList?
        var facts: [Fact]
        var actions: [Link]

        init(_ detail: CycleService.Detail, caller: Caller, now: Date, words: PageWords) {
            let cycle = detail.cycle
            let due = cycle.deadlines.deadline(for: cycle.phase)
            name = cycle.name
            phase = words.phase(cycle.phase)
            deadline = due.map { Timestamp.vietnamese($0) } ?? "—"
            deadlineISO = due.map(Timestamp.format) ?? ""
            // No countdown without a deadline ahead to count to (a published cycle has none).
            remaining = caller.role == .observer ? nil : due.map { DashboardController.remaining(from: now, to: $0) }
            toDo =
                caller.role == .observer
                ? nil : ToDoList(detail.toDo.map { Self.line($0, caller: caller, cycle: cycle.code, words: words) }, words: words)
            facts = Self.facts(detail, role: caller.role, words: words)
            actions = Self.actions(for: caller, cycle: cycle, words: words)
        }

        /// One to-do line: its words, and the page where the work is — the one unit or item it
        /// is in when it is all in one place, else the list that holds it.
        static func line(_ item: CycleService.ToDo, caller: Caller, cycle: String, words: PageWords) -> ToDo {
            let url: CycleURL
            switch (item.kind, item.unit, item.criterion) {
            case (.score, let unit?, let criterion?), (.answer, let unit?, let criterion?):
                url = .unitItem(cycle: cycle, unit: unit, criterion: criterion)
            case (.score, let unit?, nil), (.answer, let unit?, nil):
                url = .unitForm(cycle: cycle, unit: unit)
            case (.submit, let unit?, _): url = .unitSubmit(cycle: cycle, unit: unit)
            case (.appraise, let unit?, _): url = .reviewFiltered(cycle: cycle, unit: unit, filter: ReviewFilter.unreviewed.rawValue)
            case (.settle, let unit?, _), (.settleUnanswered, let unit?, _):
                url = .reviewFiltered(cycle: cycle, unit: unit, filter: ReviewFilter.questions.rawValue)
            case (.unitsNotSubmitted, _, _): url = .cycleUnits(cycle)
            case (.surveyValues, _, _): url = .survey(cycle)
            case (.publish, _, _): url = .publish(cycle)
            case (.score, nil, _), (.answer, nil, _), (.submit, nil, _): url = .cycle(cycle)
            case (.appraise, nil, _), (.settle, nil, _), (.settleUnanswered, nil, _): url = .worklist(cycle)
            }
            let ready = item.kind == .publish && item.count == 0
            return ToDo(
                count: ready ? nil : words.count(item.count),
                text: words[ready ? "dashboard.todo.publishReady" : "dashboard.todo.\(item.kind.rawValue)"],
                href: url.path,
                kind: item.kind.rawValue
            )
        }

        static func facts(_ detail: CycleService.Detail, role: Role, words: PageWords) -> [Fact] {
            let pending = detail.pending
            let reviewed = detail.cycle.phase >= .appraisal
            let fact = { (key: String, value: Int) in Fact(label: words[key], value: words.count(value)) }
            let submitted = Fact(label: words["dashboard.submitted"], value: "\(detail.submitted)/\(detail.units.count)")
            switch role {
            case .unit:
                let own = detail.submitted > 0 ? "dashboard.unit.submitted" : "dashboard.unit.notSubmitted"
                var facts = [Fact(label: words["dashboard.unit.assessment"], value: words[own])]
                guard reviewed else { return facts }
                facts.append(fact("dashboard.unit.withCouncil", pending.toAppraise + pending.toSettle))
                return facts
            case .reviewer:
                guard reviewed else { return [submitted] }
                return [submitted, fact("dashboard.reviewer.withUnits", pending.toAnswer)]
            case .admin, .observer:
                return [submitted, fact("dashboard.unsettled", detail.unsettled)]
            }
        }

        /// Where each role goes next from a cycle.
        static func actions(for caller: Caller, cycle: Cycle, words: PageWords) -> [Link] {
            switch caller.role {
            case .unit:
                guard let unit = caller.unitCode else { return [] }
                return [Link(href: CycleURL.unitForm(cycle: cycle.code, unit: unit).path, label: words["dashboard.open.assessment"])]
            case .reviewer:
                return [Link(href: CycleURL.worklist(cycle.code).path, label: words["dashboard.open.worklist"])]
            case .observer:
                return [Link(href: CycleURL.worklist(cycle.code).path, label: words["dashboard.open.follow"])]
            case .admin:
                return [Link(href: CycleURL.cycle(cycle.code).path, label: words["dashboard.open.cycle"])]
            }
        }
    }

    /// A card's to-do lines, or the sentence that says there are none.
    struct ToDoList {
        var heading: String
        var lines: [ToDo]
        var hasLines: Bool
        var none: String

        init(_ lines: [ToDo], words: PageWords) {
            heading = words["dashboard.todo.heading"]
            self.lines = lines
            hasLines = !lines.isEmpty
            none = words["dashboard.todo.none"]
        }
    }

    var heading: String
    var none: String
    var hasCycles: Bool
    var cards: [Card]

    init(role: Role, cards: [Card], words: PageWords) {
        heading = words[role == .observer ? "dashboard.observer.title" : "dashboard.title"]
        none = words["dashboard.none"]
        hasCycles = !cards.isEmpty
        self.cards = cards
    }
}
