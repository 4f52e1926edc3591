import HTTPTypes
import Hummingbird
import Logging
import ParIndexCore

/// Turns every error into the contract's JSON shape with the right status, logs only our own
/// failures, and adds the security headers to every response, errors included (SECURITY.md A6).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as DomainError {
            if error.kind == .internalFailure { context.logger.error("internal failure: \(error.code)") }
            response = JSON.response(error.document, status: error.kind.status)
        } catch let error as HTTPError {
            let domain = DomainError.from(error)
            response = JSON.response(domain.document, status: domain.kind.status)
        } catch {
            // Never a stack trace or an internal message to the user; the log has the details.
            context.logger.error("unexpected error: \(String(reflecting: error))")
            response = JSON.response(DomainError.internalFailure().document, status: .internalServerError)
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
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
