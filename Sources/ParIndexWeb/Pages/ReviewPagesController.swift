import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// The council's pages: the worklist of the units a reviewer may see, and one unit's items side by
/// side (what the unit claimed and its evidence; the appraisal, question and settle forms). Admins and
/// observers read the same pages without the forms. Every write goes through the review service.
struct ReviewPagesController {
    let services: Services
    let renderer: PageRenderer

    static let readers: Access = .roles([.reviewer, .admin, .observer])
    static let writers: Access = .roles([.reviewer])
    /// Council notes: reviewers and admins (the service checks the reviewer's assignment).
    static let noteWriters: Access = .roles([.reviewer, .admin])
    static let itemPath = "/review/:cycle/units/:unit/items/:criterion"

    func addRoutes(to routes: RouteTable) {
        // Signed in, then `404` for units inside: these pages name other units and the council's notes.
        routes.on(.get, "/review/:cycle", .signedIn, worklist)
        routes.on(.get, "/review/:cycle/criteria/:criterion", .signedIn, criterionPage)
        routes.on(.get, "/review/:cycle/units/:unit", Self.readers, unitPage)
        routes.on(.post, Self.itemPath + "/notes", Self.noteWriters, addCouncilNote)
        routes.on(.post, Self.itemPath + "/appraisal", Self.writers, appraise)
        routes.on(.post, Self.itemPath + "/questions", Self.writers, ask)
        routes.on(.post, Self.itemPath + "/settle", Self.writers, settle)
        routes.on(.post, "/review/:cycle/units/:unit/accept", Self.writers, acceptSelfScores)
    }

    // MARK: - One unit

    @Sendable func unitPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let view = try await services.assessments.view(cycle: try context.parameter("cycle"), unit: try context.parameter("unit"), by: caller)
        let filter = request.uri.queryParameters.get("filter").flatMap(ReviewFilter.init(rawValue:))
        let accepted = request.uri.queryParameters.get("accepted").flatMap { Int($0) }
        return try await render(view, caller: caller, filter: filter, failure: nil, accepted: accepted, request: request, context: context)
    }

    /// What went wrong with one form, to show next to that item with what the reviewer typed.
    struct Failure {
        enum Form: String { case appraisal, question, settle }
        var criterion: String
        var form: Form
        var message: String
        var field: String?
        var values: [String: String]
        /// Someone else saved the item since the form was loaded (optimistic version, or a state change).
        var conflict = false
    }

    // MARK: - Writes

    @Sendable func appraise(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .appraisal) { form, caller, view, row in
            let entry = try Self.entry(for: row.leaf.spec.rule, form)
            let saved = try await services.review.appraise(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                .init(entry: entry, note: form[.note], expectedVersion: form[.version].flatMap { Int($0) }),
                by: caller
            )
            return saved.state
        }
    }

    @Sendable func ask(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .question) { form, caller, view, row in
            _ = try await services.review.ask(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                message: form[.message] ?? "",
                by: caller
            )
            return .questionOpen
        }
    }

    @Sendable func settle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .settle) { form, caller, view, row in
            guard let disposition = form[.disposition].flatMap(Disposition.init(rawValue:)) else {
                throw DomainError.invalid("disposition_required", "Cần chọn kết luận.", details: ["field": .string("disposition")])
            }
            let text = form.trimmed(.points)
            var points: Points? = nil
            if !text.isEmpty {
                guard let parsed = Points(parsing: text) else { throw Self.badPoints }
                points = parsed
            }
            let saved = try await services.review.settle(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                .init(points: points, note: form[.note], disposition: disposition),
                by: caller
            )
            return saved.state
        }
    }

    /// `POST …/accept`: the unit's own scores accepted as the appraisal of the ticked items
    /// (`scope=selected`, `criteria` repeated) or of every unreviewed one (`scope=unreviewed`), in
    /// one transaction. Back to the page with how many were accepted, or the page with the refusal.
    @Sendable func acceptSelfScores(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(AcceptanceForm.self, request, context: context)
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let filter = form.filter.flatMap(ReviewFilter.init(rawValue:))
        let scope: ReviewService.AcceptanceScope =
            form.scope == "unreviewed" ? .allUnreviewed : .criteria(form.criteria ?? [])
        let accepted: [Item]
        do {
            accepted = try await services.review.acceptSelfScores(cycle: cycle, unit: unit, scope, by: caller)
        } catch let error as DomainError where [.unprocessable, .conflict, .badRequest].contains(error.kind) {
            let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
            let refused = error.details["criteria"]?.arrayValue?.first?["criterion"]?.stringValue ?? ""
            let failure = Failure(criterion: refused, form: .appraisal, message: error.message, values: [:])
            return try await render(
                view,
                caller: caller,
                filter: filter,
                failure: failure,
                request: request,
                context: context,
                status: error.kind.status
            )
        }
        var query = "?accepted=\(accepted.count)"
        if let filter { query += "&filter=\(filter.rawValue)" }
        return .redirect(to: CycleURL.review(cycle: cycle, unit: unit).path + query, type: .found)
    }

    /// A row save sent by the page's script asks for the row back instead of the page.
    static func wantsRow(_ request: Request) -> Bool { request.headers[.parindexFragment] == "row" }

    /// Reads and checks the form, finds the item, runs the write; then back to the item (PRG), or
    /// the page again with the message beside the item when a rule said no. Asked by the page's
    /// script (`X-ParIndex-Fragment: row`), the answer is the item's row and the bar instead,
    /// with the refusal in the row and the refusal's status.
    func act(
        _ request: Request,
        _ context: AppRequestContext,
        form kind: Failure.Form,
        _ write: (FormFields<RowField>, Caller, AssessmentService.View, AssessmentService.View.Row) async throws -> ItemState
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<RowField>.self, request, context: context)
        let view = try await services.assessments.view(cycle: try context.parameter("cycle"), unit: try context.parameter("unit"), by: caller)
        let criterion = try context.parameter("criterion")
        guard let row = view.rows.first(where: { $0.leaf.code == criterion }) else { throw DomainError.notFound("tiêu chí \"\(criterion)\"") }
        let filter = form[.filter].flatMap(ReviewFilter.init(rawValue:))
        let state: ItemState
        do {
            state = try await write(form, caller, view, row)
        } catch let error as DomainError where [.unprocessable, .conflict, .badRequest].contains(error.kind) {
            let failure = Failure(
                criterion: criterion,
                form: kind,
                message: error.message,
                field: error.details["field"]?.stringValue,
                values: form.values,
                conflict: error.kind == .conflict
            )
            // Re-read: after a conflict the page shows the version saved meanwhile, and the form
            // carries its version so the typed values can be sent again as they are.
            let current = try await services.assessments.view(cycle: view.cycle.code, unit: view.unit.code, by: caller)
            if Self.wantsRow(request) {
                return try await fragment(
                    current,
                    criterion: criterion,
                    caller: caller,
                    filter: filter,
                    failure: failure,
                    request: request,
                    context: context,
                    status: error.kind.status
                )
            }
            return try await render(
                current,
                caller: caller,
                filter: filter,
                failure: failure,
                request: request,
                context: context,
                status: error.kind.status
            )
        }
        if Self.wantsRow(request) {
            let current = try await services.assessments.view(cycle: view.cycle.code, unit: view.unit.code, by: caller)
            return try await fragment(current, criterion: criterion, caller: caller, filter: filter, failure: nil, request: request, context: context)
        }
        // Back to the item; if the filter now hides it, to the next item the filter still shows.
        var target: String? = criterion
        if let filter {
            var updated = row
            updated.item.state = state
            if !filter.matches(updated) {
                let index = view.rows.firstIndex { $0.leaf.code == criterion }!
                target = view.rows[(index + 1)...].first { filter.matches($0) }?.leaf.code
            }
        }
        let query = filter.map { "?filter=\($0.rawValue)" } ?? ""
        let page = CycleURL.review(cycle: view.cycle.code, unit: view.unit.code).path + query
        return .redirect(to: page + (target.map { "#item-\($0)" } ?? ""), type: .found)
    }

    static let badPoints = DomainError.invalid(
        "points_format",
        "Điểm không hợp lệ: nhập số có tối đa hai chữ số thập phân, ví dụ 0,25 hoặc 0.25.",
        details: ["field": .string("points")]
    )

    /// The entry the form carries, by the leaf's rule kind (the same inputs as the unit's).
    static func entry(for rule: Rule, _ form: FormFields<RowField>) throws -> Entry {
        let value = form.trimmed
        switch rule {
        case .scale, .bonus, .deduction:
            guard let points = Points(parsing: value(.points)) else { throw badPoints }
            return .points(points)
        case .choice:
            guard let choice = Int(value(.choice)) else {
                throw DomainError.invalid("choice_required", "Cần chọn một phương án.", details: ["field": .string("choice")])
            }
            return .choice(choice)
        case .ratioTiers, .ratioLinear:
            guard let numerator = Int(value(.numerator)), let denominator = Int(value(.denominator)) else {
                throw DomainError.invalid(
                    "ratio_format",
                    "Tử số và mẫu số phải là số nguyên không âm.",
                    details: ["field": .string("numerator")]
                )
            }
            return .ratio(numerator: numerator, denominator: denominator)
        case .survey:
            throw Rule.surveyEntryRefused
        }
    }

    // MARK: - Presentation helpers

}

/// Which items the unit page shows: `?filter=unreviewed|adjusted|questions`.
enum ReviewFilter: String, CaseIterable {
    case unreviewed, adjusted, questions

    func matches(_ row: AssessmentService.View.Row) -> Bool {
        switch self {
        case .unreviewed: row.leaf.spec.source == .selfAssessed && row.item.applicable && row.item.state == .unreviewed
        case .adjusted: row.item.state == .adjusted
        case .questions: row.item.state == .questionOpen || row.item.state == .answered
        }
    }
}

/// One unit's review progress over the leaves the council appraises (applicable, self-scored).
struct ReviewProgress {
    var total = 0
    var appraised = 0
    var questionOpen = 0
    var answered = 0
    var settled = 0
    var unreviewed = 0

    /// Whether the council appraises this row: an applicable, self-scored leaf.
    static func counts(_ row: AssessmentService.View.Row) -> Bool { row.leaf.spec.source == .selfAssessed && row.item.applicable }

    init(_ rows: [AssessmentService.View.Row]) {
        for row in rows where Self.counts(row) {
            total += 1
            switch row.item.state {
            case .unreviewed: unreviewed += 1
            case .agreed, .adjusted: appraised += 1
            case .questionOpen: questionOpen += 1
            case .answered: answered += 1
            case .settled: settled += 1
            }
        }
    }
}
