import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// One cycle: phase (moved only after a confirmation page), deadlines, per-unit status with
/// extensions and late submission, and publication (what is unsettled first, then a confirmation).
extension AdminPagesController {
    /// A refused unit form, shown in that unit's row with what was typed.
    struct UnitFailure {
        var unit: String
        var form: String
        var message: String
        var values: [String: String]
    }

    // MARK: - Cycle page

    @Sendable func cyclePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderCycle(try context.parameter("cycle"), failure: nil, request: request, context: context)
    }

    func renderCycle(
        _ code: String,
        failure: UnitFailure?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let detail = try await services.cycles.detail(code, by: caller)
        let cycle = detail.cycle
        let standing = try await services.results.standing(cycle: code, by: caller)
        let (assessments, blocks) = try await services.admin.assessments(cycle: code, by: caller)
        let actors = try await actorNames(request, by: caller)
        let byUnit = Dictionary(assessments.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let blockNames = Dictionary(blocks.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let open = cycle.phase != .published

        let units = detail.units.map { row -> AdminCyclePage.UnitRow in
            let unit = row.unit.code
            let assessment = byUnit[unit]
            let submitted = row.status == .submitted
            let failed = failure?.unit == unit ? failure : nil
            func typed(_ form: String, _ field: String) -> String { failed?.form == form ? failed?.values[field] ?? "" : "" }
            let defaultUntil =
                assessment?.extensionUntil ?? (cycle.deadlines.deadline(for: cycle.phase) ?? cycle.deadlines.selfAssessment) + 7 * 86400
            return AdminCyclePage.UnitRow(
                code: unit,
                name: row.unit.name,
                block: blockNames[row.unit.blockCode] ?? row.unit.blockCode,
                reviewHref: CycleURL.review(cycle: cycle.code, unit: unit).path,
                submitted: submitted,
                late: row.late,
                status: words[submitted ? "admin.cycle.statusSubmitted" : "admin.cycle.statusDraft"],
                hasSubmittedAt: assessment?.submittedAt != nil,
                submittedAt: assessment?.submittedAt.map { Timestamp.vietnamese($0) } ?? "",
                submittedBy: assessment?.submittedBy.map(actors.name) ?? "",
                onBehalf: assessment?.onBehalfReason != nil,
                onBehalfReason: assessment?.onBehalfReason ?? "",
                hasExtension: assessment?.extensionUntil != nil,
                extensionUntil: assessment?.extensionUntil.map { Timestamp.vietnamese($0) } ?? "",
                extensionReason: assessment?.extensionReason ?? "",
                progress: AdminCyclePage.Bar(standing.units[unit], phase: cycle.phase, words: words),
                error: failed.map { AdminCyclePage.RowError(message: $0.message, id: "err-\(unit)") },
                canExtend: open,
                failedOpen: failed?.form == "extension",
                extensionAction: CycleURL.extension_(cycle: cycle.code, unit: unit).path,
                untilId: "until-\(unit)",
                untilValue: failed?.values["until"] ?? VietnamTime.input(defaultUntil),
                reasonId: "reason-\(unit)",
                reasonValue: typed("extension", "reason"),
                // A unit left behind can be submitted for at any time once self-assessment opens.
                canSubmitOnBehalf: !submitted && cycle.phase >= .selfAssessment && open,
                submitOpen: failed?.form == "submit",
                submitAction: CycleURL.submitOnBehalf(cycle: cycle.code, unit: unit).path,
                submitReasonId: "submit-reason-\(unit)",
                submitReasonValue: typed("submit", "reason"),
                canReopen: submitted && open,
                reopenOpen: failed?.form == "reopen",
                reopenAction: CycleURL.reopen(cycle: cycle.code, unit: unit).path,
                reopenReasonId: "reopen-reason-\(unit)",
                reopenReasonValue: typed("reopen", "reason")
            )
        }
        let page = AdminCyclePage(
            cycle: AdminCycleHeader(cycle, words),
            failure: failure.map { AdminCyclePage.Failure(unit: $0.unit, message: $0.message) },
            phases: Phase.allCases.map { AdminCyclePage.Step(name: words.phase($0), current: $0 == cycle.phase, done: $0 < cycle.phase) },
            next: cycle.phase.next.map { next in
                AdminCyclePage.Next(
                    phase: next.rawValue,
                    name: words.phase(next),
                    isPublish: next == .published,
                    href: next == .published ? CycleURL.publish(cycle.code).path : CycleURL.phase(cycle: cycle.code, to: next).path
                )
            },
            published: cycle.phase == .published,
            totals: AdminCyclePage.Totals(
                submitted: detail.submitted,
                units: detail.units.count,
                notSubmitted: standing.unsettled.unitsNotSubmitted.count,
                unsettled: standing.unsettled.items.count
            ),
            deadlines: AdminDeadlineRow.rows(cycle, words),
            units: units,
            canPublish: cycle.phase == .finalReview,
            nothingUnsettled: standing.unsettled.isEmpty
        )
        return renderer.page(page, title: "\(words["admin.cycle.title"]): \(cycle.name)", context: context, request: request, status: status)
    }

    // MARK: - Phase, behind a confirmation page

    @Sendable func confirmPhase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let target = request.uri.queryParameters.get("to") ?? ""
        return try await renderPhase(try context.parameter("cycle"), target: target, error: nil, request: request, context: context)
    }

    func renderPhase(
        _ code: String,
        target: String,
        error: DomainError?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let cycle = try await services.cycles.detail(code, by: caller).cycle
        if Phase(rawValue: target) == .published && cycle.phase == .finalReview {
            return .redirect(to: CycleURL.publish(cycle.code).path, type: .found)
        }
        var page = AdminPhasePage(cycle: AdminCycleHeader(cycle, words), error: error.map { FormMessage(message: $0.message) }, target: nil)
        var status = status
        if let phase = Phase(rawValue: target), cycle.phase.canMove(to: phase), phase != .published {
            let left = try await services.admin.leftBehind(cycle: code, target: phase, by: caller)
            page.target = AdminPhasePage.Target(
                value: phase.rawValue,
                name: words.phase(phase),
                question: words.fill("admin.phase.confirm", ["phase": words.phase(phase)]),
                consequence: words["admin.phase.consequence_\(phase.rawValue)"],
                leftBehind: LeftBehindView(left, back: "phase:\(phase.rawValue)", now: services.clock.now(), words: words)
            )
        } else if error == nil {
            let message = words.fill(
                "admin.phase.illegal",
                ["from": words.phase(cycle.phase), "to": Phase(rawValue: target).map(words.phase) ?? target]
            )
            page.error = FormMessage(message: message)
            status = .conflict
        }
        return renderer.page(page, title: words["admin.phase.title"], context: context, request: request, status: status)
    }

    @Sendable func movePhase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<PhaseField>.self, request, context: context)
        let code = try context.parameter("cycle")
        let target = form.text(.to)
        do {
            guard let phase = Phase(rawValue: target) else {
                throw DomainError.invalid("invalid_phase", PageRenderer.string("admin.phase.unknown", request))
            }
            _ = try await services.admin.movePhase(cycle: code, to: phase, by: caller)
            return .redirect(to: CycleURL.cycle(code).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) && error.kind != .notFound {
            return try await renderPhase(code, target: target, error: error, request: request, context: context, status: error.kind.status)
        }
    }

    // MARK: - Extension and late submission

    @Sendable func grantExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<ExtensionField>.self, request, context: context)
        let code = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        do {
            guard let until = VietnamTime.parse(form.text(.until)) else {
                throw DomainError.invalid("invalid_until", PageRenderer.string("admin.cycle.untilInvalid", request))
            }
            _ = try await services.admin.grantExtension(cycle: code, unit: unit, until: until, reason: form.text(.reason), by: caller)
            return .redirect(to: CycleURL.back(form.text(.back), cycle: code, unit: unit).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let failure = UnitFailure(unit: unit, form: "extension", message: error.message, values: form.values)
            return try await renderCycle(code, failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    /// Submits for a unit, with the admin's reason; back to the page the form was on.
    @Sendable func submitOnBehalf(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await unitStep("submit", request, context) { [services] caller, code, unit, reason in
            _ = try await services.assessments.submit(cycle: code, unit: unit, reason: reason, by: caller)
        }
    }

    /// Sends a submitted assessment back to the unit, with the admin's reason.
    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await unitStep("reopen", request, context) { [services] caller, code, unit, reason in
            _ = try await services.assessments.reopen(cycle: code, unit: unit, reason: reason, by: caller)
        }
    }

    /// One admin form about one unit with a reason: a refusal is shown in the unit's row on the
    /// cycle page with what was typed; success returns to the page named by the form's `back`.
    func unitStep(
        _ name: String,
        _ request: Request,
        _ context: AppRequestContext,
        _ step: @Sendable (Caller, String, String, String) async throws -> Void
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<UnitStepField>.self, request, context: context)
        let code = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        do {
            try await step(caller, code, unit, form.text(.reason))
            return .redirect(to: CycleURL.back(form.text(.back), cycle: code, unit: unit).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let failure = UnitFailure(unit: unit, form: name, message: error.message, values: form.values)
            return try await renderCycle(code, failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    // MARK: - Publication

    @Sendable func publishPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderPublish(try context.parameter("cycle"), error: nil, request: request, context: context)
    }

    func renderPublish(
        _ code: String,
        error: DomainError?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let detail = try await services.cycles.detail(code, by: caller)
        let cycle = detail.cycle
        var page = AdminPublishPage(cycle: AdminCycleHeader(cycle, words), error: error.map { FormMessage(message: $0.message) })
        if cycle.phase == .published {
            let (_, publication) = try await services.results.results(cycle: code)
            page.publication = AdminPublishPage.Done(
                at: Timestamp.vietnamese(publication.publishedAt),
                atISO: Timestamp.format(publication.publishedAt),
                by: try await actorNames(request, by: context.requireCaller()).name(publication.publishedBy),
                sha: publication.snapshotSHA256,
                head: publication.auditHead
            )
        } else {
            let unsettled = try await services.results.unsettled(cycle: code, by: caller)
            let names = Dictionary(detail.units.map { ($0.unit.code, $0.unit.name) }, uniquingKeysWith: { a, _ in a })
            let left = try await services.admin.leftBehind(cycle: code, target: .published, by: caller)
            let groups = AdminPublishPage.UnitGroup.groups(unsettled.items, cycle: cycle.code, names: names, words: words)
            let inFinalReview = cycle.phase == .finalReview
            // The preview is the document publishing would store now, from the same builder.
            let preview = try await inFinalReview ? PublishedResults(services.results.preview(cycle: code, by: caller)) : nil
            page.pending = AdminPublishPage.Pending(
                wrongPhase: !inFinalReview,
                wrongPhaseText: words.fill("admin.publish.wrongPhase", ["phase": words.phase(.finalReview)]),
                unsettled: !unsettled.isEmpty,
                summary: words.fill(
                    "admin.publish.summary",
                    ["units": String(unsettled.unitsNotSubmitted.count), "items": String(unsettled.items.count)]
                ),
                leftBehind: LeftBehindView(left, back: "publish", now: services.clock.now(), words: words),
                groups: groups,
                hasGroups: !groups.isEmpty,
                preview: preview.map { document in
                    AdminPublishPage.Preview(
                        provisional: !unsettled.isEmpty,
                        blocks: RankingBlock.blocks(document, language: words.language) { CycleURL.review(cycle: cycle.code, unit: $0).path }
                    )
                },
                ready: inFinalReview && unsettled.isEmpty,
                question: words.fill("admin.publish.confirm", ["name": cycle.name])
            )
        }
        return renderer.page(page, title: "\(words["admin.publish.title"]): \(cycle.name)", context: context, request: request, status: status)
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<PublishField>.self, request, context: context)
        let code = try context.parameter("cycle")
        do {
            // Publishing cannot be taken back: the admin signs again first (SECURITY.md AC-9).
            try await services.auth.confirmPassword(username: caller.username, password: form[.password] ?? "")
            _ = try await published.publish(cycle: code, by: caller)
            return .redirect(to: CycleURL.publish(code).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) && error.kind != .notFound {
            return try await renderPublish(code, error: error, request: request, context: context, status: error.kind.status)
        }
    }
}
