import Foundation
import Hummingbird
import ParIndexCore

/// An `application/x-www-form-urlencoded` body from a page's form, with its CSRF check.
struct Form {
    let values: [String: String]
    /// Every value of each name, in order (ticked boxes send one name many times).
    var lists: [String: [String]] = [:]

    static func read(_ request: Request, limit: Int = 64 << 10) async throws -> Form {
        var values: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for pair in try await body(request, limit: limit).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let (name, value) = (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
            values[name] = value
            lists[name, default: []].append(value)
        }
        return Form(values: values, lists: lists)
    }

    subscript(_ key: String) -> String? { values[key] }

    /// Every value sent under `key`.
    func all(_ key: String) -> [String] { lists[key] ?? [] }

    /// Signed-in forms carry the session's CSRF token in `_csrf` (SECURITY.md CS-1).
    func requireCSRF(_ context: AppRequestContext) throws {
        try Self.requireCSRF(values["_csrf"], context)
    }

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

/// A form whose fields decode into a type (Hummingbird's `URLEncodedFormDecoder`; repeated fields
/// are sent as `name[]`), carrying the session's CSRF token.
protocol SignedForm: Decodable {
    var csrf: String { get }
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
        guard let form = try await fields(T.self, request, limit: limit) else { throw expired }
        try requireCSRF(form.csrf, context)
        return form
    }

    /// `T` from the request's form body, or `nil` when its fields do not have `T`'s shape; for the
    /// sign-in forms, whose token is checked against a cookie and refused on the page itself.
    static func fields<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int) async throws -> T? {
        // Read first: a body that is not a form, or too large, keeps its own refusal.
        let text = try await body(request, limit: limit)
        return try? URLEncodedFormDecoder().decode(T.self, from: text)
    }
}
