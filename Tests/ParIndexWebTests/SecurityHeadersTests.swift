import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// Walks every route (SECURITY.md A6, CS-1, AC-7, IV-5): the security headers on every response —
/// pages, JSON, errors, downloads, static files —; no GET changes the database; nothing outside
/// `Public/` is ever served.
@Suite struct SecurityHeadersTests {
    /// A route's path with the parameters of `AccessMatrixTests.prepared()` filled in.
    static func concrete(_ spec: RouteSpec, evidence: String) -> String {
        spec.path
            .replacingOccurrences(of: ":cycle", with: "2026").replacingOccurrences(of: ":unit", with: "A1")
            .replacingOccurrences(of: ":criterion", with: "1.3").replacingOccurrences(of: ":username", with: "r1")
            .replacingOccurrences(of: ":id", with: evidence)
            .replacingOccurrences(of: "/frameworks/:code/:version", with: "/frameworks/test-fw/1")
            .replacingOccurrences(of: "/results/2026/units/:code", with: "/results/2026/units/A1")
            .replacingOccurrences(of: "/blocks/:code", with: "/blocks/DEPT").replacingOccurrences(of: ":code", with: "A1")
    }

    /// The headers SECURITY.md A6 asks for, checked on one response; returns what is wrong.
    static func problems(_ answer: Answer, signedIn: Bool) -> [String] {
        var wrong: [String] = []
        let csp = answer.headers[.contentSecurityPolicy] ?? ""
        for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]
        where !csp.contains(directive) {
            wrong.append("CSP lacks \(directive)")
        }
        if csp.contains("unsafe-inline") || csp.contains("unsafe-eval") { wrong.append("CSP allows inline script or eval") }
        if answer.headers[.xContentTypeOptions] != "nosniff" { wrong.append("no nosniff") }
        let hsts = answer.headers[.strictTransportSecurity] ?? ""
        let maxAge = hsts.firstMatch(of: /max-age=(\d+)/).flatMap { Int($0.1) } ?? 0
        if maxAge < 31_536_000 || !hsts.contains("includeSubDomains") { wrong.append("HSTS \(hsts)") }
        if !["no-referrer", "same-origin", "strict-origin-when-cross-origin"].contains(answer.headers[HTTPField.Name("Referrer-Policy")!] ?? "") {
            wrong.append("Referrer-Policy")
        }
        if answer.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] != "same-origin" { wrong.append("COOP") }
        if answer.headers[HTTPField.Name("Access-Control-Allow-Origin")!] != nil { wrong.append("CORS header present") }
        if let xss = answer.headers[HTTPField.Name("X-XSS-Protection")!], xss != "0" { wrong.append("X-XSS-Protection \(xss)") }
        let type = answer.headers[.contentType] ?? ""
        if !answer.body.isEmpty && type.isEmpty { wrong.append("no Content-Type") }
        if type.hasPrefix("text/") && !type.lowercased().contains("charset=utf-8") { wrong.append("text without charset=utf-8: \(type)") }
        if signedIn && !(answer.headers[.cacheControl] ?? "").contains("no-store") { wrong.append("signed-in answer cacheable") }
        if type.hasPrefix("text/html") {
            // No inline script or style anywhere: the CSP forbids them, so they would silently break.
            if answer.body.contains(/<script(?![^>]*\ssrc=)[^>]*>/) { wrong.append("inline <script>") }
            if answer.body.contains(/<[^>]*\son[a-z]+\s*=/) { wrong.append("inline event handler") }
            if answer.body.contains("<style") || answer.body.contains(" style=\"") { wrong.append("inline style") }
        }
        return wrong
    }

    @Test(
        "A6: every route, as admin, a unit, a reviewer and anonymous, answers with CSP, nosniff, HSTS, Referrer-Policy, COOP, no CORS, no-store when signed in",
        arguments: AccessMatrixTests.specs
    )
    func headersOnEveryRoute(spec: RouteSpec) async throws {
        let (app, evidence) = try await AccessMatrixTests.prepared()
        let path = Self.concrete(spec, evidence: evidence)
        try await app.application.test(.router) { client in
            for user in ["admin", "u.a1", "r1", "u.b1", nil] {
                let body = spec.method == .get || spec.method == .delete ? nil : "{}"
                let answer = try await client.call(spec.method, path, as: user, app: app, json: body)
                let wrong = Self.problems(answer, signedIn: user != nil)
                #expect(wrong.isEmpty, "\(spec.method) \(path) as \(user ?? "anonymous"): \(answer.status.code) \(wrong)")
            }
        }
    }

    @Test("A6: errors (404 page and JSON, 405, 413, 415), a static file and an evidence download carry the same headers")
    func headersOnErrorsFilesAndDownloads() async throws {
        let (app, evidence) = try await AccessMatrixTests.prepared()
        try await app.application.test(.router) { client in
            var answers: [(String, Answer)] = []
            answers.append(("404 page", try await client.call(.get, "/khong-co", as: nil, app: app)))
            answers.append(("404 JSON", try await client.call(.get, "/api/v1/khong-co", as: "admin", app: app)))
            answers.append(("wrong method", try await client.call(.patch, "/api/v1/cycles", as: "admin", app: app)))
            answers.append(
                (
                    "413",
                    try await client.call(
                        .put,
                        "/api/v1/blocks/DEPT",
                        as: "admin",
                        app: app,
                        body: .init(string: String(repeating: "a", count: 2 << 20)),
                        contentType: "application/json"
                    )
                )
            )
            answers.append(("415", try await client.call(.put, "/api/v1/blocks/DEPT", as: "admin", app: app, contentType: "text/plain")))
            answers.append(("static CSS", try await client.call(.get, "/css/app.css", as: nil, app: app)))
            let download = try await client.call(.get, "/api/v1/evidence/\(evidence)", as: "u.a1", app: app)
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            answers.append(("download", download))
            for (name, answer) in answers {
                let wrong = Self.problems(answer, signedIn: name == "download")
                #expect(wrong.isEmpty, "\(name): \(answer.status.code) \(wrong)")
            }
            #expect(answers[0].1.status == .notFound && answers[1].1.status == .notFound)
            #expect(answers[3].1.status == .contentTooLarge && answers[4].1.status == .unsupportedMediaType)
        }
    }

    /// Every row of every table, in a stable order: equal checksums mean nothing changed. A token's
    /// `lastUsedAt` is left out: the sign-in layer stamps it on any request the token signs, GETs
    /// included (SECURITY.md CR-1, API.md `lastUsedAt`), as it is the token's bookkeeping and no
    /// route's change.
    static func checksum(_ app: TestApp) async throws -> String {
        try await app.database.databaseWriter.read { db in
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            var text = ""
            for table in tables {
                let columns = table == "apiToken" ? "id, tokenSha256, username, label, createdAt, expiresAt" : "*"
                let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \"\(table)\" ORDER BY rowid")
                text += "\(table):\(rows.map(\.description).joined(separator: "\n"))\n"
            }
            return Digests.sha256Hex(text)
        }
    }

    @Test("CS-1: no GET route changes the database, whoever calls it (checksum of every table before and after)")
    func getChangesNothing() async throws {
        let (app, evidence) = try await AccessMatrixTests.prepared()
        let gets = app.web.routes.filter { $0.method == .get }
        #expect(gets.count > 20)
        try await app.application.test(.router) { client in
            for spec in gets {
                let path = Self.concrete(spec, evidence: evidence)
                for user in ["admin", "u.a1", "u.a2", "r1", "r2", "obs", nil] {
                    let before = try await Self.checksum(app)
                    let answer = try await client.call(.get, path, as: user, app: app)
                    let after = try await Self.checksum(app)
                    #expect(before == after, "GET \(path) as \(user ?? "anonymous") (\(answer.status.code)) changed the database")
                }
            }
            // The checksum does see a change: one write moves it.
            let before = try await Self.checksum(app)
            _ = try await client.call(.put, "/api/v1/blocks/DEPT", as: "admin", app: app, json: #"{"name": "Khối sở (mới)"}"#)
            #expect(try await Self.checksum(app) != before)
        }
    }

    @Test("AC-7: no directory listing; .git, the database, its -wal, the evidence folder and the sources are never served")
    func nothingSensitiveServed() async throws {
        let (app, evidence) = try await AccessMatrixTests.prepared()
        let sha = try #require(
            try await app.database.databaseWriter.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM evidence LIMIT 1") }
        )
        _ = evidence
        let probes = [
            "/.git", "/.git/config", "/.git/HEAD", "/db.sqlite", "/db.sqlite-wal", "/db.sqlite-shm", "/var/parindex.sqlite",
            "/var/parindex.sqlite-wal", "/parindex.sqlite", "/evidence", "/evidence/", "/evidence/\(sha)", "/var/evidence/\(sha)",
            "/\(sha)", "/css/", "/css", "/js/", "/Public/css/app.css", "/../Package.swift", "/%2e%2e/Package.swift", "/css/../../Package.swift",
            "/css/%2e%2e/%2e%2e/Package.swift", "/Sources/ParIndexWeb/Templates/layout.mustache", "/Config/parindex.yaml", "/.env",
        ]
        try await app.application.test(.router) { client in
            for probe in probes {
                for user in ["admin", nil] {
                    let answer = try await client.call(.get, probe, as: user, app: app)
                    // a folder name may be redirected to the folder (which is then 404), never listed
                    let redirectToFolder = answer.status == .movedPermanently && answer.headers[.location] == probe + "/"
                    #expect([.notFound, .badRequest].contains(answer.status) || redirectToFolder, "\(probe): \(answer.status.code)")
                    #expect(!answer.body.contains("SQLite format"), "\(probe)")
                    #expect(!answer.body.contains("[core]") && !answer.body.contains("swift-tools-version"), "\(probe)")
                    #expect(!answer.body.contains("%PDF"), "\(probe)")
                }
            }
        }
        // Public/ holds only the pages' CSS and JS: nothing else can ever be served from it.
        let files = FileManager.default.enumerator(atPath: TestApp.publicDirectory)?.allObjects as? [String] ?? []
        let served = files.filter { !$0.hasSuffix(".css") && !$0.hasSuffix(".js") && !["css", "js"].contains($0) }
        #expect(served.isEmpty, "unexpected files in Public/: \(served)")
        // The shipped configuration keeps the database and the evidence outside Public/.
        let config = try String(contentsOf: packageRoot.appendingPathComponent("Config/parindex.yaml"), encoding: .utf8)
        #expect(config.contains("var/parindex.sqlite") && config.contains("var/evidence"))
        #expect(!config.contains("path: Public") && !config.contains("directory: Public"))
    }
}
