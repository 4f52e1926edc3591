import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import ParIndexStore
import ParIndexWeb
import Testing

/// The package root, found from this file's path, so tests read the shipped `Public/` and `Config/`.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A ParIndex app on a real SQLite file and a temporary evidence folder, with a clock the test
/// moves, and a bearer token per seeded user.
final class TestApp: @unchecked Sendable {
    let directory: URL
    let database: AppDatabase
    let clock: ManualClock
    let services: Services
    let storage: FileEvidenceStorage
    let web: WebRoutes
    var tokens: [String: String] = [:]

    static let t0 = Timestamp.parse("2026-03-01T02:00:00Z")!
    static let publicDirectory = packageRoot.appendingPathComponent("Public").path

    /// TOTP for admins and reviewers is off here unless a test asks for it (`security`), so
    /// tests about other things sign in with the password alone; production turns it on.
    static var testSecurity: SecuritySettings {
        var settings = SecuritySettings()
        settings.auth.totpRequired = false
        return settings
    }

    /// `notifications`: e-mail queued or not, and how its links are written (off by default, as
    /// without `mail.*`); `mail`: what the admin's mail page says about the configuration.
    init(
        maxUploadBytes: Int = 1 << 20,
        security: SecuritySettings = TestApp.testSecurity,
        notifications: NotificationSettings = NotificationSettings(),
        mail: MailStatus = MailStatus()
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = ManualClock(Self.t0)
        database = try AppDatabase.open(path: directory.appendingPathComponent("db.sqlite").path, clock: clock)
        var services = Services(repository: database, clock: clock, passwords: ScryptPasswordHasher.forTesting, inspector: FileEvidenceInspector())
        services.security = security
        services.notificationSettings = notifications
        self.services = services
        storage = try FileEvidenceStorage(directory: directory.appendingPathComponent("evidence").path)
        var configuration = WebConfiguration(maxUploadBytes: maxUploadBytes, metrics: { "# metrics\n" }, publicDirectory: TestApp.publicDirectory)
        configuration.mail = mail
        web = try buildRouter(services: services, storage: storage, configuration: configuration)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var application: some ApplicationProtocol { Application(router: web.router) }

    /// Files under the evidence folder (temporary ones included).
    var storedFiles: [String] {
        let root = directory.appendingPathComponent("evidence").path
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }
    }

    /// Stores a small PDF the way an upload does (bytes first, then the row) and attaches it to a
    /// unit's item in cycle 2026.
    @discardableResult
    func attachPDF(unit: String = "A1", criterion: String, name: String, text: String, by caller: Caller) async throws -> Evidence {
        let upload = try storage.beginUpload()
        try pdfBytes(text).withUnsafeBytes { try upload.write($0) }
        let (sha256, size) = try upload.finish()
        try upload.commit()
        return try await services.evidence.addFile(
            cycle: "2026",
            unit: unit,
            criterion: criterion,
            filename: name,
            size: size,
            sha256: sha256,
            contentType: "application/pdf",
            by: caller
        )
    }

    /// The TOTP code an enrolled (or enrolling) user's authenticator shows now, on the test clock.
    func totpCode(_ username: String, stepOffset: Int64 = 0) async throws -> String {
        let user = try #require(try await services.repository.read { db in try db.user(username) })
        let text = try #require(user.totpSecret)
        let secret = try #require(Base32.decode(text))
        return TOTP.code(secret: secret, step: TOTP.step(at: clock.now()) + stepOffset)
    }

    func count(_ sql: String) async throws -> Int {
        try await database.databaseWriter.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// Blocks DEPT/DISTRICT; units A1, A2 (DEPT), B1, B2 (DISTRICT); the small framework; users
    /// u.a1, u.a2, u.b1, u.b2; reviewers r1 (A1, A2), r2 (B1, B2; belongs to A1), r3 (unassigned);
    /// observer obs; admin; cycle 2026 in self_assessment (deadlines t0 + 10, 20, 30, 40 days).
    func seed() async throws {
        let admin = Caller.commandLine("test")
        let s = services
        _ = try await s.admin.saveBlock(Block(code: "DEPT", name: "Khối sở"), by: admin)
        _ = try await s.admin.saveBlock(Block(code: "DISTRICT", name: "Khối quận, huyện"), by: admin)
        _ = try await s.admin.importUnits(
            [
                .init(line: 2, code: "A1", name: "Sở Tài chính", block: "DEPT"), .init(line: 3, code: "A2", name: "Sở Tư pháp", block: "DEPT"),
                .init(line: 4, code: "B1", name: "Quận Cầu Giấy", block: "DISTRICT"),
                .init(line: 5, code: "B2", name: "Quận Ba Đình", block: "DISTRICT"),
            ],
            by: admin
        )
        _ = try await s.admin.importFramework(try DocumentValue.parseJSON(smallFrameworkJSON), by: admin)
        let people: [(String, Role, String?)] = [
            ("u.a1", .unit, "A1"), ("u.a2", .unit, "A2"), ("u.b1", .unit, "B1"), ("u.b2", .unit, "B2"), ("r1", .reviewer, nil),
            ("r2", .reviewer, "A1"), ("r3", .reviewer, nil), ("obs", .observer, nil), ("admin", .admin, nil),
        ]
        for (name, role, unit) in people {
            _ = try await s.admin.createUser(
                .init(username: name, name: "Người dùng \(name)", role: role, unitCode: unit, password: "Mật-khẩu-dài-2026"),
                by: admin
            )
            tokens[name] = try await s.admin.createToken(for: name, by: admin)
        }
        _ = try await s.admin.createCycle(
            .init(
                code: "2026",
                name: "Kỳ 2026",
                year: 2026,
                frameworkCode: "test-fw",
                frameworkVersion: "1",
                units: ["A1", "A2", "B1", "B2"],
                deadlines: Deadlines(
                    selfAssessment: Self.t0 + 10 * 86400,
                    appraisal: Self.t0 + 20 * 86400,
                    explanation: Self.t0 + 30 * 86400,
                    finalReview: Self.t0 + 40 * 86400
                )
            ),
            by: admin
        )
        _ = try await s.admin.assignReviewer(cycle: "2026", username: "r1", units: ["A1", "A2"], by: admin)
        _ = try await s.admin.assignReviewer(cycle: "2026", username: "r2", units: ["B1", "B2"], by: admin)
        _ = try await s.admin.movePhase(cycle: "2026", to: .selfAssessment, by: admin)
    }
}

/// A small framework that uses every rule kind, with hand-checkable maxima (Tests/Fixtures/small-framework.json):
/// field 1 = 1.1 scale 2 + 1.2 choice 1 + 1.3 ratio_tiers 2 (N/A allowed, evidence required) = 5;
/// field 2 = 2.1 ratio_linear 3 + 2.2 survey 2 = 5; field 9 = bonus 1 + deduction 1. Max 10.
let smallFrameworkJSON = try! String(
    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/small-framework.json"),
    encoding: .utf8
)

/// What a test client gets back, decoded.
struct Answer {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
    var json: DocumentValue? { try? DocumentValue.parseJSON(body) }
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
}

extension TestClientProtocol {
    /// Sends a request as `user` (nil: anonymous) with a JSON (or raw) body.
    func call(
        _ method: HTTPRequest.Method,
        _ uri: String,
        as user: String?,
        app: TestApp,
        json: String? = nil,
        body: ByteBuffer? = nil,
        contentType: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extra
        if let user { headers[.authorization] = "Bearer \(app.tokens[user]!)" }
        var payload = body
        if let json {
            headers[.contentType] = "application/json"
            payload = ByteBuffer(string: json)
        }
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: payload) { response in
            Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}

/// Signs in through the API as a browser would: the session cookie and its CSRF token.
func browserSession(_ client: some TestClientProtocol, _ app: TestApp, _ user: String) async throws -> (cookie: String, csrf: String) {
    let answer = try await client.call(
        .post,
        "/api/v1/session",
        as: nil,
        app: app,
        json: #"{"username": "\#(user)", "password": "Mật-khẩu-dài-2026"}"#
    )
    #expect(answer.status == .created)
    let setCookie = try #require(answer.headers[.setCookie])
    return (String(setCookie.split(separator: ";")[0]), try #require(answer.json?["csrfToken"]?.stringValue))
}

/// Posts a browser form (repeated fields allowed) with the session cookie.
func postForm(
    _ client: some TestClientProtocol,
    _ app: TestApp,
    _ uri: String,
    cookie: String,
    _ fields: [(String, String)]
) async throws -> Answer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    return try await client.call(
        .post,
        uri,
        as: nil,
        app: app,
        body: ByteBuffer(string: body),
        contentType: "application/x-www-form-urlencoded",
        headers: [.cookie: cookie]
    )
}

/// Posts a page form as multipart with the session cookie: the text fields, then one file.
func postFileForm(
    _ client: some TestClientProtocol,
    _ app: TestApp,
    _ uri: String,
    cookie: String,
    fields: [(String, String)],
    file: (name: String, type: String, bytes: [UInt8])
) async throws -> Answer {
    let boundary = "PageFormBoundary42"
    var body = ByteBuffer()
    for (name, value) in fields {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n")
    body.writeString("Content-Type: \(file.type)\r\n\r\n")
    body.writeBytes(file.bytes)
    body.writeString("\r\n--\(boundary)--\r\n")
    return try await client.call(
        .post,
        uri,
        as: nil,
        app: app,
        body: body,
        contentType: "multipart/form-data; boundary=\(boundary)",
        headers: [.cookie: cookie]
    )
}

/// A multipart body with one or more files.
func multipart(_ files: [(name: String, bytes: [UInt8])], boundary: String = "ParIndexBoundary7MA4YWxk") -> ByteBuffer {
    var buffer = ByteBuffer()
    for file in files {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n")
        buffer.writeString("Content-Type: application/octet-stream\r\n\r\n")
        buffer.writeBytes(file.bytes)
        buffer.writeString("\r\n")
    }
    buffer.writeString("--\(boundary)--\r\n")
    return buffer
}

let multipartType = "multipart/form-data; boundary=ParIndexBoundary7MA4YWxk"

/// A tiny but real-looking PDF.
func pdfBytes(_ text: String) -> [UInt8] {
    Array("%PDF-1.4\n% \(text)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
}
