import Foundation
import Hummingbird
import Mustache
import ParIndexCore

/// Renders pages from the Mustache templates shipped in the target's `Templates/` folder. Each page
/// is a model (a dictionary built by its controller) and a view (its template), inside one layout.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template once at start-up; a template that does not parse stops the server here
    /// rather than on the first visitor.
    public init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw DomainError.internalFailure("Không tìm thấy thư mục giao diện.")
        }
        var templates: [String: MustacheTemplate] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
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
        let language = Self.language(request)
        var values = model
        values["t"] = language.tree
        values["lang"] = language.rawValue
        values["otherLang"] = language == .vi ? "en" : "vi"
        values["title"] = title
        values["csrf"] = context.csrfToken ?? ""
        if let caller = context.caller {
            values["user"] =
                ["username": caller.username, "role": caller.role.rawValue, "roleName": caller.role.vietnamese, "isAdmin": caller.role == .admin]
                as [String: Any]
        }
        return ByteBuffer(string: library.render(values, withTemplate: template) ?? "<!doctype html><title>ParIndex</title>")
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
}
