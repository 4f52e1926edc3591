import Foundation
import Hummingbird
import ParIndexCore

/// Each role's starting page: the cycles they take part in, the phase, the deadline and, for those
/// who have work in a cycle, what is theirs to do and how long is left. An observer does no work, so
/// the page follows progress instead: no to-do heading, no countdown.
struct DashboardController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/dashboard", .signedIn, dashboard)
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
        return renderer.page("dashboard", title: page.heading, model: ["page": page], context: context, request: request)
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

/// The dashboard's model. Every count is a `Fact` whose label says what it counts, for the person
/// looking: a unit sees the council's questions waiting for its answer, apart from the items
/// waiting for the council; a reviewer sees what waits for an appraisal or a settlement.
struct DashboardPage {
    struct Fact {
        var label: String
        var value: String
    }

    struct Link {
        var href: String
        var label: String
    }

    struct Card {
        var name: String
        var phase: String
        var deadline: String
        var deadlineISO: String
        /// nil for observers: a countdown is a call to act, and they have nothing to do.
        var remaining: String?
        var facts: [Fact]
        var actions: [Link]

        init(_ detail: CycleService.Detail, caller: Caller, now: Date, words: PageWords) {
            let cycle = detail.cycle
            let due = cycle.deadlines.deadline(for: cycle.phase)
            name = cycle.name
            phase = words.phase(cycle.phase)
            deadline = due.map { Timestamp.vietnamese($0) } ?? "—"
            deadlineISO = due.map(Timestamp.format) ?? ""
            remaining = caller.role == .observer ? nil : due.map { DashboardController.remaining(from: now, to: $0) } ?? "—"
            facts = Self.facts(detail, role: caller.role, words: words)
            actions = Self.actions(for: caller, cycle: cycle, words: words)
        }

        static func facts(_ detail: CycleService.Detail, role: Role, words: PageWords) -> [Fact] {
            let pending = detail.pending
            let reviewed = detail.cycle.phase >= .appraisal
            let fact = { (key: String, value: Int) in Fact(label: words[key], value: String(value)) }
            let submitted = Fact(label: words["dashboard.submitted"], value: "\(detail.submitted)/\(detail.units.count)")
            switch role {
            case .unit:
                let own = detail.submitted > 0 ? "dashboard.unit.submitted" : "dashboard.unit.notSubmitted"
                var facts = [Fact(label: words["dashboard.unit.assessment"], value: words[own])]
                guard reviewed else { return facts }
                facts.append(fact("dashboard.unit.toAnswer", pending.toAnswer))
                facts.append(fact("dashboard.unit.withCouncil", pending.toAppraise + pending.toSettle))
                return facts
            case .reviewer:
                guard reviewed else { return [submitted] }
                return [
                    submitted, fact("dashboard.reviewer.toAppraise", pending.toAppraise), fact("dashboard.reviewer.toSettle", pending.toSettle),
                    fact("dashboard.reviewer.withUnits", pending.toAnswer),
                ]
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
                return [Link(href: "/review/\(cycle.code)", label: words["dashboard.open.worklist"])]
            case .observer:
                return [Link(href: "/review/\(cycle.code)", label: words["dashboard.open.follow"])]
            case .admin:
                return [Link(href: CycleURL.cycle(cycle.code).path, label: words["dashboard.open.cycle"])]
            }
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
