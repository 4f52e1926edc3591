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
            var domain: DomainError
            // A reference the user can quote and the operator can find in the log (SECURITY.md LG-4).
            let reference = AuthService.randomHex(6)
            switch error {
            case let error as DomainError:
                if error.kind == .internalFailure {
                    context.logger.error("internal failure", metadata: ["code": .string(error.code), "reference": .string(reference)])
                } else if Self.inputRefusals.contains(error.kind) {
                    // Refused input is a security signal (SECURITY.md LG-5): what and where, never the input itself.
                    context.logger.notice(
                        "input refused",
                        metadata: [
                            "code": .string(error.code), "status": .stringConvertible(error.kind.status.code),
                            "method": .string(request.method.rawValue), "path": .string(LogText.safe(request.uri.path, max: 200)),
                        ]
                    )
                }
                domain = error
            case let error as HTTPError:
                domain = DomainError.from(error)
            default:
                // Never a stack trace or an internal message to the user; the log has the details.
                context.logger.error(
                    "unexpected error",
                    metadata: ["error": .string(LogText.safe(String(reflecting: error), max: 2000)), "reference": .string(reference)]
                )
                domain = DomainError.internalFailure()
            }
            if domain.kind == .internalFailure { domain.details["reference"] = .string(reference) }
            response = Self.wantsJSON(request) ? JSON.response(domain.document, status: domain.kind.status) : errorPage(domain, request, context)
            // A refusal that ends by itself says when (RFC 9110 Retry-After), for programs and browsers alike.
            if domain.kind == .tooManyRequests, case .number(let wait)? = domain.details["retryAfter"] { response.headers[.retryAfter] = wait }
            // A 405 names the methods the path does have (RFC 9110 §15.5.6).
            if domain.kind == .methodNotAllowed, case .string(let allow)? = domain.details["allow"] { response.headers[.allow] = allow }
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }

    /// Answers that mean "the request itself was not acceptable", logged as validation failures.
    static let inputRefusals: Set<DomainError.Kind> = [.badRequest, .unprocessable, .unsupportedMediaType, .tooLarge, .uriTooLong, .headersTooLarge]

    /// Programs get JSON; people (pages) get a Vietnamese error page that keeps the real status.
    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics"
    }

    func errorPage(_ error: DomainError, _ request: Request, _ context: Context) -> Response {
        // A person who is not signed in is sent to the login page rather than shown a 401, and comes
        // back to the page asked for once signed in.
        if error.kind == .unauthenticated, request.method == .get {
            return .redirect(to: SignInReturn.login(SignInReturn(requested: request)), type: .found)
        }
        // A form posted after the session ended goes back, after sign-in, to the page it was sent from.
        // Without JavaScript the body itself cannot survive sign-in: keeping it on the server for a
        // person not yet known, or replaying it without a fresh form token, would be unsafe. With
        // JavaScript the browser keeps what was typed (Public/js/drafts.js) and puts it back.
        if error.kind == .unauthenticated, request.method == .post, let back = SignInReturn(referer: request) {
            return .redirect(to: SignInReturn.login(back), type: .normal)
        }
        // This context never saw the caller (the auth middleware runs inside this one), so the page
        // would be marked cacheable for anonymous visitors: an error page is never stored (SECURITY.md A6).
        var response = renderer.page(
            ErrorPage(error),
            title: PageRenderer.string("error.title", request),
            context: context,
            request: request,
            status: error.kind.status
        )
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The error page's model. The reference is there only when the log holds it (our own failures):
/// a code nobody can look up, or an empty one, would only send people to report it in vain.
struct ErrorPage: PageModel {
    static let template = "error"
    var status: Int
    var message: String
    var reference: String?

    init(_ error: DomainError) {
        status = Int(error.kind.status.code)
        message = error.message
        reference = error.details["reference"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }
}

enum SecurityHeaders {
    static let policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    /// The policy of an evidence file shown in the browser: the same, plus a sandbox — the file
    /// gets an origin of its own and may run nothing, so even a file a browser mistook for a page
    /// could reach nothing of the site.
    static let sandboxed = "sandbox; " + policy

    static func apply(to headers: inout HTTPFields) {
        // A handler may set a stricter policy of its own (an evidence file shown inline is sandboxed).
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = policy }
        headers[.xContentTypeOptions] = "nosniff"
        headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        headers[.referrerPolicy] = "same-origin"
        headers[.xFrameOptions] = "DENY"
        headers[.crossOriginOpenerPolicy] = "same-origin"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        // Static CSS and JS come without a charset from the file middleware; every text we serve is UTF-8.
        if let type = headers[.contentType], type.hasPrefix("text/") || type.hasPrefix("application/javascript"),
            !type.lowercased().contains("charset")
        {
            headers[.contentType] = type + "; charset=utf-8"
        }
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let csrfToken = Self("X-CSRF-Token")!
    static let secFetchSite = Self("Sec-Fetch-Site")!
    /// Sent by a page's script that wants one row of the page back rather than the whole page.
    static let parindexFragment = Self("X-ParIndex-Fragment")!
}
