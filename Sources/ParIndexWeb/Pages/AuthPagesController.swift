import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// Sign in and out from the browser. The login form itself is protected against login CSRF by a
/// double-submit token in a short-lived `__Host-` cookie (SECURITY.md CS-5).
struct AuthPagesController {
    let services: Services
    let renderer: PageRenderer
    /// Shared by every copy of this controller in one router (the throttle keeps one for its page).
    let lockNotices: SignInLockNotices
    static let loginCookie = "__Host-parindex_login"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/login", .anyone, showLogin)
        routes.on(.post, "/login", .anyone, login)
        routes.on(.post, "/logout", .signedIn, logout)
        SignInStepsController(services: services, renderer: renderer, loginPages: self).addRoutes(to: routes)
    }

    func loginPage(
        _ request: Request,
        _ context: AppRequestContext,
        failed: String? = nil,
        lockHint: Bool = false,
        username: String = "",
        next: SignInReturn? = nil,
        status: HTTPResponse.Status = .ok
    )
        -> Response
    {
        tokenPage(
            LoginPage(
                username: username,
                signInReturn: SignInReturnField.of(next),
                failed: failed.map(FormMessage.init),
                lockHint: lockHint
            ),
            title: PageRenderer.string("login.title", request),
            request: request,
            context: context,
            status: status
        )
    }

    /// A page shown before sign-in, whose form carries a fresh double-submit token (SECURITY.md CS-4).
    func tokenPage<Page: SignInFormPage>(
        _ page: Page,
        title: String,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status
    ) -> Response {
        let token = AuthService.randomHex(16)
        var page = page
        page.loginCsrf = token
        var response = renderer.page(page, title: title, context: context, request: request, status: status)
        response.headers[values: .setCookie].append("\(Self.loginCookie)=\(token); Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=1800")
        return response
    }

    @Sendable func showLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = SignInReturn(query: request)
        if context.caller != nil { return .redirect(to: next?.path ?? SiteURL.dashboard.path, type: .found) }
        return loginPage(request, context, next: next)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form.fields(LoginForm.self, request, limit: 8 << 10) ?? LoginForm()
        let next = SignInReturn(form.next)
        guard let cookie = request.cookies[Self.loginCookie]?.value, let sent = form.csrf, Digests.constantTimeEqual(cookie, sent) else {
            return loginPage(request, context, failed: "Biểu mẫu đã hết hạn; hãy thử lại.", next: next, status: .forbidden)
        }
        let username = form.username ?? ""
        do {
            let step = try await services.auth.beginLogin(username: username, password: form.password ?? "")
            lockNotices.succeeded(username)
            switch step {
            case .signedIn(let session):
                return try await SignInStepsController.signedIn(session, next: next, services: services, context: context)
            case .secondFactor(let challenge, _):
                // Admins and reviewers still owe a TOTP code (or enrolment): the next page asks for it.
                // An enrolled one comes here whatever the password; the code step tells (decision 0029).
                var response = Response.redirect(to: SignInReturn.code(next), type: .found)
                response.headers[values: .setCookie] = [SignInStepsController.challengeCookie(challenge)]
                return response
            }
        } catch let error as DomainError where error.kind == .unauthenticated || error.kind == .tooManyRequests {
            context.logger.notice("login failed", metadata: ["username": .string(LogText.safe(username)), "code": .string(error.code)])
            var message = error.kind == .tooManyRequests ? error.message : PageRenderer.string("login.failed", request)
            var lockHint = error.code == "invalid_credentials"
            // Said only after the right password (AuthService.beginLogin): the person is told why.
            if error.code == "account_disabled" { message = PageRenderer.string("login.disabled", request) }
            if error.code == "invalid_credentials", let until = lockNotices.refused(username, now: services.clock.now()) {
                lockHint = false
                // Said after the same tries for any name, real or not, whatever the password (decision 0017).
                message = PageRenderer.string("login.locked", request).replacingOccurrences(of: "{until}", with: Timestamp.vietnamese(until))
                    .replacingOccurrences(of: "{count}", with: String(services.auth.policy.maxFailures))
            }
            return loginPage(
                request,
                context,
                failed: message,
                lockHint: lockHint,
                username: String(username.prefix(64)),
                next: next,
                status: error.kind.status
            )
        }
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await Form.decode(TokenForm.self, request, context: context)
        if let id = context.sessionId { try await services.auth.logout(sessionId: id) }
        var response = Response.redirect(to: SiteURL.home.path, type: .found)
        response.headers[values: .setCookie] = [SessionController.cookie("", maxAge: 0)]
        return response
    }
}
