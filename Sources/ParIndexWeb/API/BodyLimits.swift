import HTTPTypes
import Hummingbird
import NIOCore
import ParIndexCore
import ParIndexFormats

/// How many body bytes each class of route accepts (SECURITY.md UP-2; SECURITY.md A10: never collate
/// an unbounded payload). Every route gets its class from `BodyLimits.class(for:_:)` when it is
/// registered; `RouteTable` refuses a declared `Content-Length` over the limit before the handler
/// runs and cuts a streamed body off at the limit, so a handler can never read more. Handlers may be
/// stricter (a login form reads 8 KiB), never looser.
public enum BodyClass: String, Sendable, Equatable, CaseIterable {
    /// GET, HEAD, DELETE: no body is read, so none is accepted.
    case none
    /// Sign-in and password change: a few fields.
    case login
    /// Other JSON API calls.
    case json
    /// Other page forms (urlencoded or small multipart).
    case form
    /// Framework (YAML/JSON), units CSV and survey CSV imports.
    case importFile
    /// Evidence uploads, streamed to disk; each file is further bounded by `upload.maxBytes`.
    case upload
}

public struct BodyLimits: Sendable, Equatable {
    public var login = 16 << 10
    public var json = 1 << 20
    public var form = 1 << 20
    public var importFile = 8 << 20
    /// Per evidence file (`upload.maxBytes`).
    public var uploadFile: Int
    /// Files per upload request (`MultipartReceiver`'s default).
    public var uploadFiles = 20
    /// Multipart boundaries and part headers around the files.
    public static let envelope = 1 << 20

    public init(uploadFile: Int) { self.uploadFile = uploadFile }

    public func bytes(_ kind: BodyClass) -> Int {
        switch kind {
        case .none: 0
        case .login: login
        case .json: json
        case .form: form
        case .importFile: importFile
        case .upload: uploadFile * uploadFiles + Self.envelope
        }
    }

    /// The class of a route, from its method and path: the one table of body limits.
    public static func `class`(for method: HTTPRequest.Method, _ path: String) -> BodyClass {
        if method == .get || method == .head || method == .delete { return .none }
        switch path {
        case "/api/v1/session", "/login", "/account/password": return .login
        case "/api/v1/frameworks", "/api/v1/cycles/:cycle/survey", "/admin/frameworks", "/admin/cycles/:cycle/survey", "/admin/units/import":
            return .importFile
        default:
            if path.hasSuffix("/items/:criterion/evidence") { return .upload }
            return path.hasPrefix("/api/") ? .json : .form
        }
    }

    /// The error for a body over `limit`: 413 in the contract's shape (JSON or the error page).
    public static func tooLarge(_ limit: Int) -> DomainError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(max(limit, 1024) >> 10) KiB"
        return DomainError(.tooLarge, "too_large", "Nội dung gửi lên vượt quá \(size).", details: ["maxBytes": .int(limit)])
    }

    /// Applies `limit` to a request: a declared length over it is refused at once; a streamed (or
    /// lying) body is cut off with the same error as soon as it passes the limit.
    static func enforce(_ limit: Int, on request: inout Request) throws {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge(limit) }
        let body = request.body
        request.body = RequestBody(asyncSequence: LimitedBody(base: body, limit: limit))
    }
}

/// A request body that throws `BodyLimits.tooLarge` once more than `limit` bytes have arrived.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw BodyLimits.tooLarge(limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}
