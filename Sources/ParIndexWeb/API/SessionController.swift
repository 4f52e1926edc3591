import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// Browser sign-in: a server-side session in SQLite, the id in a `__Host-` cookie (Secure,
/// HttpOnly, SameSite=Lax) and a CSRF token for writes.
struct SessionController {
    let services: Services

    func addRoutes(to routes: RouteTable) {
        routes.on(.post, "/api/v1/session", .anyone, login)
        routes.on(.delete, "/api/v1/session", .anyone, logout)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSON.body(LoginBody.self, request, context: context, limit: 16 << 10)
        let username = body.username
        let session: AuthService.NewSession
        do {
            // Admins and reviewers add the current TOTP code (SECURITY.md AU); enrolment happens in pages.
            session = try await services.auth.login(username: username, password: body.password, totp: body.totp)
        } catch let error as DomainError where error.kind == .unauthenticated || error.kind == .tooManyRequests {
            // Every sign-in failure is logged with the name tried (escaped), never the password (SECURITY.md LG-1, LG-2, LG-3).
            context.logger.notice("login failed", metadata: ["username": .string(LogText.safe(username)), "code": .string(error.code)])
            throw error
        }
        context.logger.info("login", metadata: ["username": .string(session.user.username)])
        // The new session replaces the one this browser had (SECURITY.md SE-2).
        if let previous = context.sessionId { try await services.auth.logout(sessionId: previous) }
        var response = try JSON.response(SessionAnswer(session), status: .created)
        response.headers[values: .setCookie] = [Self.cookie(session.id)]
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let id = context.sessionId { try await services.auth.logout(sessionId: id) }
        var response = Response(status: .noContent)
        response.headers[values: .setCookie] = [Self.cookie("", maxAge: 0)]
        return response
    }

    static func cookie(_ value: String, maxAge: Int? = nil) -> String {
        "\(AuthMiddleware.cookieName)=\(value); Path=/; Secure; HttpOnly; SameSite=Lax" + (maxAge.map { "; Max-Age=\($0)" } ?? "")
    }
}
