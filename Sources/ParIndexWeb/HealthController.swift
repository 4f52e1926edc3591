import Hummingbird
import ParIndexCore

/// `/healthz` (the baseline every benchmark compares against), `/metrics` for operators, and the
/// OpenAPI document.
struct HealthController {
    let metrics: (@Sendable () -> String)?

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/healthz", .anyone) { _, _ in Self.text("ok\n") }
        routes.on(.get, "/api/v1/openapi.json", .anyone) { _, _ in
            var buffer = ByteBuffer()
            buffer.writeString(OpenAPIDocument.json)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
        }
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
