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

// MARK: - Forms with repeated fields and optional files

/// A page form that may repeat a field (checkboxes) and may carry files (`multipart/form-data`).
/// Text fields behave like `Form`; files are kept in memory (bounded by the read limit).
struct AdminForm {
    var pairs: [(String, String)] = []
    var files: [String: Data] = [:]

    var form: Form { Form(values: Dictionary(pairs, uniquingKeysWith: { _, last in last })) }

    subscript(_ key: String) -> String? { pairs.last { $0.0 == key }?.1 }

    /// A text field, trimmed; empty when absent.
    func text(_ key: String) -> String { (self[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Every value of a repeated field, in order.
    func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }

    func requireCSRF(_ context: AppRequestContext) throws { try form.requireCSRF(context) }

    /// An uploaded file if one was chosen, else the textarea's text; nil when both are empty.
    func upload(file: String, text field: String) -> Data? {
        if let data = files[file], !data.isEmpty { return data }
        let text = self[field] ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : Data(text.utf8)
    }

    static func read(_ request: Request, limit: Int) async throws -> AdminForm {
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            return urlEncoded(String(decoding: try await JSON.collect(request, limit: limit), as: UTF8.self))
        }
        if type.lowercased().hasPrefix("multipart/form-data"), let boundary = MultipartReceiver.parameter("boundary", in: type) {
            let data = try await JSON.collect(request, limit: limit)
            return try multipart(data, boundary: boundary)
        }
        throw DomainError(.unsupportedMediaType, "unsupported_media_type", "Biểu mẫu không hợp lệ.")
    }

    /// `a=1&b=x+y`, as a form sends it in a body or, with `GET`, in the query (`+` is a space there).
    static func urlEncoded(_ text: String) -> AdminForm {
        var form = AdminForm()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            form.pairs.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
        return form
    }

    /// Parses a whole multipart body held in memory: text parts become fields, parts with a
    /// filename become files (an empty file input sends an empty part, which is ignored).
    static func multipart(_ data: Data, boundary: String) throws -> AdminForm {
        final class Collector {
            var form = AdminForm()
            var headers: [(String, String)] = []
            var body = Data()
            func complete() {
                let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
                if let name = MultipartReceiver.parameter("name", in: disposition) {
                    if disposition.range(of: "filename", options: .caseInsensitive) != nil {
                        if !body.isEmpty { form.files[name] = body }
                    } else {
                        form.pairs.append((name, String(decoding: body, as: UTF8.self)))
                    }
                }
                headers = []
                body = Data()
            }
        }
        let collector = Collector()
        let parser = MultipartScanner(boundary: boundary)
        parser.onHeader = { name, value in collector.headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in collector.body.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = { collector.complete() }
        // A form cut off before its closing boundary is refused rather than imported in part.
        guard (try? parser.execute(ByteBuffer(data: data))) != nil, parser.isFinished else {
            throw DomainError.badRequest("malformed_multipart", "Nội dung biểu mẫu không hợp lệ.")
        }
        return collector.form
    }
}
