import Foundation
import Hummingbird
import ParIndexCore

/// Reading a page's form: `URLEncodedFormDecoder` decodes every body, after the content-type and
/// size checks, and the form's CSRF token must be the session's (SECURITY.md CS-1).
enum Form {
    /// The body of a form post, refused unless it is URL-encoded (a form) and within `limit`.
    static func body(_ request: Request, limit: Int) async throws -> String {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw DomainError(.unsupportedMediaType, "unsupported_media_type", "Biểu mẫu không hợp lệ.")
        }
        return String(decoding: try await JSON.collect(request, limit: limit), as: UTF8.self)
    }

    /// `sent` must be the session's CSRF token.
    static func requireCSRF(_ sent: String?, _ context: AppRequestContext) throws {
        guard let expected = context.csrfToken, let sent, Digests.constantTimeEqual(sent, expected) else { throw expired }
    }

    /// A form that cannot be trusted: its token is missing, wrong or from an ended session.
    static let expired = DomainError(.forbidden, "csrf", "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang.")
}

/// A form whose fields decode into a type (Hummingbird's `URLEncodedFormDecoder`), carrying the
/// session's CSRF token. A field sent twice is refused unless it is sent as `name[]` or named in
/// `repeated`.
protocol SignedForm: Decodable {
    var csrf: String { get }
    /// Names the page's checkboxes send once per ticked box, without `[]` (`criteria=a&criteria=b`).
    static var repeated: Set<String> { get }
}

extension SignedForm {
    static var repeated: Set<String> { [] }
}

/// A form that sends nothing but the session's token: signing out, marking as read, retrying mail.
struct TokenForm: SignedForm {
    var csrf: String
    enum CodingKeys: String, CodingKey { case csrf = "_csrf" }
}

extension Form {
    /// `T` from the request's form body, after the same content-type and size checks as `read`, and
    /// only when the form's CSRF token is the session's (SECURITY.md CS-1).
    static func decode<T: SignedForm>(_ type: T.Type, _ request: Request, context: AppRequestContext, limit: Int = 64 << 10) async throws -> T {
        // A body that does not decode (no token at all, or fields of the wrong shape) is not trusted either.
        guard let form = try await fields(T.self, request, limit: limit, repeated: T.repeated) else { throw expired }
        try requireCSRF(form.csrf, context)
        return form
    }

    /// `T` from the request's form body, or `nil` when its fields do not have `T`'s shape; for the
    /// sign-in forms, whose token is checked against a cookie and refused on the page itself.
    /// `repeated`: the names sent once per ticked box (`SignedForm.repeated`).
    static func fields<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int, repeated: Set<String> = []) async throws -> T? {
        // Read first: a body that is not a form, or too large, keeps its own refusal.
        let text = try await body(request, limit: limit)
        return try? URLEncodedFormDecoder().decode(T.self, from: listing(repeated, in: text))
    }

    /// `URLEncodedFormDecoder` reads a repeated field only as `name[]` and refuses a plain name sent
    /// twice, but a page's checkboxes post `criteria=a&criteria=b` (their names are the pages' and
    /// the browser tests'). The one adapter: each name in `names` gets its `[]` before decoding, so
    /// it decodes as an array; every other pair is passed on as sent.
    static func listing(_ names: Set<String>, in text: String) -> String {
        guard !names.isEmpty else { return text }
        return text.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let name = pair.prefix { $0 != "=" }
            guard let decoded = name.removingPercentEncoding, names.contains(decoded) else { return String(pair) }
            return name + "[]" + pair.dropFirst(name.count)
        }.joined(separator: "&")
    }
}
