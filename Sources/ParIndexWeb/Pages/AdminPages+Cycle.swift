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
        let unsettled = try await services.results.unsettled(cycle: code, by: caller)
        let (assessments, blocks) = try await services.repository.read { db in
            (try db.assessments(cycle: code), try db.blocks())
        }
        let byUnit = Dictionary(assessments.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let blockNames = Dictionary(blocks.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let now = services.clock.now()
        let base = "/admin/cycles/\(cycle.code)"
        let open = cycle.phase != .published

        var units: [[String: Any]] = []
        for row in detail.units {
            let assessment = byUnit[row.unit.code]
            let submitted = row.status == .submitted
            // A unit left behind can be submitted for at any time once self-assessment opens.
            let canSubmitOnBehalf = !submitted && cycle.phase >= .selfAssessment && open
            let failed = failure?.unit == row.unit.code ? failure : nil
            let defaultUntil =
                assessment?.extensionUntil ?? (cycle.deadlines.deadline(for: cycle.phase) ?? cycle.deadlines.selfAssessment) + 7 * 86400
            var model: [String: Any] = [
                "code": row.unit.code, "name": row.unit.name, "block": blockNames[row.unit.blockCode] ?? row.unit.blockCode,
                "submitted": submitted, "late": row.late,
                "status": words[submitted ? "admin.cycle.statusSubmitted" : "admin.cycle.statusDraft"],
                "submittedAt": assessment?.submittedAt.map { Timestamp.vietnamese($0) } ?? "", "hasSubmittedAt": assessment?.submittedAt != nil,
                "submittedBy": assessment?.submittedBy ?? "",
                "hasExtension": assessment?.extensionUntil != nil,
                "extensionUntil": assessment?.extensionUntil.map { Timestamp.vietnamese($0) } ?? "",
                "extensionReason": assessment?.extensionReason ?? "",
                "canExtend": open, "canSubmitOnBehalf": canSubmitOnBehalf, "canReopen": submitted && open,
                "onBehalf": assessment?.onBehalfReason != nil, "onBehalfReason": assessment?.onBehalfReason ?? "",
                "extensionAction": CycleURL.extension_(cycle: cycle.code, unit: row.unit.code).path,
                "submitAction": CycleURL.submitOnBehalf(cycle: cycle.code, unit: row.unit.code).path,
                "reopenAction": CycleURL.reopen(cycle: cycle.code, unit: row.unit.code).path,
                "submitReasonId": "submit-reason-\(row.unit.code)", "reopenReasonId": "reopen-reason-\(row.unit.code)",
                "submitReasonValue": failed?.form == "submit" ? failed?.values["reason"] ?? "" : "",
                "reopenReasonValue": failed?.form == "reopen" ? failed?.values["reason"] ?? "" : "",
                "submitOpen": failed?.form == "submit", "reopenOpen": failed?.form == "reopen",
                "untilId": "until-\(row.unit.code)", "reasonId": "reason-\(row.unit.code)",
                "untilValue": failed?.values["until"] ?? VietnamTime.input(defaultUntil),
                "reasonValue": failed?.form == "extension" ? failed?.values["reason"] ?? "" : "",
                "reviewHref": "/review/\(cycle.code)/units/\(row.unit.code)",
                "failedOpen": failed?.form == "extension",
            ]
            if let failed { model["error"] = ["message": failed.message, "id": "err-\(row.unit.code)"] }
            units.append(model)
        }

        var model = Self.cycleSummary(cycle, words)
        model["units"] = units
        model["deadlines"] = Self.deadlineRows(cycle, words)
        model["phases"] = Phase.allCases.map { phase in
            ["name": words.phase(phase), "current": phase == cycle.phase, "done": phase < cycle.phase] as [String: Any]
        }
        if let next = cycle.phase.next {
            model["next"] = [
                "phase": next.rawValue, "name": words.phase(next), "isPublish": next == .published,
                "href": next == .published ? base + "/publish" : base + "/phase?to=\(next.rawValue)",
            ]
        }
        model["progress"] = [
            "submitted": detail.submitted, "units": detail.units.count, "unsettled": unsettled.items.count,
            "notSubmitted": unsettled.unitsNotSubmitted.count,
        ]
        model["canPublish"] = cycle.phase == .finalReview
        model["nothingUnsettled"] = unsettled.isEmpty
        model["published"] = cycle.phase == .published
        if let failure { model["failure"] = ["unit": failure.unit, "message": failure.message] }
        return page(
            "admin-cycle",
            title: "\(words["admin.cycle.title"]): \(cycle.name)",
            model: model,
            context: context,
            request: request,
            status: status
        )
    }

    /// The facts every cycle page starts with.
    static func cycleSummary(_ cycle: Cycle, _ words: AdminWords) -> [String: Any] {
        let base = "/admin/cycles/\(cycle.code)"
        return [
            "cycleCode": cycle.code, "cycleName": cycle.name, "year": cycle.year, "phaseName": words.phase(cycle.phase),
            "phaseValue": cycle.phase.rawValue, "frameworkCode": cycle.frameworkCode, "frameworkVersion": cycle.frameworkVersion,
            "frameworkSha": cycle.frameworkSHA256, "cycleHref": base, "reviewersHref": base + "/reviewers", "surveyHref": base + "/survey",
            "publishHref": base + "/publish", "resultsHref": "/results/\(cycle.code)", "worklistHref": "/review/\(cycle.code)",
        ]
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
            return .redirect(to: "/admin/cycles/\(cycle.code)/publish", type: .found)
        }
        var model = Self.cycleSummary(cycle, words)
        var problem = error?.message
        var status = status
        if let phase = Phase(rawValue: target), cycle.phase.canMove(to: phase), phase != .published {
            model["target"] = ["value": phase.rawValue, "name": words.phase(phase)]
            model["question"] = words.fill("admin.phase.confirm", ["phase": words.phase(phase)])
            model["consequence"] = words["admin.phase.consequence_\(phase.rawValue)"]
            let left = try await services.admin.leftBehind(cycle: code, target: phase, by: caller)
            model["leftBehind"] = LeftBehindView(left, back: "phase:\(phase.rawValue)", now: services.clock.now(), words: words)
        } else if problem == nil {
            problem = words.fill(
                "admin.phase.illegal",
                ["from": words.phase(cycle.phase), "to": Phase(rawValue: target).map(words.phase) ?? target]
            )
            status = .conflict
        }
        if let problem { model["error"] = ["message": problem] }
        return page("admin-phase", title: words["admin.phase.title"], model: model, context: context, request: request, status: status)
    }

    @Sendable func movePhase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        let code = try context.parameter("cycle")
        let target = form.text("to")
        do {
            guard let phase = Phase(rawValue: target) else {
                throw DomainError.invalid("invalid_phase", PageRenderer.string("admin.phase.unknown", request))
            }
            _ = try await services.admin.movePhase(cycle: code, to: phase, by: caller)
            return .redirect(to: "/admin/cycles/\(code)", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) && error.kind != .notFound {
            return try await renderPhase(code, target: target, error: error, request: request, context: context, status: error.kind.status)
        }
    }

    // MARK: - Extension and late submission

    @Sendable func grantExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        let code = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        do {
            guard let until = VietnamTime.parse(form.text("until")) else {
                throw DomainError.invalid("invalid_until", PageRenderer.string("admin.cycle.untilInvalid", request))
            }
            _ = try await services.admin.grantExtension(cycle: code, unit: unit, until: until, reason: form.text("reason"), by: caller)
            return .redirect(to: CycleURL.back(form.text("back"), cycle: code, unit: unit).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let failure = UnitFailure(unit: unit, form: "extension", message: error.message, values: form.form.values)
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
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        let code = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        do {
            try await step(caller, code, unit, form.text("reason"))
            return .redirect(to: CycleURL.back(form.text("back"), cycle: code, unit: unit).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let failure = UnitFailure(unit: unit, form: name, message: error.message, values: form.form.values)
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
        var model = Self.cycleSummary(cycle, words)
        if cycle.phase == .published {
            let (_, publication) = try await services.results.results(cycle: code)
            model["publication"] = [
                "at": Timestamp.vietnamese(publication.publishedAt), "atISO": Timestamp.format(publication.publishedAt),
                "by": publication.publishedBy, "sha": publication.snapshotSHA256, "head": publication.auditHead,
            ]
        } else {
            let unsettled = try await services.results.unsettled(cycle: code, by: caller)
            let names = Dictionary(detail.units.map { ($0.unit.code, $0.unit.name) }, uniquingKeysWith: { a, _ in a })
            let shown = 500
            let left = try await services.admin.leftBehind(cycle: code, target: .published, by: caller)
            model["leftBehind"] = LeftBehindView(left, back: "publish", now: services.clock.now(), words: words)
            model["items"] = unsettled.items.prefix(shown).map { item in
                [
                    "unit": item.unit, "unitName": names[item.unit] ?? item.unit, "criterion": item.criterion,
                    "state": words["admin.publish.state_\(item.state)"],
                    "href": "/review/\(cycle.code)/units/\(item.unit)#item-\(item.criterion)",
                ]
            }
            model["hasItems"] = !unsettled.items.isEmpty
            model["hasMore"] = unsettled.items.count > shown
            model["more"] = unsettled.items.count > shown ? words.fill("admin.publish.more", ["count": String(unsettled.items.count - shown)]) : ""
            model["summary"] = words.fill(
                "admin.publish.summary",
                ["units": String(unsettled.unitsNotSubmitted.count), "items": String(unsettled.items.count)]
            )
            model["unsettled"] = !unsettled.isEmpty
            model["wrongPhase"] = cycle.phase != .finalReview
            model["wrongPhaseText"] = words.fill("admin.publish.wrongPhase", ["phase": words.phase(.finalReview)])
            model["ready"] = cycle.phase == .finalReview && unsettled.isEmpty
            model["question"] = words.fill("admin.publish.confirm", ["name": cycle.name])
        }
        if let error { model["error"] = ["message": error.message] }
        return page(
            "admin-publish",
            title: "\(words["admin.publish.title"]): \(cycle.name)",
            model: model,
            context: context,
            request: request,
            status: status
        )
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        let code = try context.parameter("cycle")
        do {
            // Publishing cannot be taken back: the admin signs again first (SECURITY.md AC-9).
            try await services.auth.confirmPassword(username: caller.username, password: form["password"] ?? "")
            _ = try await published.publish(cycle: code, by: caller)
            return .redirect(to: "/admin/cycles/\(code)/publish", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) && error.kind != .notFound {
            return try await renderPublish(code, error: error, request: request, context: context, status: error.kind.status)
        }
    }
}
