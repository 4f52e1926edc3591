/// `/admin/users`: the form that creates an account first, then the accounts, filtered by words
/// (username, name or unit, diacritics folded) and role, with the steps an admin may take on each.
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
        var hasTotp: Bool
        var enableAction: String
        var totpResetAction: String
        var passwordResetAction: String
        var emailAction: String
        var emailId: String
        var email: String
        var emailError: FormMessage?
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
}
