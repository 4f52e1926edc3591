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
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), let caller = try await auth.callerForToken(String(authorization.dropFirst(7))) else {
                throw DomainError(.unauthenticated, "invalid_token", "Mã truy cập (token) không hợp lệ.")
            }
            context.caller = caller
        } else if let sessionId = request.cookies[Self.cookieName]?.value, let (caller, csrf) = try await auth.callerForSession(sessionId) {
            context.caller = caller
            context.sessionId = sessionId
            context.csrfToken = csrf
            // Pages check the `_csrf` form field themselves (they read the form); the API checks the header here.
            if !Self.isSafe(request.method), request.uri.path.hasPrefix("/api/") {
                if request.headers[.secFetchSite] == "cross-site" {
                    throw DomainError.forbidden("Yêu cầu từ trang web khác bị từ chối.")
                }
                guard let sent = request.headers[.csrfToken], Self.constantTimeEqual(sent, csrf) else {
                    throw DomainError(.forbidden, "csrf", "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang.")
                }
            }
        }
        return try await next(request, context)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool { method == .get || method == .head || method == .options }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
