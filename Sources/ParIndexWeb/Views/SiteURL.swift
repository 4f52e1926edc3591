import Foundation
import ParIndexCore

/// The site's pages and forms outside one cycle's workflow (those are `CycleURL`), built in one
/// place: a link is a case here, never a path assembled in a controller or a template, so a
/// misspelt link is a compile error, and `SiteURLTests` checks that every case lands on a route.
enum SiteURL: Equatable {
    case home
    case dashboard
    case login
    case logout
    case loginCode
    case passwordReset(done: Bool = false)
    case accountPassword(done: Bool = false)

    case results(String)
    case scoreCard(cycle: String, unit: String)
    case resultsData(cycle: String, ResultsFormat)

    case admin
    /// The new-cycle form; `framework` (`code|version`) chooses the framework and ticks its blocks' units.
    case newCycle(framework: String? = nil)
    case createCycle
    case units(edit: String? = nil, saved: String? = nil, imported: Int? = nil)
    case unitForm
    case saveUnit
    case saveBlock
    case importUnits
    case users(filter: UserFilter = UserFilter(), created: String? = nil)
    case createUser
    case userAction(username: String, UserAction)
    case frameworks
    case frameworkImported(code: String, version: String)
    /// A user's e-mail address (POST).
    case userEmail(String)
    /// Revokes an API token (POST; SECURITY.md CR-2).
    case revokeToken(Int64)
    /// The e-mail outbox: sent, waiting and given-up mail.
    case adminMail
    /// Sends every unsent e-mail on its way again (POST).
    case adminMailRetry
    case notifications
    /// Marks one notification read (POST).
    case notificationRead(Int64)
    /// Marks every notification read (POST).
    case notificationsRead

    /// The published results as the API serves them.
    enum ResultsFormat: String {
        case json = ""
        case csv = ".csv"
        case xlsx = ".xlsx"
    }

    /// An admin's step on one account (SECURITY.md AU-6, AU-9, CR-3).
    enum UserAction: String, CaseIterable {
        case enable
        case disable
        case totpReset = "totp-reset"
        case passwordReset = "password-reset"
    }

    /// The users page's filter: words in the username, name or unit, and a role.
    struct UserFilter: Equatable {
        var text: String = ""
        var role: Role? = nil

        var isEmpty: Bool { text.isEmpty && role == nil }
    }

    var path: String {
        switch self {
        case .home: "/"
        case .dashboard: "/dashboard"
        case .login: "/login"
        case .logout: "/logout"
        case .loginCode: "/login/code"
        case .passwordReset(let done): done ? "/password-reset?done=1" : "/password-reset"
        case .accountPassword(let done): done ? "/account/password?done=1" : "/account/password"
        case .results(let cycle): "/results/\(Self.segment(cycle))"
        case .scoreCard(let cycle, let unit): "/results/\(Self.segment(cycle))/units/\(Self.segment(unit))"
        case .resultsData(let cycle, let format): "/api/v1/cycles/\(Self.segment(cycle))/results\(format.rawValue)"
        case .admin: "/admin"
        case .newCycle(let framework): Self.query("/admin/cycles/new", ["framework": framework])
        case .createCycle: "/admin/cycles"
        case .units(let edit, let saved, let imported):
            Self.query("/admin/units", ["edit": edit, "saved": saved, "imported": imported.map(String.init)]) + (edit == nil ? "" : "#unit-form")
        case .unitForm: "/admin/units#unit-form"
        case .saveUnit: "/admin/units"
        case .saveBlock: "/admin/blocks"
        case .importUnits: "/admin/units/import"
        case .users(let filter, let created):
            Self.query("/admin/users", ["q": filter.text.isEmpty ? nil : filter.text, "role": filter.role?.rawValue, "created": created])
        case .createUser: "/admin/users"
        case .userAction(let username, let action): "/admin/users/\(Self.segment(username))/\(action.rawValue)"
        case .frameworks: "/admin/frameworks"
        case .frameworkImported(let code, let version): Self.query("/admin/frameworks", ["code": code, "version": version])
        case .userEmail(let username): "/admin/users/\(Self.segment(username))/email"
        case .revokeToken(let id): "/admin/tokens/\(id)/revoke"
        case .adminMail: "/admin/mail"
        case .adminMailRetry: "/admin/mail/retry"
        case .notifications: "/notifications"
        case .notificationRead(let id): "/notifications/\(id)/read"
        case .notificationsRead: "/notifications/read"
        }
    }

    /// A path segment: codes and usernames are plain ASCII, but nothing typed may end a segment early.
    static func segment(_ text: String) -> String { encoded(text) }

    /// `base?name=value&…` for the values given, in the order given, each percent-encoded.
    static func query(_ base: String, _ pairs: KeyValuePairs<String, String?>) -> String {
        let parts = pairs.compactMap { name, value in value.map { "\(name)=\(encoded($0))" } }
        return parts.isEmpty ? base : base + "?" + parts.joined(separator: "&")
    }

    /// Everything but the unreserved ASCII characters percent-encoded (RFC 3986 §2.3), Vietnamese
    /// letters included (`CharacterSet.alphanumerics` would let them through).
    static func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
