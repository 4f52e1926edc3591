import Foundation
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// The served OpenAPI document and the router stay in step.
@Suite struct OpenAPITests {
    @Test("every route is in the OpenAPI document, and the document names no route that does not exist")
    func documentMatchesRouter() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let answer = try await client.call(.get, "/api/v1/openapi.json", as: nil, app: app)
            #expect(answer.status == .ok)
            let document = try #require(answer.json)
            #expect(document["openapi"]?.stringValue?.hasPrefix("3.1") == true)
            guard case .object(let paths)? = document["paths"] else {
                Issue.record("no paths")
                return
            }
            var documented: Set<String> = []
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, _) in operations where ["get", "put", "post", "delete", "patch"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let served = Set(
                app.web.routes.filter { $0.path.hasPrefix("/api/") || $0.path == "/healthz" || $0.path == "/metrics" }
                    .map { "\($0.method) \($0.openAPIPath)" }
            )
            #expect(served.subtracting(documented).sorted() == [], "routes missing from the document")
            #expect(documented.subtracting(served).sorted() == [], "documented routes that do not exist")
        }
    }
}
