import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// A unit's pages: the self-assessment grid (one form per criterion, laid out like the officials'
/// paper grid), evidence, answers to the council's questions, submission and the receipt. Reviewers,
/// admins and observers read the same grid without the forms. Every write goes through a service.
struct UnitPagesController {
    let services: Services
    let renderer: PageRenderer
    /// Page uploads stream through exactly the same code as the JSON API's uploads.
    let uploads: EvidenceController
    let maxFileBytes: Int64
    let pages: RenderedPages
    /// The issuer printed at the top of the receipt.
    let issuer: DocumentIssuer

    init(services: Services, renderer: PageRenderer, storage: any EvidenceStorage, configuration: WebConfiguration, pages: RenderedPages) {
        self.services = services
        self.renderer = renderer
        self.pages = pages
        self.maxFileBytes = Int64(configuration.maxUploadBytes)
        self.issuer = configuration.documents
        self.uploads = EvidenceController(services: services, storage: storage, maxFileBytes: maxFileBytes)
    }

    static let readers: Access = .roles([.unit, .admin, .observer, .reviewer])
    static let writers: Access = .roles([.unit])
    static let base = "/cycles/:cycle/units/:unit"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, Self.base, Self.readers, handlerChecksVisibility: true, formPage)
        routes.on(.post, Self.base + "/items/:criterion", Self.writers, saveEntry)
        routes.on(.post, Self.base + "/items/:criterion/evidence", Self.writers, uploadEvidence)
        routes.on(.post, Self.base + "/items/:criterion/references", Self.writers, addReference)
        routes.on(.post, Self.base + "/items/:criterion/answers", Self.writers, answer)
        routes.on(.post, Self.base + "/evidence/:id/delete", Self.writers, deleteEvidence)
        routes.on(.get, Self.base + "/evidence/:id", Self.readers, viewEvidence)
        routes.on(.get, Self.base + "/submit", Self.readers, submitPage)
        routes.on(.post, Self.base + "/submit", .roles([.unit, .admin]), submit)
        routes.on(.get, Self.base + "/receipt", Self.readers, receiptPage)
        routes.on(.post, Self.base + "/withdraw", Self.writers, withdraw)
    }

    // MARK: - What the caller may do now

    /// The writes the page offers, decided as the services will decide them (they still check).
    struct Permissions {
        var isUnit: Bool
        var submitted: Bool
        var selfOpen: Bool
        /// The unit may take its submission back: it could still write (deadline or extension ahead).
        var canWithdraw: Bool
        var explainOpen: Bool
        var overdue: Bool

        init(_ view: AssessmentService.View, caller: Caller, now: Date) {
            let cycle = view.cycle
            isUnit = AccessPolicy.canSelfAssess(unit: view.unit.code, by: caller)
            submitted = view.assessment?.status == .submitted
            var inTime = true
            if let deadline = cycle.deadlines.deadline(for: cycle.phase), now > deadline {
                inTime = view.assessment?.extensionUntil.map { now <= $0 } ?? false
            }
            overdue = !inTime
            let writing = WritingWindow.selfOpen(cycle, now: now, extensionUntil: view.assessment?.extensionUntil)
            selfOpen = isUnit && !submitted && writing
            canWithdraw = isUnit && submitted && writing
            explainOpen = isUnit && cycle.phase == .explanation && inTime
        }

        /// The first moment after `now` at which these permissions could change — the phase's deadline
        /// or the unit's extension passing — or nil when none is ahead. A page is kept until then.
        static func validUntil(_ view: AssessmentService.View, after now: Date) -> Date? {
            [view.cycle.deadlines.deadline(for: view.cycle.phase), view.assessment?.extensionUntil].compactMap { $0 }.filter { $0 >= now }.min()
        }
    }

    /// What went wrong with one form, shown next to its criterion with what was typed.
    struct Failure {
        enum Form: String { case entry, evidence, reference, answer }
        var criterion: String
        var form: Form
        var message: String
        var values: [String: String]
    }

    /// The totals table above the grid. Scored and evidence are counted apart, so "41/41" scored
    /// cannot hide rows whose required evidence is still missing.
    struct Totals {
        var points: String
        var max: String
        var index: String
        /// "scored/applicable": applicable self-scored leaves with points entered.
        var scored: String
        /// Applicable self-scored leaves that require evidence and have none.
        var missingEvidence: Int
        var hasMissingEvidence: Bool

        init(_ view: AssessmentService.View, _ words: PageWords) {
            let selfScore = view.totals.selfScore
            let counted = view.rows.filter { $0.leaf.spec.source == .selfAssessed && $0.item.applicable }
            points = words.points(selfScore.points)
            max = words.points(selfScore.max)
            index = selfScore.index.map { words.points($0.rounded) } ?? "—"
            scored = "\(counted.filter { $0.item.selfValue?.points != nil }.count)/\(counted.count)"
            missingEvidence = counted.filter { EvidenceNeed.lacking($0) }.count
            hasMissingEvidence = missingEvidence > 0
        }
    }

    /// A row's evidence requirement as it stands: red while required evidence is missing, plain once
    /// the row has some, hidden while the row is marked not applicable (nothing is required then).
    /// Both texts ride once on the page (`ScriptWords`), not on every row, so the page's script can
    /// switch them after an upload, a removal or a change of N/A without a reload.
    struct EvidenceNeed {
        var missing: Bool
        var notApplicable: Bool
        var text: String

        init?(_ row: AssessmentService.View.Row, _ words: PageWords) {
            guard row.leaf.spec.evidence == .required else { return nil }
            missing = row.evidence.isEmpty
            notApplicable = !row.item.applicable
            text = words[missing ? "unit.evidence.requiredMissing" : "unit.evidence.requiredPresent"]
        }

        /// Applicable, requires evidence, and has none: what blocks submission.
        static func lacking(_ row: AssessmentService.View.Row) -> Bool {
            row.item.applicable && row.leaf.spec.evidence == .required && row.evidence.isEmpty
        }
    }

    // MARK: - The self-assessment grid

    /// Served from the page kept at the assessment's standing (decision 0010), with the caller's
    /// form token and name filled in; rendered and kept otherwise. Reading the standing is also the
    /// unit check, as for the JSON (`standing` answers 404 for a unit the caller may not see).
    @Sendable func formPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let language = PageRenderer.language(request).rawValue
        let key = AssessmentKey(
            cycle: cycle,
            unit: unit,
            variant: "\(caller.role.rawValue) \(language) \(context.csrfToken == nil ? "token" : "session")"
        )
        let now = services.clock.now()
        let values = renderer.values(context)
        let standing = try await services.assessments.standing(cycle: cycle, unit: unit, by: caller)
        // Usable while no deadline has passed since it was rendered, for a caller whose values fit.
        let usable: (KeptPage) -> Bool = { ($0.validUntil.map { now <= $0 } ?? true) && $0.page.fits(values) }
        let kept = try await pages.kept(key, at: standing, where: usable) { [self] in
            let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
            // The same `now` decides the forms and how long the page keeps: one clock read, not two.
            let (title, model) = page(view, caller: caller, failure: nil, request: request, csrf: PageRenderer.csrfMarker, now: now)
            let page = renderer.slotted(model, title: title, context: context, request: request)
            return (view.standing, KeptPage(page: page, validUntil: Permissions.validUntil(view, after: now)))
        }
        return renderer.response(kept.page, context: context, request: request)
    }

    // MARK: - Writes from the grid

    /// `POST …/items/:criterion`: one row's entry, N/A and note.
    @Sendable func saveEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .entry) { form, caller, view, row in
            let na = form[.na] != nil
            let entry = na ? nil : try Self.entry(for: row.leaf.spec.rule, form)
            if !na && entry == nil && !row.item.applicable {
                // Leaving N/A needs an entry; a note alone would keep the leaf out of the index.
                throw DomainError.invalid(
                    "entry_shape",
                    "Cần nhập điểm cho tiêu chí \(row.leaf.code) khi bỏ đánh dấu không áp dụng.",
                    details: ["field": .string("points")]
                )
            }
            let version = Int(form.trimmed(.version))
            _ = try await services.assessments.setSelfEntry(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                .init(entry: entry, notApplicableReason: na ? (form[.naReason] ?? "") : nil, note: form[.note], expectedVersion: version),
                by: caller
            )
        }
    }

    /// `POST …/items/:criterion/references`: a document reference (title, number, date, URL).
    @Sendable func addReference(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .reference) { form, caller, view, row in
            let blank = { (key: RowField) -> String? in
                let value = form.trimmed(key)
                return value.isEmpty ? nil : value
            }
            _ = try await services.evidence.addReference(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                .init(
                    title: form[.title] ?? "",
                    documentNumber: blank(.documentNumber),
                    issuedOn: blank(.issuedOn).map(Self.isoDay),
                    url: blank(.url)
                ),
                by: caller
            )
        }
    }

    /// `POST …/items/:criterion/answers`: the unit's answer to the council's question.
    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context, form: .answer) { form, caller, view, row in
            _ = try await services.review.answer(
                cycle: view.cycle.code,
                unit: view.unit.code,
                criterion: row.leaf.code,
                message: form[.message] ?? "",
                by: caller
            )
        }
    }

    /// `POST …/evidence/:id/delete`: removes evidence before submission (the ledger keeps it).
    @Sendable func deleteEvidence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        _ = try await Form.decode(TokenForm.self, request, context: context)
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let found = try await services.evidence.find(try context.parameter("id"), by: caller)
        guard found.cycle == cycle, found.unit == unit else { throw DomainError.notFound("tài liệu") }
        do {
            try await services.evidence.delete(found.evidence.id, by: caller)
        } catch let error as DomainError where Self.shownInPage(error) {
            let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
            let failure = Failure(criterion: found.criterion, form: .evidence, message: error.message, values: [:])
            return render(view, caller: caller, failure: failure, request: request, context: context, status: error.kind.status)
        }
        return .redirect(to: "/cycles/\(cycle)/units/\(unit)#item-\(found.criterion)", type: .found)
    }

    /// `GET …/evidence/:id`: a file of this unit's evidence opened in the browser — PDFs and
    /// images inline and sandboxed, other types as the API's attachment. Who may see the item may
    /// see the file; evidence of another unit or cycle is 404 here, whoever may see it elsewhere.
    @Sendable func viewEvidence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await services.evidence.find(try context.parameter("id"), by: try context.requireCaller())
        guard found.cycle == (try context.parameter("cycle")), found.unit == (try context.parameter("unit")) else {
            throw DomainError.notFound("tài liệu")
        }
        return try await uploads.file(found.evidence, inline: true, context: context)
    }

    /// `POST …/items/:criterion/evidence?_csrf=…`: files from a plain browser form. The token rides in
    /// the query because the body streams to disk and its field order is not guaranteed; the bytes go
    /// through the API's own upload code (type and magic checks, archive checks, fsync, then the row).
    @Sendable func uploadEvidence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else {
            throw DomainError(.unsupportedMediaType, "unsupported_media_type", "Biểu mẫu tải tệp không hợp lệ.")
        }
        try Form.requireCSRF(request.uri.queryParameters.get("_csrf").map { String($0) }, context)
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let criterion = try context.parameter("criterion")
        do {
            _ = try await uploads.upload(request, context: context)
        } catch let error as DomainError where Self.shownInPage(error) {
            let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
            guard view.rows.contains(where: { $0.leaf.code == criterion }) else { throw error }
            let failure = Failure(criterion: criterion, form: .evidence, message: error.message, values: [:])
            return render(view, caller: caller, failure: failure, request: request, context: context, status: error.kind.status)
        }
        return .redirect(to: "/cycles/\(cycle)/units/\(unit)#item-\(criterion)", type: .found)
    }

    /// Reads and checks the form, finds the criterion, runs the write; then back to the row (PRG),
    /// or the grid again with the message beside the row when a rule said no.
    func act(
        _ request: Request,
        _ context: AppRequestContext,
        form kind: Failure.Form,
        _ write: (FormFields<RowField>, Caller, AssessmentService.View, AssessmentService.View.Row) async throws -> Void
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<RowField>.self, request, context: context)
        let view = try await services.assessments.view(cycle: try context.parameter("cycle"), unit: try context.parameter("unit"), by: caller)
        let criterion = try context.parameter("criterion")
        guard let row = view.rows.first(where: { $0.leaf.code == criterion }) else { throw DomainError.notFound("tiêu chí \"\(criterion)\"") }
        do {
            try await write(form, caller, view, row)
        } catch let error as DomainError where Self.shownInPage(error) {
            // Re-read: a stale version must show what is saved now, with what was typed on top.
            let current = try await services.assessments.view(cycle: view.cycle.code, unit: view.unit.code, by: caller)
            let failure = Failure(criterion: criterion, form: kind, message: error.message, values: form.values)
            return render(current, caller: caller, failure: failure, request: request, context: context, status: error.kind.status)
        }
        return .redirect(to: "/cycles/\(view.cycle.code)/units/\(view.unit.code)#item-\(criterion)", type: .found)
    }

    /// Refusals a person can act on are shown beside the form; access errors keep their own page.
    static func shownInPage(_ error: DomainError) -> Bool {
        [.unprocessable, .conflict, .badRequest, .tooLarge, .unsupportedMediaType].contains(error.kind)
    }

    static let badPoints = DomainError.invalid(
        "points_format",
        "Điểm không hợp lệ: nhập số có tối đa hai chữ số thập phân, ví dụ 0,25 hoặc 0.25.",
        details: ["field": .string("points")]
    )

    /// The entry a row's form carries, by the leaf's rule kind; nil when nothing was entered (a note
    /// alone may still be saved).
    static func entry(for rule: Rule, _ form: FormFields<RowField>) throws -> Entry? {
        let value = form.trimmed
        switch rule {
        case .scale, .bonus, .deduction:
            let text = value(.points)
            if text.isEmpty { return nil }
            guard let points = Points(parsing: text) else { throw badPoints }
            return .points(points)
        case .choice:
            let text = value(.choice)
            if text.isEmpty { return nil }
            guard let choice = Int(text) else {
                throw DomainError.invalid("choice_format", "Lựa chọn không hợp lệ.", details: ["field": .string("choice")])
            }
            return .choice(choice)
        case .ratioTiers, .ratioLinear:
            let (n, d) = (value(.numerator), value(.denominator))
            if n.isEmpty && d.isEmpty { return nil }
            guard let numerator = Int(n), let denominator = Int(d) else {
                throw DomainError.invalid(
                    "ratio_format",
                    "Cần nhập cả tử số và mẫu số, là số nguyên không âm.",
                    details: ["field": .string("numerator")]
                )
            }
            return .ratio(numerator: numerator, denominator: denominator)
        case .survey:
            throw Rule.surveyEntryRefused
        }
    }

    /// `dd/mm/yyyy` (typed where the browser has no date picker) → `yyyy-mm-dd`; other text as is.
    static func isoDay(_ text: String) -> String {
        guard let m = text.wholeMatch(of: /(\d{1,2})\/(\d{1,2})\/(\d{4})/) else { return text }
        let pad = { (s: Substring) in s.count == 1 ? "0\(s)" : String(s) }
        return "\(m.3)-\(pad(m.2))-\(pad(m.1))"
    }

    // MARK: - Submission

    @Sendable func submitPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let view = try await services.assessments.view(cycle: try context.parameter("cycle"), unit: try context.parameter("unit"), by: caller)
        return renderSubmit(view, caller: caller, error: nil, request: request, context: context)
    }

    func renderSubmit(
        _ view: AssessmentService.View,
        caller: Caller,
        error: String?,
        reason: String = "",
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let words = PageWords(request)
        let now = services.clock.now()
        let can = Permissions(view, caller: caller, now: now)
        let base = "/cycles/\(view.cycle.code)/units/\(view.unit.code)"
        let selfRows = view.rows.filter { $0.leaf.spec.source == .selfAssessed && $0.item.applicable }
        let missingEntries = selfRows.filter { $0.item.selfValue?.points == nil }
        let missingEvidence = selfRows.filter(EvidenceNeed.lacking)
        let link = { (row: AssessmentService.View.Row) -> [String: Any] in
            ["code": row.leaf.code, "title": row.leaf.title, "href": "\(base)#item-\(row.leaf.code)"]
        }
        let ready = missingEntries.isEmpty && missingEvidence.isEmpty

        var model = header(view, words)
        model["styles"] = ["unit"]
        model["action"] = "\(base)/submit"
        model["summary"] = words["unit.submit.summary"]
            .replacingOccurrences(of: "{scored}", with: String(selfRows.count - missingEntries.count))
            .replacingOccurrences(of: "{total}", with: String(selfRows.count))
            .replacingOccurrences(of: "{files}", with: String(view.rows.reduce(0) { $0 + $1.evidence.count }))
        model["missingEntries"] = missingEntries.map(link)
        model["hasMissingEntries"] = !missingEntries.isEmpty
        model["missingEntriesTitle"] = words["unit.submit.missingEntries"].replacingOccurrences(of: "{count}", with: String(missingEntries.count))
        model["missingEvidence"] = missingEvidence.map(link)
        model["hasMissingEvidence"] = !missingEvidence.isEmpty
        model["missingEvidenceTitle"] = words["unit.submit.missingEvidence"].replacingOccurrences(of: "{count}", with: String(missingEvidence.count))
        model["ready"] = ready && !can.submitted
        model["notReady"] = !ready && !can.submitted
        model["canSubmit"] = can.selfOpen && ready
        model["showClosed"] = can.isUnit && !can.submitted && !can.selfOpen
        model["closedText"] = words["unit.submit.closed"].replacingOccurrences(of: "{phase}", with: words.phase(view.cycle.phase))
        // An admin may submit for a unit at any time from self-assessment until publication, with a reason.
        model["canSubmitOnBehalf"] =
            caller.role == .admin && !can.submitted && view.cycle.phase >= .selfAssessment && view.cycle.phase < .published
        model["reasonValue"] = reason
        if let error { model["error"] = error }
        return renderer.page(
            "unit-submit",
            title: "\(words["unit.submit.title"]): \(view.unit.name)",
            model: model,
            context: context,
            request: request,
            status: status
        )
    }

    /// Submitting or withdrawing: the admin's reason when the admin acts for the unit.
    struct ReasonForm: SignedForm {
        var csrf: String
        var reason: String?
        enum CodingKeys: String, CodingKey {
            case csrf = "_csrf"
            case reason
        }
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(ReasonForm.self, request, context: context)
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let reason = caller.role == .admin ? form.reason : nil
        do {
            _ = try await services.assessments.submit(cycle: cycle, unit: unit, reason: reason, by: caller)
        } catch let error as DomainError where Self.shownInPage(error) {
            let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
            return renderSubmit(
                view,
                caller: caller,
                error: error.message,
                reason: reason ?? "",
                request: request,
                context: context,
                status: error.kind.status
            )
        }
        return .redirect(to: "/cycles/\(cycle)/units/\(unit)/receipt", type: .found)
    }

    /// The unit takes its submission back to change it; the grid opens again for writing.
    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(ReasonForm.self, request, context: context)
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        do {
            _ = try await services.assessments.withdraw(cycle: cycle, unit: unit, reason: form.reason, by: caller)
        } catch let error as DomainError where Self.shownInPage(error) {
            return try await renderReceipt(cycle: cycle, unit: unit, caller: caller, error: error.message, request: request, context: context)
        }
        return .redirect(to: CycleURL.unitForm(cycle: cycle, unit: unit).path, type: .found)
    }

    // MARK: - Receipt

    @Sendable func receiptPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try await renderReceipt(
            cycle: try context.parameter("cycle"),
            unit: try context.parameter("unit"),
            caller: caller,
            error: nil,
            request: request,
            context: context
        )
    }

    func renderReceipt(
        cycle: String,
        unit: String,
        caller: Caller,
        error: String?,
        request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
        let (manifest, sha256) = try await services.assessments.receipt(cycle: cycle, unit: unit, by: caller)
        let words = PageWords(request)
        let history = try await services.assessments.receipts(cycle: cycle, unit: unit, by: caller)
        let submission = ReceiptSubmissionView(
            manifest: manifest,
            sha256: sha256,
            history: history,
            canWithdraw: Permissions(view, caller: caller, now: services.clock.now()).canWithdraw,
            withdrawAction: CycleURL.unitWithdraw(cycle: cycle, unit: unit).path,
            error: error,
            words: words
        )
        let page = ReceiptPage(
            view: view,
            manifest: manifest,
            sha256: sha256,
            submission: submission,
            issuer: issuer,
            submitterName: try await services.assessments.displayName(of: manifest["submittedBy"]?.stringValue ?? ""),
            words: words
        )
        return renderer.page(
            page,
            title: "\(words["unit.receipt.title"]): \(view.unit.name)",
            context: context,
            request: request,
            status: error == nil ? .ok : .conflict
        )
    }

    // MARK: - Presentation helpers

    /// The rule as the browser needs it to show points while typing, in hundredths (display only;
    /// the server computes the points that count).
    static func ruleJSON(_ spec: LeafSpec) -> String {
        var pairs: [(String, DocumentValue)] = [("kind", .string(spec.rule.kind)), ("max", .int(spec.max.hundredths))]
        switch spec.rule {
        case .scale(let step), .bonus(let step), .deduction(let step):
            pairs.append(("step", .int(step.hundredths)))
        case .choice(let options):
            pairs.append(("options", .array(options.map { .int($0.points.hundredths) })))
        case .ratioTiers(_, _, let tiers):
            pairs.append(
                ("tiers", .array(tiers.map { .object([("atLeast", .int($0.atLeast.hundredths)), ("points", .int($0.points.hundredths))]) }))
            )
        case .ratioLinear, .survey:
            break
        }
        return DocumentValue.object(pairs).canonicalJSON
    }

    /// "Cách tính": how the leaf's points are computed, in words (lines).
    static func method(_ leaf: Leaf, _ words: PageWords) -> [String] {
        let max = words.points(leaf.spec.max)
        var lines: [String] = []
        func fill(_ key: String, _ values: [String: String]) -> String {
            values.reduce(words[key]) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        switch leaf.spec.rule {
        case .scale(let step): lines.append(fill("unit.method.scale", ["max": max, "step": words.points(step)]))
        case .bonus(let step): lines.append(fill("unit.method.bonus", ["max": max, "step": words.points(step)]))
        case .deduction(let step): lines.append(fill("unit.method.deduction", ["max": max, "step": words.points(step)]))
        case .choice(let options):
            lines.append(words["unit.method.choice"])
            lines += options.map { "\($0.label): \(words.points($0.points))" }
        case .ratioTiers(let numerator, let denominator, let tiers):
            lines.append(fill("unit.method.tiers", ["numerator": numerator, "denominator": denominator]))
            lines += tiers.map { fill("unit.method.tier", ["atLeast": words.points($0.atLeast), "points": words.points($0.points)]) }
        case .ratioLinear(let numerator, let denominator):
            lines.append(fill("unit.method.linear", ["max": max, "numerator": numerator, "denominator": denominator]))
        case .survey: lines.append(words["unit.method.survey"])
        }
        if leaf.spec.applicability == .mayBeNA { lines.append(words["unit.method.mayBeNA"]) }
        return lines
    }

    /// An entry as sealed in a manifest (`{"points"}`, `{"choice"}`, `{"inputs"}`).
    static func entry(from document: DocumentValue) -> Entry? {
        if let text = document["points"]?.scalarText, let p = Points(parsing: text) { return .points(p) }
        if let text = document["choice"]?.scalarText, let c = Int(text) { return .choice(c) }
        if let inputs = document["inputs"], let n = inputs["numerator"]?.scalarText.flatMap({ Int($0) }),
            let d = inputs["denominator"]?.scalarText.flatMap({ Int($0) })
        {
            return .ratio(numerator: n, denominator: d)
        }
        return nil
    }

    /// `2026-01-15` → `15/01/2026`.
    static func day(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }
}
