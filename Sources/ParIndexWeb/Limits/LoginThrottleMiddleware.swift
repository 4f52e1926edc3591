import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// Counts refused sign-ins per client address on every route that checks a secret of an account
/// (password, TOTP code, reset code) and answers 429 with `Retry-After` once an address is over its
/// budget, before any secret is checked (SECURITY.md AU-6). Programs get the contract's JSON error;
/// people get the login page with a Vietnamese message.
struct LoginThrottleMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let settings: LoginThrottleSettings
    let throttle: LoginThrottle
    let clock: any WallClock
    let loginPages: AuthPagesController

    init(settings: LoginThrottleSettings, clock: any WallClock, loginPages: AuthPagesController) {
        self.settings = settings
        self.throttle = LoginThrottle(settings)
        self.clock = clock
        self.loginPages = loginPages
    }

    /// The statuses that mean "a secret was refused" on each throttled route.
    static let refusals: [String: Set<HTTPResponse.Status>] = [
        "/api/v1/session": [.unauthorized, .tooManyRequests],
        "/login": [.unauthorized, .tooManyRequests],
        "/login/code": [.unauthorized, .tooManyRequests],
        // A wrong or expired reset code is 422 there (as is a new password the policy refuses).
        "/password-reset": [.unauthorized, .tooManyRequests, .unprocessableContent],
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let refused = Self.refusals[request.uri.path] else { return try await next(request, context) }
        let address = ClientAddress.of(request, context, trustForwardedFor: settings.trustForwardedFor)
        if let wait = throttle.retryAfter(address, now: clock.now()) {
            context.logger.notice("login throttled", metadata: ["address": .string(LogText.safe(address)), "retryAfter": .stringConvertible(wait)])
            return tooMany(request, context, wait: wait)
        }
        do {
            let response = try await next(request, context)
            if refused.contains(response.status) { throttle.recordFailure(address, now: clock.now()) }
            return response
        } catch let error as DomainError where refused.contains(error.kind.status) {
            throttle.recordFailure(address, now: clock.now())
            throw error
        }
    }

    func tooMany(_ request: Request, _ context: Context, wait: Int) -> Response {
        let minutes = (wait + 59) / 60
        let error = DomainError(
            .tooManyRequests,
            "too_many_attempts",
            "Quá nhiều lần đăng nhập không thành công từ địa chỉ này; hãy thử lại sau \(minutes) phút.",
            details: ["retryAfter": .number(String(wait))]
        )
        var response =
            ErrorMiddleware.wantsJSON(request)
            ? JSON.response(error.document, status: .tooManyRequests)
            : loginPages.loginPage(request, context, failed: error.message, status: .tooManyRequests)
        response.headers[.retryAfter] = String(wait)
        return response
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
