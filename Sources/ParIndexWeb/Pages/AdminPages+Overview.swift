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
        try await renderNewCycle(AdminForm(), error: nil, request: request, context: context)
    }

    func renderNewCycle(
        _ typed: AdminForm,
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
        let form = try await AdminForm.read(request, limit: Self.formLimit)
        try form.requireCSRF(context)
        do {
            let framework = form.text("framework").split(separator: "|", maxSplits: 1).map(String.init)
            guard framework.count == 2 else {
                throw DomainError.invalid("framework_required", PageRenderer.string("admin.cycleNew.frameworkRequired", request))
            }
            guard let year = Int(form.text("year")) else {
                throw DomainError.invalid("invalid_year", PageRenderer.string("admin.cycleNew.yearInvalid", request))
            }
            func deadline(_ key: String) throws -> Date {
                guard let date = VietnamTime.parse(form.text(key)) else {
                    throw DomainError.invalid(
                        "invalid_deadline",
                        AdminWords(request).fill("admin.cycleNew.deadlineInvalid", ["name": PageRenderer.string("admin.deadline.\(key)", request)])
                    )
                }
                return date
            }
            let cycle = try await services.admin.createCycle(
                .init(
                    code: form.text("code"),
                    name: form.text("name"),
                    year: year,
                    frameworkCode: framework[0],
                    frameworkVersion: framework[1],
                    units: form.all("units"),
                    deadlines: Deadlines(
                        selfAssessment: try deadline("selfAssessment"),
                        appraisal: try deadline("appraisal"),
                        explanation: try deadline("explanation"),
                        finalReview: try deadline("finalReview")
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
