import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParIndexCore
import ParIndexFormats

/// The secretariat's pages: the overview of every cycle, cycle creation and its page (phase moves
/// behind a confirmation, deadlines, extensions, late submission, publication), units and blocks,
/// users, reviewer assignments, framework and survey imports. Every write goes through the admin,
/// assessment and results services; a refusal is shown next to the form that caused it.
struct AdminPagesController {
    let services: Services
    let renderer: PageRenderer
    let published: PublishedResultsJSON
    /// How mail is configured, for the mail page.
    var mail = MailStatus()

    static let admin: Access = .roles([.admin])
    /// Imports (units CSV, framework, survey) may be a few MiB; other forms are small.
    static let importLimit = 4 << 20
    static let formLimit = 1 << 20

    func addRoutes(to routes: RouteTable) {
        let admin = Self.admin
        routes.on(.get, "/admin", admin, overview)
        routes.on(.get, "/admin/cycles/new", admin, newCycle)
        routes.on(.post, "/admin/cycles", admin, createCycle)
        routes.on(.get, "/admin/cycles/:cycle", admin, cyclePage)
        routes.on(.get, "/admin/cycles/:cycle/phase", admin, confirmPhase)
        routes.on(.post, "/admin/cycles/:cycle/phase", admin, movePhase)
        routes.on(.post, "/admin/cycles/:cycle/units/:unit/extension", admin, grantExtension)
        routes.on(.post, "/admin/cycles/:cycle/units/:unit/submit", admin, submitOnBehalf)
        routes.on(.post, "/admin/cycles/:cycle/units/:unit/reopen", admin, reopen)
        routes.on(.get, "/admin/cycles/:cycle/publish", admin, publishPage)
        routes.on(.post, "/admin/cycles/:cycle/publish", admin, publish)
        routes.on(.get, "/admin/cycles/:cycle/reviewers", admin, reviewersPage)
        routes.on(.post, "/admin/cycles/:cycle/reviewers/:username", admin, assignReviewer)
        routes.on(.get, "/admin/cycles/:cycle/survey", admin, surveyPage)
        routes.on(.post, "/admin/cycles/:cycle/survey", admin, importSurvey)
        routes.on(.get, "/admin/units", admin, unitsPage)
        routes.on(.post, "/admin/blocks", admin, saveBlock)
        routes.on(.post, "/admin/units", admin, saveUnit)
        routes.on(.post, "/admin/units/import", admin, importUnits)
        routes.on(.get, "/admin/users", admin, usersPage)
        routes.on(.post, "/admin/users", admin, createUser)
        for action in SiteURL.UserAction.allCases {
            routes.on(.post, "/admin/users/:username/\(action.rawValue)", admin) { request, context in
                try await userAction(action, request, context)
            }
        }
        routes.on(.post, "/admin/users/:username/email", admin, setEmail)
        routes.on(.post, "/admin/tokens/:id/revoke", admin, revokeToken)
        routes.on(.get, "/admin/frameworks", admin, frameworksPage)
        routes.on(.post, "/admin/frameworks", admin, importFramework)
        routes.on(.get, SiteURL.adminMail.path, admin, mailPage)
        routes.on(.post, SiteURL.adminMailRetry.path, admin, retryMail)
    }

    /// Errors a form can recover from: shown next to the form with what was typed.
    static let recoverable: Set<DomainError.Kind> = [.unprocessable, .conflict, .badRequest, .notFound, .tooLarge, .unsupportedMediaType]

    /// People's names for the actors a page shows.
    func actorNames(_ request: Request, by caller: Caller) async throws -> ActorNames {
        ActorNames(try await services.admin.users(by: caller), language: PageRenderer.language(request))
    }
}

// MARK: - Words and formats

/// The admin pages' language: words and number formats.
struct AdminWords {
    let language: Language

    init(_ request: Request) { language = PageRenderer.language(request) }

    subscript(_ key: String) -> String { language.strings[key] ?? key }

    /// `88,54` in Vietnamese, `88.54` in English.
    func points(_ p: Points) -> String { language == .vi ? p.vietnamese : p.fixed2 }

    func phase(_ phase: Phase) -> String { self["admin.phase.\(phase.rawValue)"] }

    func role(_ role: Role) -> String { self["admin.role.\(role.rawValue)"] }

    /// Time left before a deadline, in the same words `app.js` keeps counting down with.
    func remaining(from now: Date, to deadline: Date) -> String {
        let seconds = Int(deadline.timeIntervalSince(now))
        let en = language == .en
        guard seconds > 0 else { return en ? "Overdue" : "Đã quá hạn" }
        let (days, hours, minutes) = (seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60)
        if days > 0 { return en ? "\(days) d \(hours) h" : "\(days) ngày \(hours) giờ" }
        return en ? "\(hours) h \(minutes) min" : "\(hours) giờ \(minutes) phút"
    }

    /// The string with `{name}` placeholders filled in.
    func fill(_ key: String, _ values: [String: String]) -> String {
        values.reduce(self[key]) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}

/// `datetime-local` values, read and written in Vietnam time (UTC+7, no daylight saving).
enum VietnamTime {
    static let offset: TimeInterval = 7 * 3600

    /// `2026-03-10T17:00` (or with seconds) in Vietnam time → the moment.
    static func parse(_ text: String) -> Date? {
        let value = text.trimmingCharacters(in: .whitespaces)
        switch value.count {
        case 16: return Timestamp.parse(value + ":00+07:00")
        case 19: return Timestamp.parse(value + "+07:00")
        default: return nil
        }
    }

    /// The moment as a `datetime-local` value in Vietnam time: `2026-03-10T17:00`.
    static func input(_ date: Date) -> String { String(Timestamp.format(date.addingTimeInterval(offset)).prefix(16)) }
}

// MARK: - The users page's forms

/// The users page's forms, read by field name (its routes are rebuilt on their own): a URL-encoded
/// body, or a `GET` form's query, decoded by `URLEncodedFormDecoder` as flat text fields. Every
/// other admin form decodes into its own `SignedForm` or `FormFields`.
struct AdminForm {
    /// The fields as sent.
    struct Sent { var values: [String: String] = [:] }
    var form = Sent()

    subscript(_ key: String) -> String? { form.values[key] }

    /// A text field, trimmed; empty when absent.
    func text(_ key: String) -> String { (self[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    func requireCSRF(_ context: AppRequestContext) throws { try Form.requireCSRF(form.values["_csrf"], context) }

    static func read(_ request: Request, limit: Int) async throws -> AdminForm {
        // A body that is not flat text fields (a name sent twice) is not trusted.
        let text = try await Form.body(request, limit: limit)
        guard let values = try? URLEncodedFormDecoder().decode([String: String].self, from: text) else { throw Form.expired }
        return AdminForm(form: Sent(values: values))
    }

    /// A `GET` form's query, `q=x+y&role=unit`; one that does not decode filters nothing.
    static func urlEncoded(_ text: String) -> AdminForm {
        AdminForm(form: Sent(values: (try? URLEncodedFormDecoder().decode([String: String].self, from: text)) ?? [:]))
    }
}
