import Foundation
import Hummingbird
import NIOCore
import ParIndexCore

/// JSON in and out, through the domain's exact document tree: numbers are never floating point.
enum JSON {
    static func response(_ document: DocumentValue, status: HTTPResponse.Status = .ok) -> Response {
        response(bytes(document), status: status)
    }

    static func response(_ bytes: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: bytes))
    }

    static func bytes(_ document: DocumentValue) -> ByteBuffer { ByteBuffer(string: document.canonicalJSON) }

    /// Reads a JSON object body, refusing other content types (so a cross-site form cannot post to
    /// the API) and bodies over `limit`.
    static func body(_ request: Request, context: some RequestContext, limit: Int = 1 << 20) async throws -> Body {
        guard let type = request.headers[.contentType]?.lowercased(), type.hasPrefix("application/json") else {
            throw DomainError(.unsupportedMediaType, "unsupported_media_type", "Nội dung phải là JSON (Content-Type: application/json).")
        }
        let data = try await collect(request, limit: limit)
        let document = try DocumentValue.parseJSON(data)
        guard case .object = document else { throw DomainError.badRequest("malformed_json", "Nội dung phải là một đối tượng JSON.") }
        return Body(document: document, path: "")
    }

    static func collect(_ request: Request, limit: Int) async throws -> Data {
        do {
            var buffer = try await request.body.collect(upTo: limit)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch is NIOTooManyBytesError {
            throw BodyLimits.tooLarge(limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw BodyLimits.tooLarge(limit)
        }
    }

    /// A JSON object with typed, bounded accessors; unknown fields are refused (no mass assignment).
    struct Body {
        let document: DocumentValue
        let path: String

        func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        func wrongType(_ key: String, _ expected: String) -> DomainError {
            .invalid("invalid_field", "Trường \"\(name(key))\" phải là \(expected).", details: ["field": .string(name(key))])
        }

        func allow(_ keys: Set<String>) throws {
            guard case .object(let pairs) = document else { return }
            if let unknown = pairs.first(where: { !keys.contains($0.0) }) {
                throw DomainError.invalid(
                    "unknown_field",
                    "Trường không được phép: \"\(name(unknown.0))\".",
                    details: ["field": .string(name(unknown.0))]
                )
            }
        }

        func has(_ key: String) -> Bool { document[key] != nil && document[key] != .null }

        func string(_ key: String, max: Int = 4000) throws -> String? {
            guard let value = document[key], value != .null else { return nil }
            guard case .string(let text) = value else { throw wrongType(key, "chuỗi ký tự") }
            guard text.count <= max else {
                throw DomainError.invalid("too_long", "Trường \"\(name(key))\" dài quá \(max) ký tự.", details: ["field": .string(name(key))])
            }
            return text
        }

        func requiredString(_ key: String, max: Int = 4000) throws -> String {
            guard let text = try string(key, max: max), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalid("required", "Cần nhập \"\(name(key))\".", details: ["field": .string(name(key))])
            }
            return text
        }

        func int(_ key: String) throws -> Int? {
            guard let value = document[key], value != .null else { return nil }
            guard case .number(let text) = value, let number = Int(text), number.magnitude <= 1_000_000_000_000 else {
                throw wrongType(key, "số nguyên")
            }
            return number
        }

        func points(_ key: String) throws -> Points? {
            guard let value = document[key], value != .null else { return nil }
            guard case .number(let text) = value, let points = Points(parsing: text), points.hundredths.magnitude <= 100_000_000 else {
                throw DomainError.invalid(
                    "invalid_points",
                    "Trường \"\(name(key))\" phải là số có tối đa 2 chữ số thập phân.",
                    details: ["field": .string(name(key))]
                )
            }
            return points
        }

        func bool(_ key: String) throws -> Bool? {
            guard let value = document[key], value != .null else { return nil }
            guard case .bool(let b) = value else { throw wrongType(key, "true/false") }
            return b
        }

        func date(_ key: String) throws -> Date? {
            guard let text = try string(key, max: 64) else { return nil }
            guard let date = Timestamp.parse(text) else { throw wrongType(key, "thời điểm RFC 3339 (ví dụ 2026-12-31T17:00:00Z)") }
            return date
        }

        func requiredDate(_ key: String) throws -> Date {
            guard let date = try date(key) else {
                throw DomainError.invalid("required", "Cần nhập \"\(name(key))\".", details: ["field": .string(name(key))])
            }
            return date
        }

        func object(_ key: String) throws -> Body? {
            guard let value = document[key], value != .null else { return nil }
            guard case .object = value else { throw wrongType(key, "đối tượng") }
            return Body(document: value, path: name(key))
        }

        func strings(_ key: String, maxCount: Int = 10_000) throws -> [String]? {
            guard let value = document[key], value != .null else { return nil }
            guard case .array(let items) = value, items.count <= maxCount else { throw wrongType(key, "danh sách chuỗi") }
            return try items.map { item in
                guard case .string(let s) = item, s.count <= 200 else { throw wrongType(key, "danh sách chuỗi") }
                return s
            }
        }

        /// The entry for a leaf: exactly one of `points`, `choice`, `inputs`.
        func entry() throws -> Entry? {
            var entries: [Entry] = []
            if let points = try points("points") { entries.append(.points(points)) }
            if let choice = try int("choice") { entries.append(.choice(choice)) }
            if let inputs = try object("inputs") {
                try inputs.allow(["numerator", "denominator"])
                guard let n = try inputs.int("numerator"), let d = try inputs.int("denominator") else {
                    throw DomainError.invalid(
                        "entry_shape",
                        "\"inputs\" cần \"numerator\" và \"denominator\".",
                        details: ["field": .string("inputs")]
                    )
                }
                entries.append(.ratio(numerator: n, denominator: d))
            }
            guard entries.count <= 1 else {
                throw DomainError.invalid("entry_shape", "Chỉ gửi một trong \"points\", \"choice\", \"inputs\".")
            }
            return entries.first
        }
    }
}
