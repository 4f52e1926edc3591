import Hummingbird
import ParIndexCore

/// The one place domain errors become HTTP statuses.
extension DomainError.Kind {
    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .requestHeaderFieldsTooLarge
        case .requestTimeout: .requestTimeout
        case .unsupportedMediaType: .unsupportedMediaType
        case .unprocessable: .unprocessableContent
        case .tooManyRequests: .tooManyRequests
        case .internalFailure: .internalServerError
        }
    }
}

extension DomainError {
    /// The contract's error body: `{"error": {"code", "message", "details"}}`.
    var document: DocumentValue {
        var inner: [(String, DocumentValue)] = [("code", .string(code)), ("message", .string(message))]
        if !details.isEmpty { inner.append(("details", .object(details.map { ($0.key, $0.value) }))) }
        return .object([("error", .object(inner))])
    }

    /// Translates what Hummingbird itself throws (no route, body too large…) into the contract's terms.
    static func from(_ error: HTTPError) -> DomainError {
        switch error.status {
        case .notFound: DomainError(.notFound, "not_found", "Không tìm thấy trang hoặc tài nguyên này.")
        case .contentTooLarge: DomainError(.tooLarge, "too_large", "Nội dung gửi lên quá lớn.")
        case .methodNotAllowed: DomainError(.notFound, "not_found", "Không tìm thấy trang hoặc tài nguyên này.")
        case .unauthorized: .unauthenticated
        case .badRequest: .badRequest("bad_request", "Yêu cầu không hợp lệ.")
        case .unsupportedMediaType: DomainError(.unsupportedMediaType, "unsupported_media_type", "Kiểu nội dung không được hỗ trợ.")
        default:
            error.status.code >= 500
                ? .internalFailure() : DomainError(.badRequest, "bad_request", error.body ?? "Yêu cầu không hợp lệ.")
        }
    }
}
