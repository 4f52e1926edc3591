import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// The overview of every cycle, and cycle creation.
extension AdminPagesController {
    // MARK: - Overview

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let now = services.clock.now()
        var cards: [AdminOverviewPage.Card] = []
        for cycle in try await services.cycles.list(by: caller).sorted(by: { ($0.year, $0.code) > ($1.year, $1.code) }) {
            let detail = try await services.cycles.detail(cycle.code, by: caller)
            let unsettled = try await services.results.unsettled(cycle: cycle.code, by: caller)
            cards.append(AdminOverviewPage.Card(detail, unsettled: unsettled, now: now, words: words))
        }
        return renderer.page(AdminOverviewPage(cards), title: words["admin.overview.title"], context: context, request: request)
    }

    // MARK: - New cycle

    @Sendable func newCycle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderNewCycle(nil, error: nil, request: request, context: context)
    }

    func renderNewCycle(
        _ typed: NewCycleForm?,
        error: DomainError?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let words = AdminWords(request)
        let choices = try await services.admin.newCycleChoices(by: context.requireCaller())
        let page = AdminNewCyclePage(
            typed: typed,
            asked: request.uri.queryParameters.get("framework").map { String($0) },
            frameworks: choices.frameworks,
            blocks: choices.blocks,
            units: choices.units,
            frameworkBlocks: FrameworkBlocks(cycles: choices.used, allBlocks: Set(choices.units.map(\.blockCode))),
            now: services.clock.now(),
            error: error
        )
        return renderer.page(page, title: words["admin.cycleNew.title"], context: context, request: request, status: status)
    }

    @Sendable func createCycle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(NewCycleForm.self, request, context: context, limit: Self.formLimit)
        let text = { (field: String?) in (field ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        do {
            let framework = text(form.framework).split(separator: "|", maxSplits: 1).map(String.init)
            guard framework.count == 2 else {
                throw DomainError.invalid("framework_required", PageRenderer.string("admin.cycleNew.frameworkRequired", request))
            }
            guard let year = Int(text(form.year)) else {
                throw DomainError.invalid("invalid_year", PageRenderer.string("admin.cycleNew.yearInvalid", request))
            }
            func deadline(_ key: String, _ field: String?) throws -> Date {
                guard let date = VietnamTime.parse(text(field)) else {
                    throw DomainError.invalid(
                        "invalid_deadline",
                        AdminWords(request).fill("admin.cycleNew.deadlineInvalid", ["name": PageRenderer.string("admin.deadline.\(key)", request)])
                    )
                }
                return date
            }
            let cycle = try await services.admin.createCycle(
                .init(
                    code: text(form.code),
                    name: text(form.name),
                    year: year,
                    frameworkCode: framework[0],
                    frameworkVersion: framework[1],
                    units: form.units ?? [],
                    deadlines: Deadlines(
                        selfAssessment: try deadline("selfAssessment", form.selfAssessment),
                        appraisal: try deadline("appraisal", form.appraisal),
                        explanation: try deadline("explanation", form.explanation),
                        finalReview: try deadline("finalReview", form.finalReview)
                    )
                ),
                by: caller
            )
            return .redirect(to: CycleURL.cycle(cycle.code).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            return try await renderNewCycle(form, error: error, request: request, context: context, status: error.kind.status)
        }
    }
}
