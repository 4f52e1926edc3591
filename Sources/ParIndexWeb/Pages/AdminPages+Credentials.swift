import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// The credentials part of the users page: why an account is disabled, the reason fields of
/// disable and enable, and the API tokens with their revoke forms (SECURITY.md CR-1…CR-3).
extension AdminPagesController {
    /// Revokes a token from the users page; the program that holds it is refused from its next request.
    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 4 << 10)
        try form.requireCSRF(context)
        let id = try context.tokenId()
        let token = try await services.tokens.revoke(id: id, by: caller)
        let notice = AdminWords(request).fill("admin.tokens.revoked", ["id": String(id), "username": token.username])
        return try await renderUsers(failure: nil, notice: notice, request: request, context: context)
    }

    /// The forms whose refusal is shown on an account's row rather than above the create form.
    static func isRowForm(_ form: String) -> Bool {
        form.hasPrefix("email-") || SiteURL.UserAction.allCases.contains { form.hasPrefix("\($0.rawValue)-") }
    }

    /// The id of a reason field on a row, which is also the name its refusal is filed under.
    static func reasonFormId(_ action: SiteURL.UserAction, _ username: String) -> String { "\(action.rawValue)-\(username)" }

    static func reasonField(_ action: SiteURL.UserAction, _ username: String, _ failure: FormFailure?) -> AdminUsersPage.ReasonField {
        let id = reasonFormId(action, username)
        let failed = failure?.form == id ? failure : nil
        return AdminUsersPage.ReasonField(
            reasonId: id,
            reasonValue: failed?.values["reason"] ?? "",
            reasonError: failed.map { FormMessage(message: $0.message) }
        )
    }

    /// "Disabled: reason (by whom, when)"; the inactivity rule and the command line named as such.
    static func disabledState(_ disabling: AccountDisabling, _ words: AdminWords) -> String {
        let by: String
        if disabling.by == "system" {
            by = words["admin.users.bySystem"]
        } else if disabling.by.hasPrefix(Caller.commandLinePrefix) {
            by = words.fill("admin.users.byCommandLine", ["name": String(disabling.by.dropFirst(Caller.commandLinePrefix.count))])
        } else {
            by = disabling.by
        }
        return words.fill("admin.users.disabledBecause", ["reason": disabling.reason, "by": by, "at": Timestamp.vietnamese(disabling.at)])
    }

    /// The tokens of the accounts shown, never the tokens themselves.
    static func tokenRows(_ tokens: [APIToken], of usernames: Set<String>, now: Date, _ words: AdminWords) -> [AdminUsersPage.Token] {
        tokens.filter { usernames.contains($0.username) }.compactMap { token in
            guard let id = token.id else { return nil }
            let expired = token.expiresAt <= now
            return AdminUsersPage.Token(
                id: id,
                username: token.username,
                label: token.label ?? "—",
                created: Timestamp.vietnamese(token.createdAt),
                lastUsed: token.lastUsedAt.map { Timestamp.vietnamese($0) } ?? words["admin.tokens.never"],
                expires: expired
                    ? words.fill("admin.tokens.expired", ["at": Timestamp.vietnamese(token.expiresAt)]) : Timestamp.vietnamese(token.expiresAt),
                expired: expired,
                revokeAction: SiteURL.revokeToken(id).path,
                revokeLabel: words.fill("admin.tokens.revokeLabel", ["id": String(id), "username": token.username])
            )
        }
    }
}
