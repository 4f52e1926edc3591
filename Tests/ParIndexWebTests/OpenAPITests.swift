import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenAPIKit
import ParIndexCore
import ParIndexWeb
import Testing

/// The served OpenAPI document is valid OpenAPI, names exactly the routes the router has, and
/// describes what the server really answers: its examples and the server's own answers validate
/// against its schemas, so drift between the code and the document fails here.
@Suite struct OpenAPITests {
    @Test("the served document is OpenAPI 3.1 that OpenAPIKit reads and validates")
    func documentIsValid() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let api = try await APIDocument.served(by: client, app: app)
            #expect(api.document.openAPIVersion.rawValue.hasPrefix("3.1"))
            _ = try api.document.validate()
        }
    }

    @Test("every route is in the OpenAPI document, and the document names no route that does not exist")
    func documentMatchesRouter() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let api = try await APIDocument.served(by: client, app: app)
            let documented = Set(api.operations.map { "\($0.method) \($0.path)" })
            let served = Set(
                app.web.routes.filter { $0.path.hasPrefix("/api/") || $0.path == "/healthz" || $0.path == "/metrics" }
                    .map { "\($0.method) \($0.openAPIPath)" }
            )
            #expect(served.subtracting(documented).sorted() == [], "routes missing from the document")
            #expect(documented.subtracting(served).sorted() == [], "documented routes that do not exist")
        }
    }

    @Test("every write operation declares the 429 the write budget answers, with the error body")
    func writesDeclareTooManyRequests() async throws {
        let app = try TestApp()
        try await app.seed()
        var configuration = WebConfiguration(maxUploadBytes: 1 << 20, publicDirectory: TestApp.publicDirectory)
        configuration.writeBudget = WriteBudgetSettings(writesPerMinute: 1)
        let application = Application(router: try buildRouter(services: app.services, storage: app.storage, configuration: configuration).router)
        try await application.test(.router) { client in
            let api = try await APIDocument.served(by: client, app: app)
            let writes = api.operations.filter { ["POST", "PUT", "PATCH", "DELETE"].contains($0.method) }
            #expect(writes.count >= 20)
            for write in writes {
                #expect(api.response(write.operation, status: 429) != nil, "\(write.method) \(write.path) does not declare 429")
            }
            // The real refusal is what the document says it is.
            let item = "/api/v1/cycles/2026/units/A1/items/1.1"
            #expect(try await client.call(.put, item, as: "u.a1", app: app, json: #"{"points": 1}"#).status == .ok)
            let refused = try await client.call(.put, item, as: "u.a1", app: app, json: #"{"points": 1}"#)
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil)
            #expect(api.problems(.put, item, refused) == [])
        }
    }

    @Test("every example in the document validates against its schema")
    func examplesMatchSchemas() async throws {
        let app = try TestApp()
        try await app.application.test(.router) { client in
            let api = try await APIDocument.served(by: client, app: app)
            let components = api.document.components
            var checked = 0
            var bodies = 0
            func checkExample(_ example: AnyCodable?, _ schema: JSONSchema?, _ place: String) {
                guard let example, let schema else { return }
                checked += 1
                guard let value = SchemaCheck.document(example) else {
                    Issue.record("\(place): the example is not JSON")
                    return
                }
                let problems = api.schemas.problems(value, schema, at: place)
                #expect(problems == [], "\(place): \(problems.joined(separator: "; "))")
            }
            func checkContents(_ contents: OpenAPI.Content.Map, _ place: String) {
                for (type, entry) in contents where type.typeAndSubtype == "application/json" {
                    guard let content = try? components.lookup(entry) else { continue }
                    bodies += (content.example == nil ? 0 : 1) + (content.examples?.count ?? 0)
                    checkExample(content.example, content.schema, "\(place) example")
                    for (name, entry) in content.examples ?? [:] {
                        checkExample(try? components.lookup(entry).dataOrLegacyValue, content.schema, "\(place) example \(name)")
                    }
                }
            }
            for found in api.operations {
                let place = "\(found.method) \(found.path)"
                for entry in found.operation.parameters {
                    guard let parameter = try? components.lookup(entry), case .a(let context) = parameter.schemaOrContent else { continue }
                    checkExample(context.example, try? components.lookup(context.schema), "\(place) parameter \(parameter.name)")
                }
                if let body = found.operation.requestBody.flatMap({ try? components.lookup($0) }) { checkContents(body.content, "\(place) request") }
                for (status, entry) in found.operation.responses {
                    if let response = try? components.lookup(entry) { checkContents(response.content, "\(place) \(status.rawValue)") }
                }
            }
            for (name, schema) in components.schemas {
                for example in schema.examples { checkExample(example, schema, "schema \(name.rawValue)") }
            }
            // Not vacuous: the main operations carry request and answer examples.
            #expect(checked >= 30 && bodies >= 20, "only \(checked) examples, \(bodies) of bodies")
        }
    }

    @Test("the server's real answers, a whole cycle long, match the document's statuses, content types and schemas")
    func answersMatchDocument() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let api = try await APIDocument.served(by: client, app: app)
            var problems: [String] = []
            var reached: Set<String> = []
            func call(
                _ method: HTTPRequest.Method,
                _ uri: String,
                as user: String?,
                json: String? = nil,
                body: ByteBuffer? = nil,
                contentType: String? = nil,
                headers: HTTPFields = [:]
            ) async throws -> Answer {
                let answer = try await client.call(
                    method,
                    uri,
                    as: user,
                    app: app,
                    json: json,
                    body: body,
                    contentType: contentType,
                    headers: headers
                )
                problems += api.problems(method, uri, answer)
                // A body the server took must be one the document allows (bad ones are sent on purpose).
                if let json, (200..<300).contains(answer.status.code) { problems += api.requestProblems(method, uri, json: json) }
                if let found = api.operation(method, uri) { reached.insert("\(found.method) \(found.path)") }
                return answer
            }

            // Organisation and refusals, as the admin and others.
            let framework = smallFrameworkJSON.replacingOccurrences(of: #""version": "1""#, with: #""version": "2""#)
            #expect(try await call(.post, "/api/v1/frameworks", as: "admin", json: framework).status == .created)
            _ = try await call(.post, "/api/v1/frameworks", as: "admin", body: ByteBuffer(string: "code: [unclosed"), contentType: "application/yaml")
            #expect(try await call(.get, "/api/v1/frameworks/test-fw/1", as: "r1").status == .ok)
            #expect(try await call(.put, "/api/v1/blocks/WARD", as: "admin", json: #"{"name": "Khối phường"}"#).status == .ok)
            #expect(
                try await call(.put, "/api/v1/blocks/WARD", as: "admin", body: ByteBuffer(string: "name"), contentType: "text/plain").status
                    == .unsupportedMediaType
            )
            #expect(try await call(.get, "/api/v1/blocks", as: "u.a1").status == .ok)
            #expect(try await call(.put, "/api/v1/units/C1", as: "admin", json: #"{"name": "Phường Dịch Vọng", "block": "WARD"}"#).status == .ok)
            #expect(try await call(.put, "/api/v1/units/C2", as: "admin", json: #"{"name": "Phường Láng", "block": "NONE"}"#).status != .ok)
            #expect(try await call(.get, "/api/v1/units", as: "obs").status == .ok)
            let newUser = #"{"username": "u.c1", "name": "Cán bộ phường", "role": "unit", "unit": "C1", "password": "Mật-khẩu-dài-2026"}"#
            #expect(try await call(.post, "/api/v1/users", as: "admin", json: newUser).status == .created)
            #expect(try await call(.post, "/api/v1/users", as: "admin", json: newUser).status != .created)
            let unknownUnit = newUser.replacingOccurrences(of: "u.c1", with: "u.c9").replacingOccurrences(of: #""C1""#, with: #""C9""#)
            #expect(try await call(.post, "/api/v1/users", as: "admin", json: unknownUnit).status == .notFound)
            #expect(try await call(.get, "/api/v1/users", as: "admin").status == .ok)
            #expect(try await call(.get, "/api/v1/users", as: "u.a1").status == .forbidden)
            #expect(try await call(.post, "/api/v1/users/u.c1/tokens", as: "admin").status == .created)
            #expect(try await call(.get, "/api/v1/cycles", as: nil).status == .unauthorized)
            #expect(try await call(.get, "/api/v1/cycles", as: "u.a1").status == .ok)
            #expect(try await call(.get, "/api/v1/cycles/2026", as: "u.a1").status == .ok)
            #expect(try await call(.get, "/api/v1/cycles/1999", as: "admin").status == .notFound)

            // A browser session: sign in, then out with the CSRF token.
            let signIn = #"{"username": "u.a1", "password": "Mật-khẩu-dài-2026"}"#
            let session = try await call(.post, "/api/v1/session", as: nil, json: signIn)
            #expect(session.status == .created)
            _ = try await call(.post, "/api/v1/session", as: nil, json: #"{"username": "u.a1", "password": "sai mật khẩu"}"#)
            let cookie = String(try #require(session.headers[.setCookie]).split(separator: ";")[0])
            let csrf = try #require(session.json?["csrfToken"]?.stringValue)
            #expect(
                try await call(.delete, "/api/v1/session", as: nil, headers: [.cookie: cookie, SessionTests.csrfHeader: csrf]).status == .noContent
            )

            // A second cycle, opened by the admin.
            let cycle = #"""
                {"code": "2027", "name": "Kỳ 2027", "year": 2027, "framework": {"code": "test-fw", "version": "2"}, "units": ["C1"],
                 "deadlines": {"selfAssessment": "2027-03-01T00:00:00Z", "appraisal": "2027-04-01T00:00:00Z",
                               "explanation": "2027-05-01T00:00:00Z", "finalReview": "2027-06-01T00:00:00Z"}}
                """#
            #expect(try await call(.post, "/api/v1/cycles", as: "admin", json: cycle).status == .created)
            #expect(try await call(.put, "/api/v1/cycles/2027/reviewers/r3", as: "admin", json: #"{"units": ["C1"]}"#).status == .ok)
            #expect(try await call(.post, "/api/v1/cycles/2027/phase", as: "admin", json: #"{"phase": "self_assessment"}"#).status == .ok)
            #expect(try await call(.post, "/api/v1/cycles/2027/phase", as: "admin", json: #"{"phase": "published"}"#).status != .ok)

            // Cycle 2026: self-assessment, evidence, submission.
            let base = "/api/v1/cycles/2026/units"
            let entries: [String: [(String, String)]] = [
                "A1": [
                    ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"inputs": {"numerator": 95, "denominator": 100}}"#),
                    ("2.1", #"{"inputs": {"numerator": 90, "denominator": 100}}"#), ("9.1", #"{"points": 0.5}"#), ("9.2", #"{"points": 0}"#),
                ],
                "A2": [
                    ("1.1", #"{"points": 1.5, "note": "Đã ban hành kế hoạch"}"#), ("1.2", #"{"choice": 1}"#),
                    ("1.3", #"{"notApplicable": {"reason": "Không phát sinh"}}"#), ("2.1", #"{"inputs": {"numerator": 45, "denominator": 60}}"#),
                    ("9.1", #"{"points": 0}"#), ("9.2", #"{"points": 0.5}"#),
                ],
            ]
            for unit in ["B1", "B2"] {
                for (code, json) in entries["A1"]! {
                    #expect(try await call(.put, "\(base)/\(unit)/items/\(code)", as: "u.\(unit.lowercased())", json: json).status == .ok)
                }
            }
            for (unit, list) in entries {
                for (code, json) in list {
                    #expect(try await call(.put, "\(base)/\(unit)/items/\(code)", as: "u.\(unit.lowercased())", json: json).status == .ok)
                }
            }
            #expect(try await call(.put, "\(base)/A1/items/1.1", as: "u.a1", json: #"{"points": 0.3}"#).status == .unprocessableContent)
            #expect(try await call(.put, "\(base)/A1/items/1.1", as: "u.a1", json: #"{"points": 1, "version": 99}"#).status == .conflict)
            #expect(try await call(.put, "\(base)/A1/items/1.1", as: "u.a1", json: #"{"points": "#).status == .badRequest)
            #expect(try await call(.get, "\(base)/A2/assessment", as: "u.a1").status == .notFound)
            let upload = try await call(
                .post,
                "\(base)/A1/items/1.3/evidence",
                as: "u.a1",
                body: multipart([("Báo cáo kết quả.pdf", pdfBytes("A1"))]),
                contentType: multipartType
            )
            #expect(upload.status == .created)
            let reference = #"{"title": "Báo cáo năm 2026", "documentNumber": "12/BC-UBND", "issuedOn": "2026-12-01"}"#
            for unit in ["B1", "B2"] {
                #expect(try await call(.post, "\(base)/\(unit)/items/1.3/evidence", as: "u.\(unit.lowercased())", json: reference).status == .created)
            }
            let extra = try await call(.post, "\(base)/A1/items/1.1/evidence", as: "u.a1", json: reference)
            let fileId = try #require(upload.json?.arrayValue?.first?["id"]?.stringValue)
            // An admin downloads: before A1 submits, its reviewer gets 404 (DR-1).
            #expect(try await call(.get, "/api/v1/evidence/\(fileId)", as: "admin").status == .ok)
            let extraId = try #require(extra.json?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await call(.delete, "/api/v1/evidence/\(extraId)", as: "u.a1").status == .noContent)
            #expect(try await call(.get, "\(base)/A1/assessment", as: "u.a1").status == .ok)
            let grant = #"{"until": "2026-03-20T00:00:00Z", "reason": "Mất điện kéo dài"}"#
            _ = try await call(.post, "\(base)/A2/extension", as: "admin", json: grant)
            for unit in ["A1", "A2", "B1", "B2"] {
                #expect(try await call(.post, "\(base)/\(unit)/submit", as: "u.\(unit.lowercased())").status == .ok)
            }
            #expect(try await call(.post, "\(base)/A1/submit", as: "u.a1").status == .conflict)
            #expect(try await call(.get, "\(base)/A1/receipt", as: "r1").status == .ok)

            // Appraisal, a question and its answer, the survey, settlement, publication.
            app.clock.advance(by: 11 * 86400)
            #expect(try await call(.post, "/api/v1/cycles/2026/phase", as: "admin", json: #"{"phase": "appraisal"}"#).status == .ok)
            let appraisals: [(String, String, String)] =
                [("r1", "A1", "A1"), ("r1", "A2", "A2"), ("r2", "B1", "A1"), ("r2", "B2", "A1")]
            for (reviewer, unit, same) in appraisals {
                for (code, json) in entries[same]! where code != "1.3" || unit.hasPrefix("B") {
                    #expect(try await call(.put, "\(base)/\(unit)/items/\(code)/appraisal", as: reviewer, json: json).status == .ok)
                }
            }
            #expect(try await call(.put, "\(base)/A1/items/1.1/appraisal", as: "r1", json: #"{"points": 1.5}"#).status == .unprocessableContent)
            let question = #"{"message": "Đề nghị bổ sung báo cáo quý IV"}"#
            #expect(try await call(.post, "\(base)/A1/items/1.3/questions", as: "r1", json: question).status == .created)
            app.clock.advance(by: 10 * 86400)
            #expect(try await call(.post, "/api/v1/cycles/2026/phase", as: "admin", json: #"{"phase": "explanation"}"#).status == .ok)
            let answer = #"{"message": "Đã bổ sung báo cáo quý IV"}"#
            #expect(try await call(.post, "\(base)/A1/items/1.3/answers", as: "u.a1", json: answer).status == .created)
            app.clock.advance(by: 10 * 86400)
            #expect(try await call(.post, "/api/v1/cycles/2026/phase", as: "admin", json: #"{"phase": "final_review"}"#).status == .ok)
            let survey = "unit,criterion,points\r\nA1,2.2,1.8\r\nA2,2.2,1.5\r\nB1,2.2,2\r\nB2,2.2,2\r\n"
            let imported = try await call(.post, "/api/v1/cycles/2026/survey", as: "admin", body: ByteBuffer(string: survey), contentType: "text/csv")
            #expect(imported.status == .ok)
            #expect(try await call(.post, "/api/v1/cycles/2026/publish", as: "admin").status == .conflict)
            #expect(try await call(.get, "/api/v1/cycles/2026/results", as: nil).status == .notFound)
            let settle = #"{"disposition": "accepted", "note": "Chấp nhận giải trình"}"#
            #expect(try await call(.post, "\(base)/A1/items/1.3/settle", as: "r1", json: settle).status == .ok)
            #expect(try await call(.post, "/api/v1/cycles/2026/publish", as: "admin").status == .created)
            #expect(try await call(.get, "/api/v1/cycles/2026/results", as: nil).status == .ok)
            #expect(try await call(.get, "/api/v1/cycles/2026/results.csv", as: nil).status == .ok)
            #expect(try await call(.get, "/api/v1/cycles/2026/results.xlsx", as: nil).status == .ok)
            #expect(try await call(.get, "/api/v1/audit/verify", as: "admin").status == .ok)
            #expect(try await call(.get, "/api/v1/audit/head", as: nil).status == .ok)
            #expect(try await call(.get, "/api/v1/openapi.json", as: nil).status == .ok)
            #expect(try await call(.get, "/healthz", as: nil).status == .ok)
            #expect(try await call(.get, "/metrics", as: "admin").status == .ok)

            // Credentials (SECURITY.md CR-1…CR-3): u.c1's token listed and revoked, the account disabled and enabled.
            let listed = try await call(.get, "/api/v1/users/u.c1/tokens", as: "admin")
            #expect(listed.status == .ok)
            #expect(try await call(.get, "/api/v1/users/u.c1/tokens", as: "u.a1").status == .notFound)
            let tokenId = try #require(listed.json?.arrayValue?.first?["id"]?.scalarText)
            #expect(try await call(.delete, "/api/v1/tokens/\(tokenId)", as: "admin").status == .noContent)
            #expect(try await call(.delete, "/api/v1/tokens/\(tokenId)", as: "admin").status == .notFound)
            #expect(try await call(.post, "/api/v1/users/u.c1/disable", as: "admin", json: #"{"reason": "Chuyển công tác"}"#).status == .ok)
            #expect(try await call(.post, "/api/v1/users/u.c1/disable", as: "admin", json: #"{"reason": " "}"#).status == .unprocessableContent)
            #expect(try await call(.post, "/api/v1/users/u.c1/enable", as: "admin", json: #"{"reason": "Trở lại công tác"}"#).status == .ok)

            #expect(problems == [], "\(problems.joined(separator: "\n"))")
            let unreached = Set(api.operations.map { "\($0.method) \($0.path)" }).subtracting(reached)
            #expect(unreached.sorted() == [], "operations this walk does not reach")
        }
    }
}
