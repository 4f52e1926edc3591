/// A page shown before sign-in whose form carries the double-submit token of the login cookie
/// (SECURITY.md CS-4): the controller sets `loginCsrf` and the cookie together.
protocol SignInFormPage: PageModel {
    var loginCsrf: String { get set }
}

/// `/login`: username and password.
struct LoginPage: SignInFormPage {
    static let template = "login"

    var loginCsrf = ""
    var action = SiteURL.login.path
    var username: String
    var signInReturn: SignInReturnField?
    var failed: FormMessage?
    /// Under a refusal that does not say "locked": the lock rule, so that the refusal is true even
    /// when the account is locked by tries this page never saw (decision 0029).
    var lockHint = false
}

/// `/login/code`: the TOTP code, with enrolment (the secret and its URI) the first time.
struct LoginCodePage: SignInFormPage {
    static let template = "login-code"

    struct Enrol {
        var secret: String
        var uri: String
        /// The URI as an inline SVG QR code (drawn by our code from libqrencode's modules).
        var qr: String
    }

    var loginCsrf = ""
    var action = SiteURL.loginCode.path
    var username: String
    var signInReturn: SignInReturnField?
    var enrol: Enrol?
    var failed: FormMessage?
    var restartHref: String
}

/// `/password-reset`: a new password with the one-time code an admin issued.
struct PasswordResetPage: SignInFormPage {
    static let template = "password-reset"

    var loginCsrf = ""
    var action = SiteURL.passwordReset().path
    var loginHref = SiteURL.login.path
    var username: String
    var minLength: Int
    var done: Bool
    var failed: FormMessage?
}

/// `/account/password`: the signed-in person changes their own password.
struct AccountPasswordPage: PageModel {
    static let template = "account-password"

    var action = SiteURL.accountPassword().path
    var minLength: Int
    var done: Bool
    var failed: FormMessage?
}
