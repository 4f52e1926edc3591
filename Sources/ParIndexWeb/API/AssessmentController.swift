import Foundation
import Hummingbird
import ParIndexCore

/// One unit's assessment: reading it, self entries, submission and receipt, appraisal, questions,
/// answers and settling.
struct AssessmentController {
    let services: Services
    let rendered: RenderedAssessments

    static let base = "/api/v1/cycles/:cycle/units/:unit"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, Self.base + "/assessment", .signedIn, handlerChecksVisibility: true, show)
        routes.on(.put, Self.base + "/items/:criterion", .roles([.unit]), handlerChecksVisibility: true, putSelfEntry)
        routes.on(.post, Self.base + "/submit", .roles([.unit, .admin]), submit)
        routes.on(.get, Self.base + "/receipt", .signedIn, receipt)
        routes.on(.put, Self.base + "/items/:criterion/appraisal", .roles([.reviewer]), appraise)
        routes.on(.post, Self.base + "/items/:criterion/questions", .roles([.reviewer]), ask)
        routes.on(.post, Self.base + "/items/:criterion/answers", .roles([.unit]), answer)
        routes.on(.post, Self.base + "/items/:criterion/settle", .roles([.reviewer]), settle)
    }

    struct Target {
        var cycle: String
        var unit: String
        var criterion: String
    }

    func target(_ context: AppRequestContext) throws -> Target {
        Target(
            cycle: try context.parameter("cycle"),
            unit: try context.parameter("unit"),
            criterion: context.parameters.get("criterion") != nil ? try context.parameter("criterion") : ""
        )
    }

    /// The item as it now stands, in the same shape as inside the assessment.
    func itemResponse(_ t: Target, caller: Caller, status: HTTPResponse.Status = .ok) async throws -> Response {
        let row = try await services.assessments.row(cycle: t.cycle, unit: t.unit, criterion: t.criterion, by: caller)
        return try JSON.response(ItemAnswer(row, caller: caller), status: status)
    }

    /// Served from the stored rendering while the assessment's revision stands (decision 0009):
    /// one indexed read instead of reading and presenting every item. That read is also the unit
    /// check (`revision` answers 404 for a unit the caller may not see), so the route skips the gate's.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        let caller = try context.requireCaller()
        let key = AssessmentKey(cycle: t.cycle, unit: t.unit, variant: AssessmentAnswer.hidesReviewers(caller) ? "unit" : "council")
        let revision = try await services.assessments.revision(cycle: t.cycle, unit: t.unit, by: caller)
        let kept = try await rendered.kept(key, at: revision) { [services] in
            let view = try await services.assessments.view(cycle: t.cycle, unit: t.unit, by: caller)
            return (view.revision, KeptBody(JSON.bytes(Present.assessment(view, caller: caller))))
        }
        return kept.response(request) { JSON.response($0) }
    }

    @Sendable func putSelfEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        let caller = try context.requireCaller()
        let body = try await JSON.body(SelfEntryBody.self, request, context: context)
        let row = try await services.assessments.setSelfEntry(
            cycle: t.cycle,
            unit: t.unit,
            criterion: t.criterion,
            .init(
                entry: body.entry,
                notApplicableReason: body.notApplicable.map { $0.reason ?? "" },
                note: body.note,
                expectedVersion: body.version
            ),
            by: caller
        )
        return try JSON.response(ItemAnswer(row, caller: caller))
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        // The body is optional (a unit submits with none); an admin submitting for a unit sends
        // `{reason}`, which the service requires of an admin.
        var reason: String? = nil
        if request.headers[.contentType] != nil {
            reason = try await JSON.body(SubmitBody.self, request, context: context).reason
        }
        let assessment = try await services.assessments.submit(cycle: t.cycle, unit: t.unit, reason: reason, by: context.requireCaller())
        return try JSON.response(SubmitAnswer(status: assessment.status.rawValue, receipt: ReceiptAnswer(assessment)))
    }

    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        let (manifest, _) = try await services.assessments.receipt(cycle: t.cycle, unit: t.unit, by: context.requireCaller())
        return JSON.response(manifest)
    }

    @Sendable func appraise(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        let caller = try context.requireCaller()
        let body = try await JSON.body(AppraisalBody.self, request, context: context)
        _ = try await services.review.appraise(
            cycle: t.cycle,
            unit: t.unit,
            criterion: t.criterion,
            .init(entry: body.entry, note: body.note, expectedVersion: body.version),
            by: caller
        )
        return try await itemResponse(t, caller: caller)
    }

    @Sendable func ask(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await post(.question, request, context)
    }

    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await post(.answer, request, context)
    }

    /// A question (reviewer) or an answer (unit) on an item's thread: the same body, another use case.
    func post(_ kind: ThreadMessage.Kind, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        let caller = try context.requireCaller()
        let text = try await JSON.body(MessageBody.self, request, context: context).message
        let review = services.review
        let message =
            kind == .question
            ? try await review.ask(cycle: t.cycle, unit: t.unit, criterion: t.criterion, message: text, by: caller)
            : try await review.answer(cycle: t.cycle, unit: t.unit, criterion: t.criterion, message: text, by: caller)
        return try JSON.response(MessageAnswer(message, caller: caller), status: .created)
    }

    @Sendable func settle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let t = try target(context)
        let caller = try context.requireCaller()
        let body = try await JSON.body(SettlementBody.self, request, context: context)
        _ = try await services.review.settle(
            cycle: t.cycle,
            unit: t.unit,
            criterion: t.criterion,
            .init(points: body.points, note: body.note, disposition: body.disposition),
            by: caller
        )
        return try await itemResponse(t, caller: caller)
    }
}
