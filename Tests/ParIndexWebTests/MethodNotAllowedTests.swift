import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// A wrong method on a path the server has is 405 with `Allow` (RFC 9110 §15.5.6), for programs and
/// people alike; a path it does not have stays 404, and so do another unit's objects.
@Suite struct MethodNotAllowedTests {
    @Test("every path answers a method it lacks with 405, Allow listing exactly its methods")
    func everyPath() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let byPath = Dictionary(grouping: app.web.routes, by: \.path).mapValues { Set($0.map(\.method)) }
            #expect(byPath.count > 40)
            for (path, methods) in byPath {
                let uri = path.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "X1" : String($0) }.joined(separator: "/")
                let wrong = try #require([HTTPRequest.Method.delete, .patch, .put, .post].first { !methods.contains($0) })
                let answer = try await client.call(wrong, uri, as: nil, app: app)
                #expect(answer.status == .methodNotAllowed, "\(wrong) \(path): \(answer.status)")
                let allowed = Set((answer.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(allowed == Set(methods.map(\.rawValue)), "\(path)")
                #expect(answer.headers[.xContentTypeOptions] == "nosniff" && answer.headers[.contentSecurityPolicy] != nil)
            }
        }
    }

    @Test("the API answers 405 in its JSON error shape; HEAD and OPTIONS are wrong methods too")
    func apiShape() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(.delete, "/api/v1/cycles", as: "admin", app: app)
            #expect(answer.status == .methodNotAllowed)
            #expect(answer.headers[.allow] == "GET, POST")
            #expect(answer.errorCode == "method_not_allowed")
            #expect(answer.json?["error"]?["details"]?["allow"]?.stringValue == "GET, POST")
            #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
            for method in [HTTPRequest.Method.head, .options] {
                let other = try await client.call(method, "/api/v1/cycles/2026", as: "admin", app: app)
                #expect(other.status == .methodNotAllowed && other.headers[.allow] == "GET", "\(method)")
            }
            // The refusal comes before the access gate: it says only what the path allows, which the
            // OpenAPI document says to anyone.
            let anonymous = try await client.call(.patch, "/api/v1/cycles/2026/units/A1/items/1.1", as: nil, app: app)
            #expect(anonymous.status == .methodNotAllowed && anonymous.headers[.allow] == "PUT")
        }
    }

    @Test("another unit's object stays 404, and a wrong method on it says no more than on a missing one")
    func otherUnits() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let base = "/api/v1/cycles/2026/units"
            #expect(try await client.call(.get, "\(base)/A2/assessment", as: "u.a1", app: app).status == .notFound)
            #expect(try await client.call(.put, "\(base)/A2/items/1.1", as: "u.a1", app: app, json: #"{"points": 1}"#).status == .notFound)
            let other = try await client.call(.delete, "\(base)/A2/assessment", as: "u.a1", app: app)
            let missing = try await client.call(.delete, "\(base)/ZZ/assessment", as: "u.a1", app: app)
            #expect(other.status == .methodNotAllowed && missing.status == .methodNotAllowed)
            #expect(other.body == missing.body && other.headers[.allow] == missing.headers[.allow])
        }
    }

    @Test("unknown paths stay 404 whatever the method")
    func unknownPaths() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            for method in [HTTPRequest.Method.get, .post, .delete] {
                for uri in ["/api/v1/nothing", "/api/v1/cycles/2026/nothing", "/nothing"] {
                    let answer = try await client.call(method, uri, as: nil, app: app)
                    #expect(answer.status == .notFound, "\(method) \(uri)")
                }
            }
        }
    }

    @Test("pages answer a wrong method with the 405 error page and Allow")
    func pages() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            for (method, uri, allow) in [(HTTPRequest.Method.delete, "/login", "GET, POST"), (.put, "/", "GET"), (.post, "/results/2026", "GET")] {
                let answer = try await client.call(method, uri, as: nil, app: app)
                #expect(answer.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(answer.headers[.allow] == allow)
                #expect(answer.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(answer.body.contains("405"))
            }
        }
    }
}
