import Foundation
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Frameworks, blocks, units, users, tokens and the audit check.
struct AdminController {
    let services: Services

    func addRoutes(to routes: RouteTable) {
        let admin = Access.roles([.admin])
        routes.on(.post, "/api/v1/frameworks", admin, importFramework)
        routes.on(.get, "/api/v1/frameworks/:code/:version", .signedIn, getFramework)
        routes.on(.put, "/api/v1/blocks/:code", admin, putBlock)
        routes.on(.get, "/api/v1/blocks", .signedIn, listBlocks)
        routes.on(.put, "/api/v1/units/:code", admin, putUnit)
        routes.on(.get, "/api/v1/units", .signedIn, listUnits)
        routes.on(.post, "/api/v1/users", admin, createUser)
        routes.on(.get, "/api/v1/users", admin, listUsers)
        routes.on(.post, "/api/v1/users/:username/tokens", admin, createToken)
        routes.on(.get, "/api/v1/audit/verify", admin, verifyAudit)
        routes.on(.get, "/api/v1/audit/head", .anyone, auditHead)
    }

    @Sendable func importFramework(_ request: Request, context: AppRequestContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard
            type.hasPrefix("application/json") || type.hasPrefix("application/yaml") || type.hasPrefix("application/x-yaml")
                || type.hasPrefix("text/yaml")
        else {
            throw DomainError(.unsupportedMediaType, "unsupported_media_type", "Bộ tiêu chí gửi dưới dạng application/json hoặc application/yaml.")
        }
        let data = try await JSON.collect(request, limit: 4 << 20)
        let document = try type.hasPrefix("application/json") ? DocumentValue.parseJSON(data) : FrameworkDocumentReader.read(data)
        let stored = try await services.admin.importFramework(document, by: context.requireCaller())
        return try JSON.response(FrameworkImportAnswer(stored), status: .created)
    }

    @Sendable func getFramework(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameter("code")
        let version = try context.parameter("version")
        guard let stored = try await services.admin.framework(code: code, version: version, by: context.requireCaller()) else {
            throw DomainError.notFound("bộ tiêu chí \(code) phiên bản \(version)")
        }
        return JSON.response(stored.framework.document)
    }

    @Sendable func putBlock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(BlockBody.self, request, context: context)
        let block = try await services.admin.saveBlock(Block(code: try context.parameter("code"), name: body.name), by: context.requireCaller())
        return try JSON.response(BlockAnswer(block))
    }

    @Sendable func listBlocks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let blocks = try await services.admin.blocks(by: context.requireCaller())
        return try JSON.response(blocks.map(BlockAnswer.init))
    }

    @Sendable func putUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(UnitBody.self, request, context: context)
        let unit = try await services.admin.saveUnit(
            Unit(code: try context.parameter("code"), name: body.name, blockCode: body.block),
            by: context.requireCaller()
        )
        return try JSON.response(UnitAnswer(unit))
    }

    @Sendable func listUnits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let units = try await services.admin.units(by: context.requireCaller())
        return try JSON.response(units.sorted { VietnameseText.precedes($0.name, $1.name) }.map(UnitAnswer.init))
    }

    @Sendable func createUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(NewUserBody.self, request, context: context)
        let user = try await services.admin.createUser(
            .init(username: body.username, name: body.name, role: body.role, unitCode: body.unit, password: body.password),
            by: context.requireCaller()
        )
        return try JSON.response(UserAnswer(user), status: .created)
    }

    @Sendable func listUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let users = try await services.admin.users(by: context.requireCaller())
        return try JSON.response(users.map(UserAnswer.init))
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try await services.admin.createToken(for: try context.parameter("username"), by: context.requireCaller())
        return try JSON.response(TokenAnswer(token: token), status: .created)
    }

    @Sendable func verifyAudit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let result = try await services.audit.verify()
        return try JSON.response(AuditAnswer(result))
    }

    @Sendable func auditHead(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSON.response(AuditHeadAnswer(try await services.audit.head()))
    }
}
