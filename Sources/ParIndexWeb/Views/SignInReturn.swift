import Foundation
import Hummingbird

/// The page a person goes back to after signing in, carried as `next` through the password and
/// code steps. Only a path on this server is accepted: anything a browser could read as another
/// origin (`//host`, `/\host`, `https://…`) or a header-splitting character is refused, so the
/// field cannot be used to send someone elsewhere (open redirect).
struct SignInReturn: Equatable {
    /// A path and query on this server, starting with a single `/`.
    let path: String

    init?(_ text: String?) {
        guard let text, text.count <= 1000, text.hasPrefix("/"), !text.hasPrefix("//") else { return nil }
        // Browsers read `\` as `/`, so `/\host` is `//host`; controls and non-ASCII never belong in a
        // Location header.
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return nil }
        // Signing in again from the sign-in steps themselves, or to the JSON API, is no page to return to.
        let page = text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? text
        guard !["/login", "/login/code", "/logout"].contains(page), !page.hasPrefix("/api/") else { return nil }
        path = text
    }

    /// The page a request asked for, or nil for the dashboard (where sign-in lands anyway).
    init?(requested request: Request) {
        let path = request.uri.path
        guard path != "/dashboard", path != "/" else { return nil }
        self.init(request.uri.query.map { "\(path)?\($0)" } ?? path)
    }

    /// The `next` a sign-in page was opened with.
    init?(query request: Request) {
        self.init(request.uri.queryParameters.get(Self.field).map { String($0) })
    }

    /// The page a form was posted from, named by the browser's same-origin `Referer`
    /// (the referrer policy is `same-origin`, so other sites' pages never arrive here).
    init?(referer request: Request) {
        guard let referer = request.headers[.referer], let url = URL(string: referer), let host = url.host,
            let authority = request.head.authority
        else { return nil }
        let sourceAuthority = url.port.map { "\(host):\($0)" } ?? host
        guard sourceAuthority.lowercased() == authority.lowercased() else { return nil }
        let path = url.path.isEmpty ? "/" : url.path
        guard path != "/dashboard", path != "/" else { return nil }
        self.init(url.query.map { "\(path)?\($0)" } ?? path)
    }

    /// The `next` field's value, from a query or a form.
    static let field = "next"

    /// `/login`, or `/login?next=…` to come back to `next`.
    static func login(_ next: SignInReturn?) -> String { withNext("/login", next) }

    /// `/login/code`, keeping `next` for the code step.
    static func code(_ next: SignInReturn?) -> String { withNext("/login/code", next) }

    private static func withNext(_ base: String, _ next: SignInReturn?) -> String {
        guard let next else { return base }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return "\(base)?\(field)=\(next.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }
}

/// The hidden `next` field of the sign-in forms (absent when sign-in goes to the dashboard).
struct SignInReturnField {
    let next: String

    static func of(_ next: SignInReturn?) -> SignInReturnField? { next.map { SignInReturnField(next: $0.path) } }
}
