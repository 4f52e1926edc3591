import HTTPTypes
import Hummingbird
import Logging
import ParIndexCore

/// Turns every error into the contract's JSON shape with the right status, logs only our own
/// failures, and adds the security headers to every response, errors included (SECURITY.md A6).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let domain: DomainError
            switch error {
            case let error as DomainError:
                if error.kind == .internalFailure { context.logger.error("internal failure: \(error.code)") }
                domain = error
            case let error as HTTPError:
                domain = DomainError.from(error)
            default:
                // Never a stack trace or an internal message to the user; the log has the details.
                context.logger.error("unexpected error: \(String(reflecting: error))")
                domain = DomainError.internalFailure()
            }
            response = Self.wantsJSON(request) ? JSON.response(domain.document, status: domain.kind.status) : errorPage(domain, request, context)
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }

    /// Programs get JSON; people (pages) get a Vietnamese error page that keeps the real status.
    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics"
    }

    func errorPage(_ error: DomainError, _ request: Request, _ context: Context) -> Response {
        // A person who is not signed in is sent to the login page rather than shown a 401.
        if error.kind == .unauthenticated, request.method == .get { return .redirect(to: "/login", type: .found) }
        return renderer.page(
            "error",
            title: PageRenderer.string("error.title", request),
            model: ["status": Int(error.kind.status.code), "message": error.message],
            context: context,
            request: request,
            status: error.kind.status
        )
    }
}

enum SecurityHeaders {
    static func apply(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        headers[.referrerPolicy] = "same-origin"
        headers[.xFrameOptions] = "DENY"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let csrfToken = Self("X-CSRF-Token")!
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
