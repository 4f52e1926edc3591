import Foundation
import Hummingbird
import ParIndexCore

/// API tokens listed and revoked, accounts disabled and enabled (SECURITY.md CR-1…CR-3). Whose
/// tokens a caller may see is the domain's rule: anyone signed in reaches the handlers, and
/// another person's tokens are 404 to all but admins.
struct CredentialsController {
    let services: Services

    func addRoutes(to routes: RouteTable) {
        let admin = Access.roles([.admin])
        routes.on(.get, "/api/v1/users/:username/tokens", .signedIn, listTokens)
        routes.on(.delete, "/api/v1/tokens/:id", .signedIn, revokeToken)
        routes.on(.post, "/api/v1/users/:username/disable", admin, disableUser)
        routes.on(.post, "/api/v1/users/:username/enable", admin, enableUser)
    }

    @Sendable func listTokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let tokens = try await services.tokens.list(username: try context.parameter("username"), by: context.requireCaller())
        return try JSON.response(tokens.map(TokenInfoAnswer.init))
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await services.tokens.revoke(id: try context.tokenId(), by: context.requireCaller())
        return Response(status: .noContent)
    }

    @Sendable func disableUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(ReasonBody.self, request, context: context, limit: 16 << 10)
        let user = try await services.accounts.disable(try context.parameter("username"), reason: body.reason, by: context.requireCaller())
        return try JSON.response(UserAnswer(user))
    }

    @Sendable func enableUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(ReasonBody.self, request, context: context, limit: 16 << 10)
        let user = try await services.accounts.enable(try context.parameter("username"), reason: body.reason, by: context.requireCaller())
        return try JSON.response(UserAnswer(user))
    }
}

extension AppRequestContext {
    /// The `:id` of a token route. Ids are whole numbers; anything else names no token (404).
    func tokenId() throws -> Int64 {
        let raw = try parameter("id")
        guard let id = Int64(raw), id > 0 else { throw DomainError.notFound("mã truy cập số \(raw)") }
        return id
    }
}
