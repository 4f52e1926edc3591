import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// Identifies the caller from `Authorization: Bearer …` or the session cookie. Cookie-authenticated
/// writes must carry the session's CSRF token in `X-CSRF-Token` and must not come cross-site
/// (SECURITY.md CS). Nothing here decides permissions: routes and the access policy do.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "__Host-parindex_session"

    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            return try await identify(request, &context, next: next)
        } catch let error as DomainError where error.kind == .forbidden {
            // Authorisation failures are security events (SECURITY.md LG-1): who, what, where — never the body.
            // Logged here because only this context knows the caller.
            context.logger.notice(
                "access refused",
                metadata: [
                    "user": .string(context.caller?.username ?? "-"), "method": .string(request.method.rawValue),
                    "path": .string(LogText.safe(request.uri.path, max: 200)), "code": .string(error.code),
                ]
            )
            throw error
        }
    }

    func identify(_ request: Request, _ context: inout Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), let caller = try await auth.callerForToken(String(authorization.dropFirst(7))) else {
                throw DomainError(.unauthenticated, "invalid_token", "Mã truy cập (token) không hợp lệ.")
            }
            context.caller = caller
        } else if let sessionId = request.cookies[Self.cookieName]?.value, let (caller, csrf) = try await auth.callerForSession(sessionId) {
            context.caller = caller
            context.sessionId = sessionId
            context.csrfToken = csrf
            if !Self.isSafe(request.method) {
                // Cross-site writes are refused by Fetch Metadata, or by Origin/Referer where a browser
                // sends no Fetch Metadata (SECURITY.md CS-3).
                if request.headers[.secFetchSite] == "cross-site" || !Self.sameOrigin(request) {
                    throw DomainError.forbidden("Yêu cầu từ trang web khác bị từ chối.")
                }
                // Pages check the `_csrf` form field themselves (they read the form); the API checks the
                // header here. Signing in again needs none: it only replaces this session.
                let isLogin = request.uri.path == "/api/v1/session" && request.method == .post
                if request.uri.path.hasPrefix("/api/"), !isLogin {
                    guard let sent = request.headers[.csrfToken], Digests.constantTimeEqual(sent, csrf) else {
                        throw DomainError(.forbidden, "csrf", "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang.")
                    }
                }
            }
        }
        return try await next(request, context)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool { method == .get || method == .head || method == .options }

    /// With an `Origin` (or, failing that, a `Referer`), its host must be the one the request was sent
    /// to. A request with neither is a program, not a browser, and passes.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let source = request.headers[.origin] ?? request.headers[.referer] else { return true }
        guard let host = request.head.authority else { return false }
        guard let url = URL(string: source), let sourceHost = url.host else { return false }
        let sourceAuthority = url.port.map { "\(sourceHost):\($0)" } ?? sourceHost
        return sourceAuthority.lowercased() == host.lowercased()
    }
}
