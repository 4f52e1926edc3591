import Foundation
import Hummingbird
import ParIndexCore

/// The council's views across units: the worklist filtered by item state, one criterion across
/// units, and the council's internal notes. None of them exists for a unit's account (`404`).
extension ReviewPagesController {
    /// The item states the worklist filters by, in the order work moves through them.
    static let worklistStates: [ItemState] = [.unreviewed, .adjusted, .questionOpen, .answered, .settled]

    /// Units get `404`: these pages name other units and the council's own notes.
    static func requireCouncilReader(_ context: AppRequestContext) throws -> Caller {
        let caller = try context.requireCaller()
        guard caller.role != .unit else { throw DomainError.notFound("trang") }
        return caller
    }

    /// The submitted units the caller may see, each with its view, in Vietnamese order.
    func submittedViews(_ detail: CycleService.Detail, by caller: Caller) async throws -> [AssessmentService.View] {
        var views: [AssessmentService.View] = []
        for row in detail.units where row.status == .submitted {
            views.append(try await services.assessments.view(cycle: detail.cycle.code, unit: row.unit.code, by: caller))
        }
        return views
    }

    // MARK: - Worklist

    /// `GET /review/:cycle[?state=…]`: the caller's units with their progress, the count of items
    /// in each state across the submitted ones, and with a state chosen, those items.
    @Sendable func worklist(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try Self.requireCouncilReader(context)
        let words = PageWords(request)
        let detail = try await services.cycles.detail(try context.parameter("cycle"), by: caller)
        let cycle = detail.cycle
        let chosen = request.uri.queryParameters.get("state").flatMap(ItemState.init(rawValue:)).flatMap {
            Self.worklistStates.contains($0) ? $0 : nil
        }
        var units: [ReviewWorklistPage.UnitRow] = []
        var counts: [ItemState: Int] = [:]
        var items: [ReviewWorklistPage.ItemRow] = []
        for row in detail.units {
            var status = words[row.status == .submitted ? "review.status.submitted" : "review.status.draft"]
            if row.late { status += " (\(words["review.status.late"]))" }
            // A draft the caller may not read is listed by name and status only: no link, no counts (DR-1).
            guard detail.entriesVisible.contains(row.unit.code) else {
                units.append(.init(code: row.unit.code, name: row.unit.name, href: nil, status: status, progress: nil))
                continue
            }
            let view = try await services.assessments.view(cycle: cycle.code, unit: row.unit.code, by: caller)
            units.append(
                .init(
                    code: row.unit.code,
                    name: row.unit.name,
                    href: CycleURL.review(cycle: cycle.code, unit: row.unit.code).path,
                    status: status,
                    progress: ReviewProgress(view.rows)
                )
            )
            guard row.status == .submitted else { continue }
            for item in view.rows where ReviewProgress.counts(item) {
                counts[item.item.state, default: 0] += 1
                guard item.item.state == chosen else { continue }
                items.append(
                    .init(
                        unitName: row.unit.name,
                        unitCode: row.unit.code,
                        code: item.leaf.code,
                        title: item.leaf.title,
                        href: CycleURL.reviewItem(cycle: cycle.code, unit: row.unit.code, criterion: item.leaf.code).path,
                        criterionHref: CycleURL.reviewCriterion(cycle: cycle.code, criterion: item.leaf.code).path,
                        stateName: words["review.state.\(item.item.state.rawValue)"],
                        stateClass: Self.stateClass(item.item.state),
                        selfPoints: item.item.selfValue?.points.map(words.points) ?? "—",
                        appraisedPoints: item.item.appraised.map { words.points($0.points) } ?? "—",
                        evidenceCount: item.evidence.count
                    )
                )
            }
        }
        let deadline = cycle.deadlines.deadline(for: cycle.phase)
        let model = ReviewWorklistPage(
            cycleName: cycle.name,
            phaseName: words["review.phase.\(cycle.phase.rawValue)"],
            deadline: deadline.map { Timestamp.vietnamese($0) },
            deadlineISO: deadline.map(Timestamp.format) ?? "",
            units: units,
            hasUnits: !units.isEmpty,
            allHref: CycleURL.worklist(cycle.code).path,
            noState: chosen == nil,
            states: Self.worklistStates.map { state in
                .init(
                    label: words["review.state.\(state.rawValue)"],
                    href: CycleURL.worklistState(cycle: cycle.code, state: state).path,
                    current: state == chosen,
                    count: counts[state] ?? 0
                )
            },
            chosenState: chosen.map { words["review.state.\($0.rawValue)"] },
            items: items,
            noItems: chosen != nil && items.isEmpty
        )
        return renderer.page(model, title: "\(words["review.worklist.title"]) — \(cycle.name)", context: context, request: request)
    }

    static func stateClass(_ state: ItemState) -> String { state.rawValue.replacingOccurrences(of: "_", with: "-") }

    // MARK: - One criterion across units

    /// `GET /review/:cycle/criteria/:criterion`: one leaf for every submitted unit the caller may
    /// see, with the council's notes on it for those who read them.
    @Sendable func criterionPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try Self.requireCouncilReader(context)
        let words = PageWords(request)
        let code = try context.parameter("criterion")
        let detail = try await services.cycles.detail(try context.parameter("cycle"), by: caller)
        let cycle = detail.cycle
        let views = try await submittedViews(detail, by: caller)
        let notes = try await services.councilNotes.notes(cycle: cycle.code, criterion: code, by: caller)
        let framework = try await services.cycles.framework(of: cycle)
        guard let leaf = framework.leaf(code) else { throw DomainError.notFound("tiêu chí \"\(code)\"") }
        let csrf = context.csrfToken ?? ""
        let rows: [ReviewCriterionPage.Row] = views.compactMap { view in
            guard let row = view.rows.first(where: { $0.leaf.code == code }) else { return nil }
            let unit = view.unit.code
            let item = row.item
            return .init(
                unitCode: unit,
                unitName: view.unit.name,
                href: CycleURL.reviewItem(cycle: cycle.code, unit: unit, criterion: code).path,
                selfPoints: item.applicable ? (item.selfValue?.points.map(words.points) ?? "—") : words["review.criterion.notApplicable"],
                appraisedPoints: item.appraised.map { words.points($0.points) } ?? "—",
                finalPoints: item.finalPoints(source: leaf.spec.source).map(words.points) ?? "—",
                stateName: words["review.state.\(item.state.rawValue)"],
                stateClass: Self.stateClass(item.state),
                evidenceCount: row.evidence.count,
                notes: notes.map { notes in
                    Self.councilNotes(notes.filter { $0.unitCode == unit }, cycle: cycle.code, unit: unit, code: code, back: .criterion, csrf: csrf)
                }
            )
        }
        let model = ReviewCriterionPage(
            worklistHref: CycleURL.worklist(cycle.code).path,
            cycleName: cycle.name,
            code: code,
            title: leaf.title,
            max: words.points(leaf.spec.max),
            rows: rows,
            noRows: rows.isEmpty
        )
        return renderer.page(model, title: "\(words["review.criterion.title"]) \(code) — \(cycle.name)", context: context, request: request)
    }

    // MARK: - Council notes

    /// The page a note's form returns to.
    enum NoteBack: String { case review, criterion }

    static func councilNotes(
        _ notes: [CouncilNote],
        cycle: String,
        unit: String,
        code: String,
        back: NoteBack,
        csrf: String
    )
        -> CouncilNotesView
    {
        CouncilNotesView(
            notes,
            code: code,
            form: .init(
                action: CycleURL.councilNote(cycle: cycle, unit: unit, criterion: code).path,
                fieldId: "cn-\(unit)-\(code)",
                back: back.rawValue,
                csrf: csrf
            )
        )
    }

    /// `POST …/items/:criterion/notes`: adds a council note, then back to the item's row on the
    /// review page or on the criterion page (PRG). A refused note (empty, too long) comes back as
    /// the error page's message; nothing is stored.
    @Sendable func addCouncilNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<NoteField>.self, request, context: context)
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let criterion = try context.parameter("criterion")
        _ = try await services.councilNotes.add(cycle: cycle, unit: unit, criterion: criterion, body: form[.body] ?? "", by: caller)
        let target =
            form[.back] == NoteBack.criterion.rawValue
            ? CycleURL.reviewCriterion(cycle: cycle, criterion: criterion).item(unit)
            : CycleURL.reviewItem(cycle: cycle, unit: unit, criterion: criterion).path
        return .redirect(to: target, type: .found)
    }
}
