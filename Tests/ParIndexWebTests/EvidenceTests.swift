import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

/// Uploads (SECURITY.md UP): streamed to disk with SHA-256, size and type limits that leave nothing
/// behind, content-addressed dedupe, authorised downloads.
@Suite struct EvidenceTests {
    let base = "/api/v1/cycles/2026/units/A1/items/1.3/evidence"

    @Test("the stored file's SHA-256 equals the one returned, and the same file twice is stored once (UP-7, UP-11)")
    func storeAndDedupe() async throws {
        let app = try TestApp()
        try await app.seed()
        let bytes = pdfBytes(String(repeating: "Chỉ số cải cách hành chính ", count: 2000))
        try await app.application.test(.router) { client in
            let first = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                body: multipart([("Kế hoạch.pdf", bytes)]),
                contentType: multipartType
            )
            #expect(first.status == .created, "\(first.body)")
            let record = try #require(first.json?.arrayValue?.first)
            let expected = hexEncoded(SHA256.hash(data: Data(bytes)))
            #expect(record["sha256"]?.stringValue == expected)
            #expect(record["size"]?.scalarText == String(bytes.count))
            #expect(record["filename"]?.stringValue == "Kế hoạch.pdf")
            #expect(record["contentType"]?.stringValue == "application/pdf")
            let second = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                body: multipart([("bản sao.pdf", bytes)]),
                contentType: multipartType
            )
            #expect(second.status == .created)
            #expect(app.storedFiles.filter { !$0.hasPrefix("tmp/") } == ["\(expected.prefix(2))/\(expected.dropFirst(2).prefix(2))/\(expected)"])
            #expect(try await app.count("SELECT COUNT(*) FROM evidence WHERE kind = 'file'") == 2)

            // the download is the same bytes, as an attachment with the UTF-8 name (UP-8)
            let id = try #require(record["id"]?.stringValue)
            // The owner downloads: before A1 submits, its files are 404 to its reviewer (DR-1).
            let download = try await client.execute(
                uri: "/api/v1/evidence/\(id)",
                method: .get,
                headers: [.authorization: "Bearer \(app.tokens["u.a1"]!)"]
            ) { $0 }
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == bytes)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.contentDisposition]?.contains("filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf") == true)
            #expect(download.headers[.xContentTypeOptions] == "nosniff")
            // another unit, and a reviewer not assigned, get 404
            for user in ["u.a2", "r3", "r2"] {
                #expect(try await client.call(.get, "/api/v1/evidence/\(id)", as: user, app: app).status == .notFound)
            }
            // deleting before submission keeps the row (marked) and the ledger event
            #expect(try await client.call(.delete, "/api/v1/evidence/\(id)", as: "u.a1", app: app).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/evidence/\(id)", as: "u.a1", app: app).status == .notFound)
            #expect(try await app.count("SELECT COUNT(*) FROM evidence WHERE deletedAt IS NOT NULL") == 1)
        }
    }

    @Test("a file over the limit gets 413 and leaves no file and no row (UP-2)")
    func tooLarge() async throws {
        let app = try TestApp(maxUploadBytes: 64 << 10)
        try await app.seed()
        try await app.application.test(.router) { client in
            let big = pdfBytes("x") + [UInt8](repeating: 0x41, count: 70 << 10)
            let answer = try await client.call(.post, base, as: "u.a1", app: app, body: multipart([("lớn.pdf", big)]), contentType: multipartType)
            #expect(answer.status == .contentTooLarge, "\(answer.body)")
            #expect(answer.errorCode == "file_too_large")
        }
        #expect(app.storedFiles.isEmpty)
        #expect(try await app.count("SELECT COUNT(*) FROM evidence") == 0)
    }

    @Test(
        "a wrong type by extension or by content gets 415 and leaves nothing (UP-1, UP-3)",
        arguments: [
            ("script.exe", Array("MZ\u{90}\u{0}".utf8)), ("fake.pdf", Array("<html><script>alert(1)</script>".utf8)),
            ("noextension", pdfBytes("x")), ("image.png", [0xFF, 0xD8, 0xFF, 0xE0]), ("page.html", Array("<!doctype html>".utf8)),
        ]
    )
    func wrongType(name: String, bytes: [UInt8]) async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(.post, base, as: "u.a1", app: app, body: multipart([(name, bytes)]), contentType: multipartType)
            #expect(answer.status == .unsupportedMediaType, "\(answer.body)")
        }
        #expect(app.storedFiles.isEmpty)
        #expect(try await app.count("SELECT COUNT(*) FROM evidence") == 0)
    }

    @Test("a truncated multipart body is refused and leaves nothing (UP-10)")
    func truncated() async throws {
        let app = try TestApp()
        try await app.seed()
        let body = ByteBuffer(
            string: "--ParIndexBoundary7MA4YWxk\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 partial"
        )
        try await app.application.test(.router) { client in
            let answer = try await client.call(.post, base, as: "u.a1", app: app, body: body, contentType: multipartType)
            #expect(answer.status == .badRequest)
        }
        #expect(app.storedFiles.isEmpty)
        #expect(try await app.count("SELECT COUNT(*) FROM evidence") == 0)
    }

    @Test("a document reference is evidence too; uploads after submission are refused")
    func referencesAndPhase() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let reference = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                json:
                    #"{"title": "Quyết định ban hành kế hoạch", "documentNumber": "123/QĐ-STC", "issuedOn": "2026-01-15", "url": "https://stc.hanoi.gov.vn/qd-123"}"#
            )
            #expect(reference.status == .created)
            #expect(reference.json?.arrayValue?.first?["kind"]?.stringValue == "reference")
            let badDate = try await client.call(.post, base, as: "u.a1", app: app, json: #"{"title": "X", "issuedOn": "15/01/2026"}"#)
            #expect(badDate.status == .unprocessableContent)
            let form = try await client.call(
                .post,
                base,
                as: "u.a1",
                app: app,
                body: ByteBuffer(string: "title=x"),
                contentType: "application/x-www-form-urlencoded"
            )
            #expect(form.status == .unsupportedMediaType)
        }
    }
}
