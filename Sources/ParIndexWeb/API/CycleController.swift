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
        let body = try await JSON.body(request, context: context)
        try body.allow(["code", "name", "year", "framework", "units", "deadlines"])
        guard let framework = try body.object("framework") else {
            throw DomainError.invalid("required", "Cần nhập \"framework\".", details: ["field": .string("framework")])
        }
        try framework.allow(["code", "version"])
        guard let deadlines = try body.object("deadlines") else {
            throw DomainError.invalid("required", "Cần nhập \"deadlines\".", details: ["field": .string("deadlines")])
        }
        try deadlines.allow(["selfAssessment", "appraisal", "explanation", "finalReview"])
        guard let year = try body.int("year") else {
            throw DomainError.invalid("required", "Cần nhập \"year\".", details: ["field": .string("year")])
        }
        let caller = try context.requireCaller()
        let cycle = try await services.admin.createCycle(
            .init(
                code: try body.requiredString("code", max: 64),
                name: try body.requiredString("name", max: 200),
                year: year,
                frameworkCode: try framework.requiredString("code", max: 64),
                frameworkVersion: try framework.requiredString("version", max: 32),
                units: try body.strings("units") ?? [],
                deadlines: Deadlines(
                    selfAssessment: try deadlines.requiredDate("selfAssessment"),
                    appraisal: try deadlines.requiredDate("appraisal"),
                    explanation: try deadlines.requiredDate("explanation"),
                    finalReview: try deadlines.requiredDate("finalReview")
                )
            ),
            by: caller
        )
        return JSON.response(Present.cycleDetail(try await services.cycles.detail(cycle.code, by: caller)), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycles = try await services.cycles.list(by: context.requireCaller())
        return JSON.response(.array(cycles.map(Present.cycleSummary)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSON.response(Present.cycleDetail(try await services.cycles.detail(try context.parameter("cycle"), by: context.requireCaller())))
    }

    @Sendable func movePhase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(request, context: context)
        try body.allow(["phase"])
        guard let phase = Phase(rawValue: try body.requiredString("phase", max: 32)) else {
            throw DomainError.invalid(
                "invalid_phase",
                "Giai đoạn phải là một trong: \(Phase.allCases.map(\.rawValue).joined(separator: ", ")).",
                details: ["field": .string("phase")]
            )
        }
        let cycle = try await services.admin.movePhase(cycle: try context.parameter("cycle"), to: phase, by: context.requireCaller())
        return JSON.response(Present.cycleSummary(cycle))
    }

    @Sendable func assignReviewer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(request, context: context)
        try body.allow(["units"])
        let username = try context.parameter("username")
        let units = try await services.admin.assignReviewer(
            cycle: try context.parameter("cycle"),
            username: username,
            units: try body.strings("units") ?? [],
            by: context.requireCaller()
        )
        return JSON.response(.object([("username", .string(username)), ("units", .array(units.map { .string($0) }))]))
    }

    @Sendable func grantExtension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(request, context: context)
        try body.allow(["until", "reason"])
        let unit = try context.parameter("unit")
        let assessment = try await services.admin.grantExtension(
            cycle: try context.parameter("cycle"),
            unit: unit,
            until: try body.requiredDate("until"),
            reason: try body.requiredString("reason", max: 1000),
            by: context.requireCaller()
        )
        return JSON.response(
            .object([("unit", .string(unit)), ("until", .date(assessment.extensionUntil!)), ("reason", .optional(assessment.extensionReason))])
        )
    }
}
