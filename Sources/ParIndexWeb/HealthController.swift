import Foundation
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// `/healthz` (the baseline every benchmark compares against), `/metrics` for operators, and the
/// OpenAPI document.
struct HealthController {
    let metrics: (@Sendable () -> String)?
    let openAPI: ByteBuffer

    init(metrics: (@Sendable () -> String)?) throws {
        self.metrics = metrics
        openAPI = try Self.openAPIJSON.get()
    }

    /// `Resources/openapi.yaml`, written in YAML for people to read and review, served as JSON at the
    /// contract's address. Read once per process: it never changes while the server runs.
    static let openAPIJSON = Result { () throws -> ByteBuffer in
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw DomainError.internalFailure("Không tìm thấy tài liệu OpenAPI (openapi.yaml) trong gói cài đặt.")
        }
        return JSON.bytes(try FrameworkDocumentReader.read(try Data(contentsOf: url)))
    }

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/healthz", .anyone) { _, _ in Self.text("ok\n") }
        routes.on(.get, "/api/v1/openapi.json", .anyone) { [openAPI] _, _ in JSON.response(openAPI) }
        // Operators are admins; the text is on only when the composition root wires a registry.
        routes.on(.get, "/metrics", .roles([.admin])) { [metrics] _, _ in
            guard let metrics else { throw DomainError.notFound("trang") }
            return Self.text(metrics(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    static func text(_ text: String, type: String = "text/plain; charset=utf-8") -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: buffer))
    }
}
