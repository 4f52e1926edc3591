import Foundation

/// The sign-in forms' fields. Their token is checked against the sign-in cookie (no session yet),
/// and a form without one is refused on its own page, so every field may be missing.

/// `POST /login`.
struct LoginForm: Decodable {
    var csrf: String?
    var next: String?
    var username: String?
    var password: String?
    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf"
        case next = "next"  // `SignInReturn.field`
        case username, password
    }
}

/// `POST /login/code`: the TOTP code of the second step.
struct CodeForm: Decodable {
    var csrf: String?
    var next: String?
    var code: String?
    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf"
        case next = "next"  // `SignInReturn.field`
        case code
    }
}

/// `POST /password-reset`: the admin-issued code and the new password twice.
struct ResetForm: Decodable {
    var csrf: String?
    var username: String?
    var code: String?
    var new: String?
    var confirm: String?
    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf"
        case username, code, new, confirm
    }
}
