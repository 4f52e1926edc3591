/// `/admin/users`: the form that creates an account first, then the accounts, filtered by words
/// (username, name or unit, diacritics folded) and role, with the steps an admin may take on each
/// (disable and enable with a reason), then the API tokens of the accounts shown, each revocable.
struct AdminUsersPage: PageModel {
    static let template = "admin-users"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Row {
        var username: String
        var name: String
        var role: String
        var unit: String
        var state: String
        var lastLogin: String
        var totp: String
        var canEnable: Bool
        /// "Bật lại tài khoản…" for a disabled account, "Mở khoá tài khoản" for a locked one.
        var enableLabel: String
        /// Not disabled, and not the admin looking at the page (nobody disables their own account).
        var canDisable: Bool
        var hasTotp: Bool
        var enableAction: String
        var disableAction: String
        /// The reason forms' field ids and what was typed in them, with a refusal if any.
        var enable: ReasonField
        var disable: ReasonField
        var totpResetAction: String
        var passwordResetAction: String
        var emailAction: String
        var emailId: String
        var email: String
        var emailError: FormMessage?
    }

    /// A disable's or enable's reason field on one row (SECURITY.md CR-3).
    /// Its own key names, so nothing falls through to the create form's `error` on the page.
    struct ReasonField {
        var reasonId: String
        var reasonValue: String
        var reasonError: FormMessage?
    }

    /// One API token, listed without the token itself (SECURITY.md CR-1), with its revoke form.
    struct Token {
        var id: Int64
        var username: String
        var label: String
        var created: String
        var lastUsed: String
        var expires: String
        var expired: Bool
        var revokeAction: String
        /// Names the token for a screen reader: "Thu hồi mã số 3 của u.a1".
        var revokeLabel: String
    }

    /// The filter form (a `GET` to this page, so it works without JavaScript and can be linked).
    struct Filter {
        var action = SiteURL.users().path
        var text: String
        var roles: [SelectOption]
        var active: Bool
        var shown: String
        var clearHref = SiteURL.users().path
    }

    let nav = AdminNav()
    var notice: FormMessage?
    var error: FormMessage?
    var action = SiteURL.createUser.path
    var username: String
    var name: String
    var email: String
    var roles: [SelectOption]
    var unitOptions: [SelectOption]
    var filter: Filter
    var users: [Row]
    var hasUsers: Bool
    /// The tokens of the accounts shown, by username then age.
    var tokens: [Token]
    var hasTokens: Bool
    var tokensLead: String
}
