import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// The sign-in steps after the password: the TOTP code for admins and reviewers (with enrolment the
/// first time), and setting a password with a one-time code an admin issued (SECURITY.md AU,
/// AU-8, AU-9). Both forms carry the login page's double-submit CSRF token.
struct SignInStepsController {
    let services: Services
    let renderer: PageRenderer
    let loginPages: AuthPagesController
    /// Holds the pending second step's id for five minutes; the server keeps only its SHA-256.
    static let challengeName = "__Host-parindex_2fa"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/login/code", .anyone, showCode)
        routes.on(.post, "/login/code", .anyone, submitCode)
        routes.on(.get, "/password-reset", .anyone, showReset)
        routes.on(.post, "/password-reset", .anyone, submitReset)
    }

    static func challengeCookie(_ value: String, maxAge: Int = 300) -> String {
        "\(challengeName)=\(value); Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
    }

    /// The end of every successful sign-in from a page: the new session replaces the browser's old
    /// one (SECURITY.md SE-2) and the step cookies are cleared.
    /// It lands on `next`, the page the person was on, or else the dashboard.
    static func signedIn(
        _ session: AuthService.NewSession,
        next: SignInReturn?,
        services: Services,
        context: AppRequestContext
    ) async throws -> Response {
        if let previous = context.sessionId { try await services.auth.logout(sessionId: previous) }
        context.logger.info("login", metadata: ["username": .string(session.user.username)])
        var response = Response.redirect(to: next?.path ?? SiteURL.dashboard.path, type: .found)
        response.headers[values: .setCookie] = [
            SessionController.cookie(session.id), "\(AuthPagesController.loginCookie)=; Path=/; Secure; HttpOnly; Max-Age=0",
            challengeCookie("", maxAge: 0),
        ]
        return response
    }

    func sentTokenMatches(_ request: Request, _ sent: String?) -> Bool {
        guard let cookie = request.cookies[AuthPagesController.loginCookie]?.value, let sent else { return false }
        return Digests.constantTimeEqual(cookie, sent)
    }

    // MARK: - TOTP

    @Sendable func showCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = SignInReturn(query: request)
        if context.caller != nil { return .redirect(to: next?.path ?? SiteURL.dashboard.path, type: .found) }
        return try await codePage(request, context, next: next)
    }

    func codePage(
        _ request: Request,
        _ context: AppRequestContext,
        failed: String? = nil,
        next: SignInReturn?,
        status: HTTPResponse.Status = .ok
    ) async throws
        -> Response
    {
        guard let challenge = request.cookies[Self.challengeName]?.value, !challenge.isEmpty else {
            return .redirect(to: SignInReturn.login(next), type: .found)
        }
        let step: AuthService.SecondFactor
        do {
            step = try await services.auth.secondFactor(challenge: challenge)
        } catch let error as DomainError where error.kind == .unauthenticated {
            return expired(request, context, error, next: next)
        }
        var page = LoginCodePage(
            username: "",
            signInReturn: SignInReturnField.of(next),
            failed: failed.map(FormMessage.init),
            restartHref: SignInReturn.login(next)
        )
        switch step {
        case .code(let user):
            page.username = user.username
        case .enrol(let user, let secret, let uri):
            page.username = user.username
            // Groups of four are easier to type into an app by hand.
            let grouped = stride(from: 0, to: secret.count, by: 4).map { String(secret.dropFirst($0).prefix(4)) }.joined(separator: " ")
            // Without a QR code the key can still be typed, so a failure to draw one never stops enrolment.
            let qr = (try? QRCode(uri)).map { QRCodeSVG.svg($0, label: PageRenderer.string("login.enrol.qr", request)) } ?? ""
            page.enrol = LoginCodePage.Enrol(secret: grouped, uri: uri, qr: qr)
        }
        return loginPages.tokenPage(
            page,
            title: PageRenderer.string(page.enrol == nil ? "login.code.title" : "login.enrol.title", request),
            request: request,
            context: context,
            status: status
        )
    }

    func expired(_ request: Request, _ context: AppRequestContext, _ error: DomainError, next: SignInReturn?) -> Response {
        // A disabled code-step account hears it only here, after its right code (AuthService.completeSecondFactor).
        let message = error.code == "account_disabled" ? PageRenderer.string("login.disabled", request) : error.message
        var response = loginPages.loginPage(request, context, failed: message, next: next, status: error.kind.status)
        response.headers[values: .setCookie].append(Self.challengeCookie("", maxAge: 0))
        return response
    }

    @Sendable func submitCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form.fields(CodeForm.self, request, limit: 4 << 10) ?? CodeForm()
        let next = SignInReturn(form.next)
        guard sentTokenMatches(request, form.csrf) else {
            return try await codePage(request, context, failed: "Biểu mẫu đã hết hạn; hãy thử lại.", next: next, status: .forbidden)
        }
        guard let challenge = request.cookies[Self.challengeName]?.value, !challenge.isEmpty else {
            return .redirect(to: SignInReturn.login(next), type: .found)
        }
        do {
            let session = try await services.auth.completeSecondFactor(challenge: challenge, code: form.code ?? "")
            return try await Self.signedIn(session, next: next, services: services, context: context)
        } catch let error as DomainError where error.code == "invalid_totp" {
            context.logger.notice("second factor failed", metadata: ["code": .string(error.code)])
            return try await codePage(request, context, failed: error.message, next: next, status: error.kind.status)
        } catch let error as DomainError where error.kind == .unauthenticated || error.kind == .tooManyRequests {
            context.logger.notice("second factor failed", metadata: ["code": .string(error.code)])
            return expired(request, context, error, next: next)
        }
    }

    // MARK: - Password reset with an admin-issued code

    func resetPage(
        _ request: Request,
        _ context: AppRequestContext,
        username: String = "",
        failed: String? = nil,
        done: Bool = false,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        loginPages.tokenPage(
            PasswordResetPage(
                username: String(username.prefix(64)),
                minLength: PasswordPolicy.minLength,
                done: done,
                failed: failed.map(FormMessage.init)
            ),
            title: PageRenderer.string("reset.title", request),
            request: request,
            context: context,
            status: status
        )
    }

    @Sendable func showReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        resetPage(request, context, done: request.uri.queryParameters.get("done") != nil)
    }

    @Sendable func submitReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form.fields(ResetForm.self, request, limit: 8 << 10) ?? ResetForm()
        let username = form.username ?? ""
        guard sentTokenMatches(request, form.csrf) else {
            return resetPage(request, context, username: username, failed: "Biểu mẫu đã hết hạn; hãy thử lại.", status: .forbidden)
        }
        let new = form.new ?? ""
        guard new == form.confirm else {
            return resetPage(
                request,
                context,
                username: username,
                failed: PageRenderer.string("account.password.mismatch", request),
                status: .unprocessableContent
            )
        }
        do {
            try await services.accounts.resetPassword(username: username, code: form.code ?? "", new: new)
        } catch let error as DomainError where [.unprocessable, .tooManyRequests, .unauthenticated].contains(error.kind) {
            context.logger.notice("password reset refused", metadata: ["code": .string(error.code)])
            return resetPage(request, context, username: username, failed: error.message, status: error.kind.status)
        }
        return .redirect(to: SiteURL.passwordReset(done: true).path, type: .found)
    }
}
