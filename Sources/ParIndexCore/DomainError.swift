/// The one error type of the domain. Web maps `kind` to an HTTP status in exactly one place;
/// `code` is a stable snake_case name for programs, `message` a sentence for people (Vietnamese,
/// the users' language), `details` structured facts (node paths, row numbers, missing leaves).
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The request itself is malformed (bad JSON, wrong types).
        case badRequest
        /// Nobody is signed in.
        case unauthenticated
        /// Signed in, but this role may not do this.
        case forbidden
        /// No such object, or one the caller must not know exists.
        case notFound
        /// The path exists, but not with this method; `details["allow"]` lists the methods it has.
        case methodNotAllowed
        /// Wrong phase, past a deadline, stale version, already done.
        case conflict
        /// Body or file too large.
        case tooLarge
        /// Request target (URL) too long for the server (SECURITY.md A10).
        case uriTooLong
        /// Request headers too large (A10).
        case headersTooLarge
        /// The client took too long to send its request (A10, slow clients).
        case requestTimeout
        /// File or content type not allowed.
        case unsupportedMediaType
        /// Well-formed, but a rule says no.
        case unprocessable
        /// Too many attempts.
        case tooManyRequests
        /// Our fault; the message never carries internals.
        case internalFailure
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var details: [String: DocumentValue]

    public init(_ kind: Kind, _ code: String, _ message: String, details: [String: DocumentValue] = [:]) {
        self.kind = kind
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code): \(message)" }

    public static func badRequest(_ code: String, _ message: String, details: [String: DocumentValue] = [:]) -> DomainError {
        DomainError(.badRequest, code, message, details: details)
    }
    public static func notFound(_ what: String) -> DomainError {
        DomainError(.notFound, "not_found", "Không tìm thấy \(what).")
    }
    public static func forbidden(_ message: String = "Bạn không có quyền thực hiện thao tác này.") -> DomainError {
        DomainError(.forbidden, "forbidden", message)
    }
    /// A path served only with `allowed` methods (RFC 9110 §15.5.6: the answer names them).
    public static func methodNotAllowed(_ allowed: [String]) -> DomainError {
        DomainError(
            .methodNotAllowed,
            "method_not_allowed",
            "Địa chỉ này không nhận phương thức này; phương thức được nhận: \(allowed.joined(separator: ", ")).",
            details: ["allow": .string(allowed.joined(separator: ", "))]
        )
    }
    public static let unauthenticated = DomainError(.unauthenticated, "unauthenticated", "Bạn cần đăng nhập.")
    public static func conflict(_ code: String, _ message: String, details: [String: DocumentValue] = [:]) -> DomainError {
        DomainError(.conflict, code, message, details: details)
    }
    public static func invalid(_ code: String, _ message: String, details: [String: DocumentValue] = [:]) -> DomainError {
        DomainError(.unprocessable, code, message, details: details)
    }
    public static func internalFailure(_ message: String = "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.") -> DomainError {
        DomainError(.internalFailure, "internal_error", message)
    }
}
