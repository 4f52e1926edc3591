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
    static let itemPath = "/review/:cycle/units/:unit/items/:criterion"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/review/:cycle", Self.readers, worklist)
        routes.on(.get, "/review/:cycle/units/:unit", Self.readers, unitPage)
        routes.on(.post, Self.itemPath + "/appraisal", Self.writers, appraise)
        routes.on(.post, Self.itemPath + "/questions", Self.writers, ask)
        routes.on(.post, Self.itemPath + "/settle", Self.writers, settle)
    }

    // MARK: - Worklist

    @Sendable func worklist(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let words = PageWords(request)
        let detail = try await services.cycles.detail(try context.parameter("cycle"), by: caller)
        let cycle = detail.cycle
        var units: [[String: Any]] = []
        for row in detail.units.sorted(by: { VietnameseText.precedes($0.unit.name, $1.unit.name) }) {
            let view = try await services.assessments.view(cycle: cycle.code, unit: row.unit.code, by: caller)
            let progress = ReviewProgress(view.rows)
            var status = words[row.status == .submitted ? "review.status.submitted" : "review.status.draft"]
            if row.late { status += " (\(words["review.status.late"]))" }
            units.append([
                "code": row.unit.code, "name": row.unit.name, "href": "/review/\(cycle.code)/units/\(row.unit.code)", "status": status,
                "total": progress.total, "appraised": progress.appraised, "questionOpen": progress.questionOpen,
                "answered": progress.answered, "settled": progress.settled, "unreviewed": progress.unreviewed,
            ])
        }
        var model = Self.cycleHeader(cycle, words)
        model["units"] = units
        model["hasUnits"] = !units.isEmpty
        model["styles"] = ["review"]
        return renderer.page(
            "review-worklist",
            title: "\(words["review.worklist.title"]) — \(cycle.name)",
            model: model,
            context: context,
            request: request
        )
    }

    // MARK: - One unit

    @Sendable func unitPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let view = try await services.assessments.view(cycle: try context.parameter("cycle"), unit: try context.parameter("unit"), by: caller)
        let filter = request.uri.queryParameters.get("filter").flatMap(ReviewFilter.init(rawValue:))
        return render(view, caller: caller, filter: filter, failure: nil, request: request, context: context)
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

    func render(
        _ view: AssessmentService.View,
        caller: Caller,
        filter: ReviewFilter?,
        failure: Failure?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let words = PageWords(request)
        let cycle = view.cycle
        let submitted = view.assessment?.status == .submitted
        let reviewer = caller.role == .reviewer
        let writable = reviewer && submitted && [.appraisal, .finalReview].contains(cycle.phase)
        let base = "/review/\(cycle.code)/units/\(view.unit.code)"

        var model = Self.cycleHeader(cycle, words)
        model["unitName"] = view.unit.name
        model["unitCode"] = view.unit.code
        model["submittedAt"] = view.assessment?.submittedAt.map { Timestamp.vietnamese($0) } ?? ""
        model["hasSubmittedAt"] = view.assessment?.submittedAt != nil
        model["notSubmitted"] = !submitted
        model["readOnly"] = !reviewer
        model["phaseReadOnly"] = reviewer && submitted && !writable
        model["filterValue"] = filter?.rawValue ?? ""
        model["hasFilter"] = filter != nil
        model["styles"] = ["review"]
        model["scripts"] = ["drafts", "review"]
        model["totals"] = totals(view, words)
        model["gridXLSXHref"] = CycleURL.unitGridXLSX(cycle: cycle.code, unit: view.unit.code).path
        // The council record is for the council and admins; observers follow without it.
        if caller.role != .observer { model["recordHref"] = CycleURL.councilRecord(cycle: cycle.code, unit: view.unit.code).path }

        // Filter links with counts.
        var filters: [[String: Any]] = [["label": words["review.filter.all"], "href": base, "current": filter == nil, "count": view.rows.count]]
        for option in ReviewFilter.allCases {
            filters.append([
                "label": words["review.filter.\(option.rawValue)"], "href": "\(base)?filter=\(option.rawValue)", "current": filter == option,
                "count": view.rows.filter { option.matches($0) }.count,
            ])
        }
        model["filters"] = filters

        // Items, grouped by field, in framework order.
        var fields: [[String: Any]] = []
        var shown = 0
        for field in view.framework.nodes {
            let rows = view.rows.filter { $0.leaf.fieldCode == field.code && (filter?.matches($0) ?? true) }
            guard !rows.isEmpty else { continue }
            shown += rows.count
            let items = rows.map { row in
                item(row, cycle: cycle, base: base, writable: writable, failure: failure, words: words)
            }
            fields.append(["code": field.code, "title": field.title, "items": items])
        }
        model["fields"] = fields
        model["noItems"] = shown == 0
        if let failure { model["failure"] = ["code": failure.criterion, "message": failure.message] }
        return renderer.page(
            "review-unit",
            title: "\(words["review.unit.title"]): \(view.unit.name)",
            model: model,
            context: context,
            request: request,
            status: status
        )
    }

    /// Self, appraised and (once there are any) final totals, each with how many applicable leaves
    /// already carry that value, so a partly appraised unit's index reads as partial.
    func totals(_ view: AssessmentService.View, _ words: PageWords) -> [[String: Any]] {
        let applicable = view.rows.filter(\.item.applicable)
        func row(_ key: String, _ score: Score, _ has: (AssessmentService.View.Row) -> Bool) -> [String: Any] {
            [
                "label": words[key], "points": words.points(score.points), "max": words.points(score.max),
                "index": score.index.map { words.points($0.rounded) } ?? "—",
                "counted": "\(applicable.filter(has).count)/\(applicable.count)",
            ]
        }
        var rows = [row("review.totals.self", view.totals.selfScore) { $0.item.selfValue?.points != nil }]
        if view.rows.contains(where: { $0.item.appraised != nil }) {
            rows.append(row("review.totals.appraised", view.totals.appraised) { $0.item.appraised != nil })
        }
        if view.rows.contains(where: { $0.item.final != nil }) {
            rows.append(row("review.totals.final", view.totals.final) { $0.item.finalPoints(source: $0.leaf.spec.source) != nil })
        }
        return rows
    }

    func item(
        _ row: AssessmentService.View.Row,
        cycle: Cycle,
        base: String,
        writable: Bool,
        failure: Failure?,
        words: PageWords
    ) -> [String: Any] {
        let leaf = row.leaf
        let item = row.item
        let code = leaf.code
        let survey = leaf.spec.source == .survey
        let failed = failure?.criterion == code ? failure : nil
        let action = "\(base)/items/\(code)"
        var model: [String: Any] = [
            "code": code, "title": leaf.title, "max": words.points(leaf.spec.max),
            "stateName": words["review.state.\(item.state.rawValue)"], "stateClass": item.state.rawValue.replacingOccurrences(of: "_", with: "-"),
            "hasGuidance": leaf.guidance != nil, "guidance": leaf.guidance ?? "", "survey": survey,
            "evidenceRequired": leaf.spec.evidence == .required, "failed": failed != nil, "draftVersion": item.version,
        ]
        if let failed, failed.conflict, failed.form != .question {
            let saved: (entry: String, note: String?, stamp: Stamp)?
            if failed.form == .settle {
                saved = item.final.map { (words.points($0.points), $0.note, $0.stamp) }
            } else {
                saved = item.appraised.map { appraised in
                    let entry: String
                    if case .points(let p) = appraised.entry {
                        entry = words.points(p)
                    } else {
                        entry = words.describe(appraised.entry, rule: leaf.spec.rule)
                    }
                    return (entry, appraised.note, appraised.stamp)
                }
            }
            model["conflict"] = ReviewConflictView(
                saved: saved,
                stateName: words["review.state.\(item.state.rawValue)"],
                typed: failed.values,
                typedEntry: failed.form == .settle
                    ? (failed.values["points"].flatMap { $0.isEmpty ? nil : $0 } ?? "—")
                    : ReviewConflictView.typedEntry(failed.values, rule: leaf.spec.rule, words: words),
                words: words
            )
        }

        // Left: what the unit claimed.
        let selfValue = item.selfValue
        model["notApplicable"] = !item.applicable
        model["naReason"] = item.notApplicableReason ?? ""
        model["hasSelfPoints"] = selfValue?.points != nil
        model["selfPoints"] = selfValue?.points.map(words.points) ?? ""
        model["selfInputs"] = selfValue?.entry.map { words.describe($0, rule: leaf.spec.rule) } ?? ""
        model["hasSelfInputs"] = selfValue?.entry.map { if case .points = $0 { false } else { true } } ?? false
        model["selfNote"] = selfValue?.note ?? ""
        model["hasSelfNote"] = selfValue?.note != nil
        model["noSelf"] = !survey && item.applicable && selfValue?.points == nil
        model["evidence"] = row.evidence.map { Self.evidence($0, words) }
        model["hasEvidence"] = !row.evidence.isEmpty
        model["thread"] = row.thread.map { message in
            [
                "isQuestion": message.kind == .question,
                "kindName": words[message.kind == .question ? "review.item.question" : "review.item.answer"], "body": message.body,
                "by": message.stamp.by, "at": Timestamp.vietnamese(message.stamp.at), "atISO": Timestamp.format(message.stamp.at),
            ] as [String: Any]
        }
        model["hasThread"] = !row.thread.isEmpty

        // Right: the council's values so far.
        if let appraised = item.appraised {
            model["appraised"] =
                [
                    "points": words.points(appraised.points), "inputs": words.describe(appraised.entry, rule: leaf.spec.rule),
                    "hasInputs": { if case .points = appraised.entry { false } else { true } }(), "note": appraised.note ?? "",
                    "hasNote": appraised.note != nil, "by": appraised.stamp.by, "at": Timestamp.vietnamese(appraised.stamp.at),
                ] as [String: Any]
        }
        model["notAppraised"] = !survey && item.appraised == nil
        if let final = item.final {
            model["final"] =
                [
                    "points": words.points(final.points), "note": final.note ?? "", "hasNote": final.note != nil,
                    "disposition": final.disposition.map { words["review.disposition.\($0.rawValue)"] } ?? "",
                    "hasDisposition": final.disposition != nil, "by": final.stamp.by, "at": Timestamp.vietnamese(final.stamp.at),
                ] as [String: Any]
        }
        model["surveyMissing"] = survey && item.final == nil

        // Forms, only where the service would accept them now.
        let reviewable = writable && !survey
        if reviewable && item.applicable && [.unreviewed, .agreed, .adjusted].contains(item.state) {
            model["appraisalForm"] = appraisalForm(row, action: action + "/appraisal", failure: failed?.form == .appraisal ? failed : nil, words)
        }
        if reviewable && cycle.phase == .appraisal && item.state != .settled {
            var form: [String: Any] = [
                "action": action + "/questions", "messageId": "q-\(code)", "messageValue": "", "questionFocus": false,
            ]
            if let failed, failed.form == .question {
                form["messageValue"] = failed.values["message"] ?? ""
                form["questionError"] = ["message": failed.message, "errorId": "q-\(code)-error"]
                form["questionFocus"] = true
            }
            model["questionForm"] = form
        }
        if reviewable && cycle.phase == .finalReview && [.questionOpen, .answered].contains(item.state) {
            model["settleForm"] = settleForm(row, action: action + "/settle", failure: failed?.form == .settle ? failed : nil, words)
        }
        return model
    }

    func appraisalForm(_ row: AssessmentService.View.Row, action: String, failure: Failure?, _ words: PageWords) -> [String: Any] {
        let leaf = row.leaf
        let code = leaf.code
        let item = row.item
        // Start from the saved appraisal, else from what the unit entered: agreeing is one click.
        let entry = item.appraised?.entry ?? item.selfValue?.entry
        let typed = failure?.values
        var form: [String: Any] = [
            "action": action, "version": item.version, "noteId": "ap-\(code)-note",
            "noteValue": typed?["note"] ?? item.appraised?.note ?? "",
            "noteHint": words["review.form.noteHint"].replacingOccurrences(of: "{self}", with: item.selfValue?.points.map(words.points) ?? "—"),
            "isPoints": false, "isChoice": false, "isRatio": false,
            "focusMain": failure != nil && failure?.field != "note", "focusNote": failure?.field == "note",
        ]
        if let failure { form["appraisalError"] = ["message": failure.message, "errorId": "ap-\(code)-error"] }
        switch leaf.spec.rule {
        case .scale(let step), .bonus(let step), .deduction(let step):
            var value = ""
            if case .points(let p)? = entry { value = words.input(p) }
            form["isPoints"] = true
            form["pointsId"] = "ap-\(code)-points"
            form["pointsValue"] = typed?["points"] ?? value
            form["pointsHint"] = words["review.form.pointsHint"].replacingOccurrences(of: "{max}", with: words.points(leaf.spec.max))
                .replacingOccurrences(of: "{step}", with: words.points(step))
        case .choice(let options):
            var chosen: Int? = nil
            if case .choice(let c)? = entry { chosen = c }
            if let typed { chosen = typed["choice"].flatMap { Int($0) } }
            form["isChoice"] = true
            form["options"] = options.enumerated().map { index, option in
                [
                    "id": "ap-\(code)-choice-\(index)", "index": index, "label": option.label, "points": words.points(option.points),
                    "checked": chosen == index,
                ] as [String: Any]
            }
        case .ratioTiers(let numerator, let denominator, _), .ratioLinear(let numerator, let denominator):
            var n = ""
            var d = ""
            if case .ratio(let a, let b)? = entry {
                n = String(a)
                d = String(b)
            }
            form["isRatio"] = true
            form["numeratorId"] = "ap-\(code)-numerator"
            form["denominatorId"] = "ap-\(code)-denominator"
            form["numeratorLabel"] = numerator
            form["denominatorLabel"] = denominator
            form["numeratorValue"] = typed?["numerator"] ?? n
            form["denominatorValue"] = typed?["denominator"] ?? d
            form["ratioHint"] = words["review.form.ratioHint"]
        case .survey:
            break
        }
        return form
    }

    func settleForm(_ row: AssessmentService.View.Row, action: String, failure: Failure?, _ words: PageWords) -> [String: Any] {
        let code = row.leaf.code
        let chosen = failure?.values["disposition"]
        var form: [String: Any] = [
            "action": action, "pointsId": "st-\(code)-points", "noteId": "st-\(code)-note",
            "pointsValue": failure?.values["points"] ?? "", "noteValue": failure?.values["note"] ?? "",
            "dispositions": Disposition.allCases.map { disposition in
                [
                    "id": "st-\(code)-\(disposition.rawValue)", "value": disposition.rawValue,
                    "label": words["review.disposition.\(disposition.rawValue)"], "checked": chosen == disposition.rawValue,
                ] as [String: Any]
            },
            "focusMain": failure != nil && failure?.field != "note", "focusNote": failure?.field == "note",
        ]
        if let failure { form["settleError"] = ["message": failure.message, "errorId": "st-\(code)-error"] }
        return form
    }

    // MARK: - Writes

    @Sendable func appraise(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .appraisal) { form, caller, view, row in
            let entry = try Self.entry(for: row.leaf.spec.rule, form)
            let saved = try await services.review.appraise(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                .init(entry: entry, note: form["note"], expectedVersion: form["version"].flatMap { Int($0) }),
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
                message: form["message"] ?? "",
                by: caller
            )
            return .questionOpen
        }
    }

    @Sendable func settle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .settle) { form, caller, view, row in
            guard let disposition = form["disposition"].flatMap(Disposition.init(rawValue:)) else {
                throw DomainError.invalid("disposition_required", "Cần chọn kết luận.", details: ["field": .string("disposition")])
            }
            let text = (form["points"] ?? "").trimmingCharacters(in: .whitespaces)
            var points: Points? = nil
            if !text.isEmpty {
                guard let parsed = Points(parsing: text) else { throw Self.badPoints }
                points = parsed
            }
            let saved = try await services.review.settle(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                .init(points: points, note: form["note"], disposition: disposition),
                by: caller
            )
            return saved.state
        }
    }

    /// Reads and checks the form, finds the item, runs the write; then back to the item (PRG), or
    /// the page again with the message beside the item when a rule said no.
    func act(
        _ request: Request,
        _ context: AppRequestContext,
        form kind: Failure.Form,
        _ write: (Form, Caller, AssessmentService.View, AssessmentService.View.Row) async throws -> ItemState
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.read(request)
        try form.requireCSRF(context)
        let view = try await services.assessments.view(cycle: try context.parameter("cycle"), unit: try context.parameter("unit"), by: caller)
        let criterion = try context.parameter("criterion")
        guard let row = view.rows.first(where: { $0.leaf.code == criterion }) else { throw DomainError.notFound("tiêu chí \"\(criterion)\"") }
        let filter = form["filter"].flatMap(ReviewFilter.init(rawValue:))
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
            return render(current, caller: caller, filter: filter, failure: failure, request: request, context: context, status: error.kind.status)
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
        return .redirect(to: "/review/\(view.cycle.code)/units/\(view.unit.code)\(query)" + (target.map { "#item-\($0)" } ?? ""), type: .found)
    }

    static let badPoints = DomainError.invalid(
        "points_format",
        "Điểm không hợp lệ: nhập số có tối đa hai chữ số thập phân, ví dụ 0,25 hoặc 0.25.",
        details: ["field": .string("points")]
    )

    /// The entry the form carries, by the leaf's rule kind (the same inputs as the unit's).
    static func entry(for rule: Rule, _ form: Form) throws -> Entry {
        let value = { (key: String) in (form[key] ?? "").trimmingCharacters(in: .whitespaces) }
        switch rule {
        case .scale, .bonus, .deduction:
            guard let points = Points(parsing: value("points")) else { throw badPoints }
            return .points(points)
        case .choice:
            guard let choice = Int(value("choice")) else {
                throw DomainError.invalid("choice_required", "Cần chọn một phương án.", details: ["field": .string("choice")])
            }
            return .choice(choice)
        case .ratioTiers, .ratioLinear:
            guard let numerator = Int(value("numerator")), let denominator = Int(value("denominator")) else {
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

    static func cycleHeader(_ cycle: Cycle, _ words: PageWords) -> [String: Any] {
        let deadline = cycle.deadlines.deadline(for: cycle.phase)
        return [
            "cycleCode": cycle.code, "cycleName": cycle.name, "phaseName": words["review.phase.\(cycle.phase.rawValue)"],
            "hasDeadline": deadline != nil, "deadline": deadline.map { Timestamp.vietnamese($0) } ?? "",
            "deadlineISO": deadline.map(Timestamp.format) ?? "",
        ]
    }

    static func evidence(_ e: Evidence, _ words: PageWords) -> [String: Any] {
        let safeURL = e.url.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil }
        return [
            "isFile": e.kind == .file, "id": e.id, "href": "/api/v1/evidence/\(e.id)", "filename": e.filename ?? e.id,
            "size": e.size.map(words.bytes) ?? "", "sha256": e.sha256 ?? "", "shortHash": String((e.sha256 ?? "").prefix(12)),
            "title": e.title ?? "", "hasNumber": e.documentNumber != nil, "documentNumber": e.documentNumber ?? "",
            "hasIssuedOn": e.issuedOn != nil, "issuedOn": e.issuedOn.map(Self.day) ?? "",
            "hasURL": safeURL != nil, "url": safeURL ?? "", "plainURL": safeURL == nil ? (e.url ?? "") : "",
            "supplementary": e.supplementary,
        ]
    }

    /// `2026-01-15` → `15/01/2026`.
    static func day(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }
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

    init(_ rows: [AssessmentService.View.Row]) {
        for row in rows where row.leaf.spec.source == .selfAssessed && row.item.applicable {
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
