import Foundation
import Hummingbird
import ParIndexCore

/// Cycles: creation, the list a caller takes part in, one cycle, phase moves, reviewer
/// assignments and extensions.
struct CycleController {
    let services: Services

    func addRoutes(to routes: RouteTable) {
        let admin = Access.roles([.admin])
        routes.on(.post, "/api/v1/cycles", admin, create)
        routes.on(.get, "/api/v1/cycles", .signedIn, list)
        routes.on(.get, "/api/v1/cycles/:cycle", .signedIn, show)
        routes.on(.post, "/api/v1/cycles/:cycle/phase", admin, movePhase)
        routes.on(.put, "/api/v1/cycles/:cycle/reviewers/:username", admin, assignReviewer)
        routes.on(.post, "/api/v1/cycles/:cycle/units/:unit/extension", admin, grantExtension)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(NewCycleBody.self, request, context: context)
        let caller = try context.requireCaller()
        let cycle = try await services.admin.createCycle(
            .init(
                code: body.code,
                name: body.name,
                year: body.year,
                frameworkCode: body.frameworkCode,
                frameworkVersion: body.frameworkVersion,
                units: body.units,
                deadlines: body.deadlines
            ),
            by: caller
        )
        return try JSON.response(CycleDetailAnswer(try await services.cycles.detail(cycle.code, by: caller)), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycles = try await services.cycles.list(by: context.requireCaller())
        return try JSON.response(cycles.map(CycleAnswer.init))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSON.response(CycleDetailAnswer(try await services.cycles.detail(try context.parameter("cycle"), by: context.requireCaller())))
    }

    @Sendable func movePhase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(PhaseBody.self, request, context: context)
        let cycle = try await services.admin.movePhase(cycle: try context.parameter("cycle"), to: body.phase, by: context.requireCaller())
        return try JSON.response(CycleAnswer(cycle))
    }

    @Sendable func assignReviewer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(ReviewerUnitsBody.self, request, context: context)
        let username = try context.parameter("username")
        let units = try await services.admin.assignReviewer(
            cycle: try context.parameter("cycle"),
            username: username,
            units: body.units ?? [],
            by: context.requireCaller()
        )
        return try JSON.response(ReviewerUnitsAnswer(username: username, units: units))
    }

    @Sendable func grantExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(ExtensionBody.self, request, context: context)
        let unit = try context.parameter("unit")
        let assessment = try await services.admin.grantExtension(
            cycle: try context.parameter("cycle"),
            unit: unit,
            until: body.until,
            reason: body.reason,
            by: context.requireCaller()
        )
        return try JSON.response(ExtensionAnswer(unit: unit, until: assessment.extensionUntil, reason: assessment.extensionReason))
    }
}
