import Foundation
import Hummingbird
import Mustache
import ParIndexCore

/// Renders pages from the Mustache templates shipped in the target's `Templates/` folder. Each page
/// is a model (a dictionary built by its controller) and a view (its template), inside one layout.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// A signed-in person's unread notifications, for the header of every page they see.
    var unread: @Sendable (String) -> Int = { _ in 0 }

    /// Loads every template once at start-up; a template that does not parse stops the server here
    /// rather than on the first visitor.
    public init() throws {
        library = MustacheLibrary(templates: try Self.templateTexts().mapValues { try MustacheTemplate(string: $0) })
    }

    /// The text of every template shipped in `Templates/`, by name without `.mustache`.
    static func templateTexts() throws -> [String: String] {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw DomainError.internalFailure("Không tìm thấy thư mục giao diện.")
        }
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            texts[String(name.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }

    /// The page as an HTML response. Signed-in pages are never cached (SECURITY.md A6).
    func page(
        _ template: String,
        title: String,
        model: [String: Any],
        context: AppRequestContext,
        request: Request,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        response(html(template, title: title, model: model, context: context, request: request), context: context, request: request, status: status)
    }

    /// The page's HTML alone, for a controller that keeps renderings (`RenderedCache`).
    func html(_ template: String, title: String, model: [String: Any], context: AppRequestContext, request: Request) -> ByteBuffer {
        ByteBuffer(
            string: text(
                template,
                title: title,
                model: model,
                request: request,
                caller: context.caller,
                csrf: context.csrfToken ?? "",
                name: nil,
                unread: nil
            )
        )
    }

    /// Markers rendered in place of the caller's own values in a page kept for every caller who sees
    /// it alike (decision 0010). Random per process, so no text on a page can contain them.
    static let csrfMarker = "zcsrf" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
    static let usernameMarker = "zname" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
    static let unreadMarker = "zunread" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()

    /// The page rendered once with holes for the form token, the signed-in name and the unread
    /// count: every caller of the same role and language is served from it with `values(_:)`
    /// filled in. `model` must put `csrfMarker` wherever it puts the form token.
    func slotted(_ template: String, title: String, model: [String: Any], context: AppRequestContext, request: Request) -> SlottedPage {
        let html = text(
            template,
            title: title,
            model: model,
            request: request,
            caller: context.caller,
            csrf: Self.csrfMarker,
            name: Self.usernameMarker,
            unread: Self.unreadMarker
        )
        return SlottedPage(html, markers: [Self.csrfMarker, Self.usernameMarker, Self.unreadMarker])
    }

    /// This caller's values for a `slotted` page's holes, escaped as the template would escape them.
    func values(_ context: AppRequestContext) -> [String] {
        [context.csrfToken ?? "", Self.escape(context.caller?.username ?? ""), unreadText(context.caller)]
    }

    /// The header's count of unread notifications: empty when there are none (the badge hides).
    func unreadText(_ caller: Caller?) -> String {
        guard let caller else { return "" }
        let count = unread(caller.username)
        return count > 0 ? String(count) : ""
    }

    /// A kept page as the answer: gzip compressed when the client accepts it (every browser does).
    func response(_ page: SlottedPage, context: AppRequestContext, request: Request) -> Response {
        let values = values(context)
        let make: (ByteBuffer) -> Response = { response($0, context: context, request: request) }
        return Self.encoded(request, plain: { page.plain(values) }, gzip: { page.gzip(values) }, make)
    }

    /// `make`'s answer with the body in the encoding `request` accepts, and the headers that say so.
    static func encoded(
        _ request: Request,
        plain: () -> ByteBuffer,
        gzip: () -> ByteBuffer,
        _ make: (ByteBuffer) -> Response
    ) -> Response {
        let accepted = acceptsGzip(request)
        var response = make(accepted ? gzip() : plain())
        if accepted { response.headers[.contentEncoding] = "gzip" }
        response.headers[.vary] = "Accept-Encoding"
        return response
    }

    /// `name` and `unread` stand in the header in place of the signed-in name and the unread
    /// count when given (markers).
    private func text(
        _ template: String,
        title: String,
        model: [String: Any],
        request: Request,
        caller: Caller?,
        csrf: String,
        name: String?,
        unread: String?
    ) -> String {
        let values = Self.layoutValues(
            model,
            title: title,
            language: Self.language(request),
            caller: caller,
            csrf: csrf,
            name: name,
            unread: unread ?? unreadText(caller)
        )
        return library.render(values, withTemplate: template) ?? "<!doctype html><title>ParIndex</title>"
    }

    /// What every page's template reads beside its own model: the layout's values.
    /// `PageModelKeysTests` renders every page model through this too.
    static func layoutValues(
        _ model: [String: Any],
        title: String,
        language: Language,
        caller: Caller?,
        csrf: String,
        name: String?,
        unread: String = ""
    ) -> [String: Any] {
        var values = model
        // The layout reads these on every page; a page without an area's files has none.
        if values["styles"] == nil { values["styles"] = [String]() }
        if values["scripts"] == nil { values["scripts"] = [String]() }
        values["t"] = language.tree
        values["lang"] = language.rawValue
        values["otherLang"] = language == .vi ? "en" : "vi"
        values["title"] = title
        values["csrf"] = csrf
        if let caller {
            values["user"] =
                [
                    "username": name ?? caller.username, "role": caller.role.rawValue, "roleName": caller.role.vietnamese,
                    "isAdmin": caller.role == .admin,
                    // An observer has nothing to do: the link to their start page says "follow".
                    "startLabel": language.strings[caller.role == .observer ? "nav.follow" : "nav.dashboard"] ?? "",
                    "unread": unread,
                ]
                as [String: Any]
        }
        return values
    }

    /// A rendered page as the answer, with its caching and language headers.
    func response(_ html: ByteBuffer, context: AppRequestContext, request: Request, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: html))
        response.headers[.cacheControl] = context.caller == nil ? "no-cache" : "no-store"
        // A language chosen with ?lang= is remembered for the next pages.
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) {
            response.headers[values: .setCookie].append("lang=\(asked.rawValue); Path=/; Max-Age=31536000; SameSite=Lax")
        }
        return response
    }

    /// `?lang=en` switches (and is remembered in a cookie); Vietnamese otherwise.
    static func language(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) { return asked }
        return request.cookies["lang"].flatMap { Language(rawValue: $0.value) } ?? .vi
    }

    static func string(_ key: String, _ request: Request) -> String { language(request).strings[key] ?? key }

    /// Escaped as Mustache escapes `{{name}}`, for values spliced into a kept page.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Whether `Accept-Encoding` names gzip (or `*`) with a weight above zero.
    static func acceptsGzip(_ request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding] else { return false }
        // What browsers send, decided without splitting (this runs on every kept answer).
        if header == "gzip, deflate, br, zstd" || header == "gzip, deflate, br" || header == "gzip, deflate" || header == "gzip" { return true }
        return header.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = fields.first, coding == "gzip" || coding == "*" else { return false }
            let weight = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0
        }
    }
}
