import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParIndexCore
import ParIndexWeb
import Testing

/// Every log record an app writes, rendered the way a plain-text log handler would write it.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var records: [String] { lock.withLock { stored } }
    var text: String { records.joined(separator: "\n") }

    func append(_ record: String) { lock.withLock { stored.append(record) } }

    /// A logger that writes into this capture at every level.
    var logger: Logger {
        var logger = Logger(label: "parindex-test") { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(fields)")
        }
    }
}

/// Logging and errors (SECURITY.md LG-1 … LG-6, SE-7): what is logged, what never is, and what a
/// user sees when the server fails.
@Suite struct SecurityLoggingTests {
    static let sentinel = "P@ss-SENTINEL-xyz-2026"

    /// Signs in through the login page as a browser does (GET for the login CSRF cookie, then POST).
    static func pageLogin(_ client: some TestClientProtocol, _ app: TestApp, _ user: String, _ password: String) async throws -> Answer {
        let form = try await client.call(.get, "/login", as: nil, app: app)
        let token = try #require(form.body.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1)
        let cookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("__Host-parindex_login=") })
        return try await postForm(
            client,
            app,
            "/login",
            cookie: String(cookie.split(separator: ";")[0]),
            [("_csrf", String(token)), ("username", user), ("password", password)]
        )
    }

    @Test(
        "LG-2, SE-7: a whole sign-in, upload, password change and sign-out flow never logs the password, the session id, the CSRF token or file contents"
    )
    func noSecretsInLogs() async throws {
        let app = try TestApp()
        try await app.seed()
        let capture = LogCapture()
        let admin = Caller.commandLine("test")
        _ = try await app.services.admin.createUser(
            .init(username: "u.sentinel", name: "Sentinel", role: .unit, unitCode: "A1", password: Self.sentinel),
            by: admin
        )
        let fileMarker = "FILE-CONTENT-MARKER-7731"
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            // failures first: wrong password, unknown user, both through the API and the page
            _ = try await client.call(
                .post,
                "/api/v1/session",
                as: nil,
                app: app,
                json: #"{"username": "u.sentinel", "password": "\#(Self.sentinel)x"}"#
            )
            _ = try await client.call(.post, "/api/v1/session", as: nil, app: app, json: #"{"username": "nobody", "password": "\#(Self.sentinel)"}"#)
            _ = try await Self.pageLogin(client, app, "u.sentinel", Self.sentinel + "y")
            // then the real thing
            let login = try await client.call(
                .post,
                "/api/v1/session",
                as: nil,
                app: app,
                json: #"{"username": "u.sentinel", "password": "\#(Self.sentinel)"}"#
            )
            #expect(login.status == .created)
            let setCookie = try #require(login.headers[.setCookie])
            let cookie = String(setCookie.split(separator: ";")[0])
            let sessionId = String(cookie.split(separator: "=", maxSplits: 1)[1])
            let csrf = try #require(login.json?["csrfToken"]?.stringValue)
            let page = try await Self.pageLogin(client, app, "u.sentinel", Self.sentinel)
            #expect(page.status == .found)
            let pageCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("__Host-parindex_session=") })
            let pageSessionId = String(pageCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1])
            // SE-7: the session id never travels in a URL
            #expect(!(page.headers[.location] ?? "").contains(pageSessionId))

            let upload = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A1/items/1.3/evidence",
                as: nil,
                app: app,
                body: multipart([("Báo cáo.pdf", pdfBytes(fileMarker))]),
                contentType: multipartType,
                headers: [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf]
            )
            #expect(upload.status == .created, "\(upload.body)")
            // an upload without the token is refused: a security event, still without secrets
            _ = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A1/items/1.3/evidence",
                as: nil,
                app: app,
                body: multipart([("Báo cáo 2.pdf", pdfBytes(fileMarker))]),
                contentType: multipartType,
                headers: [.cookie: cookie]
            )
            let changed = try await postForm(
                client,
                app,
                "/account/password",
                cookie: cookie,
                [("_csrf", csrf), ("current", Self.sentinel), ("new", Self.sentinel + "-new"), ("confirm", Self.sentinel + "-new")]
            )
            #expect(changed.status == .found, "\(changed.body.prefix(300))")
            _ = try await client.call(
                .delete,
                "/api/v1/session",
                as: nil,
                app: app,
                headers: [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf]
            )

            let log = capture.text
            #expect(capture.records.count >= 4, "the flow logs its failures: \(capture.records)")
            for secret in [Self.sentinel, sessionId, pageSessionId, csrf, fileMarker] {
                #expect(!log.contains(secret), "the log holds a secret: \(secret.prefix(8))…")
            }
            // only hashes of session ids are kept server-side either
            #expect(try await app.count("SELECT count(*) FROM session WHERE idSHA256 = '\(sessionId)'") == 0)
        }
    }

    @Test(
        "LG-3: a username with CR/LF, ANSI escapes or a fake log line cannot forge a log line",
        arguments: [
            "u.a1\r\nINFO login username=admin", "u.a1\u{1B}[2K\u{1B}[1Ainfo: ok", "x\u{2028}critical forged", "\n\n\n",
        ]
    )
    func logInjection(username: String) async throws {
        let app = try TestApp()
        try await app.seed()
        let capture = LogCapture()
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            let body = DocumentValue.object([("username", .string(username)), ("password", .string("sai-mật-khẩu-rồi"))]).canonicalJSON
            let api = try await client.call(.post, "/api/v1/session", as: nil, app: app, json: body)
            #expect(api.status == .unauthorized)
            _ = try await Self.pageLogin(client, app, username, "sai-mật-khẩu-rồi")
        }
        let failures = capture.records.filter { $0.contains("login failed") }
        #expect(failures.count == 2, "\(capture.records)")
        for record in capture.records {
            #expect(!record.contains("\n") && !record.contains("\r") && !record.contains("\u{1B}") && !record.contains("\u{2028}"), "\(record)")
        }
    }

    @Test("LG-1: sign-in successes and failures, refused access and the lockout are recorded; score changes are in the ledger with who")
    func securityEventsRecorded() async throws {
        let (app, _) = try await AccessMatrixTests.prepared()
        let capture = LogCapture()
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            _ = try await client.call(.post, "/api/v1/session", as: nil, app: app, json: #"{"username": "u.a2", "password": "Mật-khẩu-dài-2026"}"#)
            for _ in 0..<5 {
                _ = try await client.call(.post, "/api/v1/session", as: nil, app: app, json: #"{"username": "u.b1", "password": "sai-mật-khẩu-rồi"}"#)
            }
            let refused = try await client.call(.post, "/api/v1/cycles/2026/publish", as: "u.a1", app: app, json: "{}")
            #expect(refused.status == .forbidden)
            let appraisal = try await client.call(
                .put,
                "/api/v1/cycles/2026/units/A1/items/1.1/appraisal",
                as: "r1",
                app: app,
                json: #"{"points": 1, "note": "Thiếu văn bản kiểm chứng"}"#
            )
            #expect(appraisal.status == .ok, "\(appraisal.body)")
        }
        let records = capture.records
        #expect(records.contains { $0.contains("login") && $0.contains("u.a2") && !$0.contains("failed") })
        #expect(records.filter { $0.contains("login failed") && $0.contains("u.b1") }.count == 5)
        #expect(records.contains { $0.contains("access refused") && $0.contains("u.a1") && $0.contains("/publish") })
        #expect(try await app.count("SELECT count(*) FROM ledger WHERE action = 'user.lock' AND subject = 'user:u.b1'") == 1)
        // the score change is in the ledger, in the same transaction as the change (AC-8), with who and why
        #expect(
            try await app.count("SELECT count(*) FROM ledger WHERE action = 'item.appraise' AND actor = 'r1' AND payload LIKE '%Thiếu văn bản%'") == 1
        )
    }

    @Test("LG-1: a successful sign-in through the login page is logged with the user, never the password or the session id")
    func pageSignInLogged() async throws {
        let app = try TestApp()
        try await app.seed()
        let capture = LogCapture()
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            let answer = try await Self.pageLogin(client, app, "u.a2", "Mật-khẩu-dài-2026")
            #expect(answer.status == .found && answer.headers[.location] == "/dashboard", "\(answer.status)")
            let session = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("__Host-parindex_session=") })
            let sessionId = String(session.split(separator: ";")[0].split(separator: "=")[1])
            let logins = capture.records.filter { $0.contains(" login ") && !$0.contains("failed") }
            #expect(logins.count == 1 && logins.allSatisfy { $0.contains("username=u.a2") }, "\(capture.records)")
            #expect(!capture.text.contains("Mật-khẩu-dài-2026") && !capture.text.contains(sessionId))
        }
    }

    @Test("LG-4: a database failure is a 500 with a generic message and a reference, no SQL, GRDB or source path; the next request works")
    func forcedDatabaseError() async throws {
        let app = try TestApp()
        try await app.seed()
        let capture = LogCapture()
        try await app.database.databaseWriter.write { db in try db.execute(sql: "ALTER TABLE block RENAME TO block_hidden") }
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            let api = try await client.call(.get, "/api/v1/blocks", as: "admin", app: app)
            let page = try await client.call(.get, "/admin/units", as: "admin", app: app)
            for answer in [api, page] {
                #expect(answer.status == .internalServerError)
                for leak in ["SQLITE", "SQLite", "GRDB", "/Sources/", "no such table", "block_hidden", "SELECT", ".swift"] {
                    #expect(!answer.body.contains(leak), "\(leak) in \(answer.body.prefix(300))")
                }
                #expect(SecurityHeadersTests.problems(answer, signedIn: true).isEmpty)
            }
            let reference = try #require(api.json?["error"]?["details"]?["reference"]?.stringValue)
            #expect(reference.wholeMatch(of: /[0-9a-f]{12}/) != nil)
            #expect(api.errorCode == "internal_error")
            #expect(page.body.contains("Mã tham chiếu") && page.body.contains("<code>"))
            // the operator finds the cause in the log by the reference
            #expect(capture.records.contains { $0.contains(reference) && $0.contains("no such table") })
            // a last-resort handler: the server is still up and answers once the table is back
            try await app.database.databaseWriter.write { db in try db.execute(sql: "ALTER TABLE block_hidden RENAME TO block") }
            #expect(try await client.call(.get, "/api/v1/blocks", as: "admin", app: app).status == .ok)
        }
    }

    @Test("LG-6, RV-2: no oracle — an unpublished cycle's results look exactly like a cycle that does not exist; another unit like no unit")
    func noOracles() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for user in ["u.a1", "r1", "obs", nil] {
                for suffix in ["results", "results.csv", "results.xlsx"] {
                    let hidden = try await client.call(.get, "/api/v1/cycles/2026/\(suffix)", as: user, app: app)
                    let missing = try await client.call(.get, "/api/v1/cycles/2099/\(suffix)", as: user, app: app)
                    #expect(hidden.status == .notFound && hidden.status == missing.status)
                    #expect(hidden.body.replacingOccurrences(of: "2026", with: "X") == missing.body.replacingOccurrences(of: "2099", with: "X"))
                }
                let page = try await client.call(.get, "/results/2026", as: user, app: app)
                let nonePage = try await client.call(.get, "/results/2099", as: user, app: app)
                #expect(page.status == .notFound && nonePage.status == .notFound)
            }
            // u.a1 cannot tell A2 (exists, not theirs) from ZZ (does not exist); r2 (conflicted) cannot tell A1 from ZZ
            for (user, hidden) in [("u.a1", "A2"), ("r2", "A1"), ("r3", "A1")] {
                for suffix in ["assessment", "receipt"] {
                    let a = try await client.call(.get, "/api/v1/cycles/2026/units/\(hidden)/\(suffix)", as: user, app: app)
                    let b = try await client.call(.get, "/api/v1/cycles/2026/units/ZZ/\(suffix)", as: user, app: app)
                    #expect(a.status == .notFound && b.status == .notFound, "\(user) \(hidden) \(suffix)")
                    #expect(a.body.replacingOccurrences(of: hidden, with: "X") == b.body.replacingOccurrences(of: "ZZ", with: "X"))
                }
            }
        }
    }
}
