import Foundation
import Hummingbird
import NIOCore
import ParIndexCore

/// JSON in and out, through the domain's exact document tree: numbers are never floating point.
enum JSON {
    static func response(_ document: DocumentValue, status: HTTPResponse.Status = .ok) -> Response {
        response(bytes(document), status: status)
    }

    /// An answer type's canonical JSON.
    static func response(_ answer: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(try DocumentEncoder().encode(answer), status: status)
    }

    static func response(_ bytes: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: bytes))
    }

    static func bytes(_ document: DocumentValue) -> ByteBuffer { ByteBuffer(string: document.canonicalJSON) }

    /// Reads a JSON object body into `T`, refusing other content types (so a cross-site form
    /// cannot post to the API), bodies over `limit`, and fields `T` does not name (no mass assignment).
    static func body<T: Decodable>(
        _ type: T.Type,
        _ request: Request,
        context: some RequestContext,
        limit: Int = 1 << 20
    ) async throws -> T {
        guard let type = request.headers[.contentType]?.lowercased(), type.hasPrefix("application/json") else {
            throw DomainError(.unsupportedMediaType, "unsupported_media_type", "Nội dung phải là JSON (Content-Type: application/json).")
        }
        let data = try await collect(request, limit: limit)
        let document = try DocumentValue.parseJSON(data)
        guard case .object = document else { throw DomainError.badRequest("malformed_json", "Nội dung phải là một đối tượng JSON.") }
        return try DocumentDecoder().decode(T.self, from: document)
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
}
