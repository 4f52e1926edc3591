import Foundation
import Hummingbird
import ParIndexCore

/// The signed-in person's own account: changing the password.
struct AccountPagesController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/account/password", .signedIn, show)
        routes.on(.post, "/account/password", .signedIn, change)
    }

    func page(
        _ request: Request,
        _ context: AppRequestContext,
        error: String? = nil,
        done: Bool = false,
        status: HTTPResponse.Status = .ok
    )
        -> Response
    {
        renderer.page(
            AccountPasswordPage(minLength: PasswordPolicy.minLength, done: done, failed: error.map(FormMessage.init)),
            title: PageRenderer.string("account.password.title", request),
            context: context,
            request: request,
            status: status
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        page(request, context, done: request.uri.queryParameters.get("done") != nil)
    }

    /// The password form: the current password and the new one twice.
    struct PasswordChangeForm: SignedForm {
        var csrf: String
        var current: String?
        var new: String?
        var confirm: String?
        enum CodingKeys: String, CodingKey {
            case csrf = "_csrf"
            case current, new, confirm
        }
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form.decode(PasswordChangeForm.self, request, context: context, limit: 8 << 10)
        let caller = try context.requireCaller()
        let new = form.new ?? ""
        guard new == form.confirm else {
            return page(request, context, error: PageRenderer.string("account.password.mismatch", request), status: .unprocessableContent)
        }
        do {
            try await services.auth.changePassword(
                username: caller.username,
                current: form.current ?? "",
                new: new,
                keepSession: context.sessionId
            )
        } catch let error as DomainError where error.kind == .unprocessable {
            return page(request, context, error: error.message, status: .unprocessableContent)
        }
        return .redirect(to: SiteURL.accountPassword(done: true).path, type: .found)
    }
}
