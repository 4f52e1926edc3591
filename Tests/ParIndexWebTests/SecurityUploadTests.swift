import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// Evidence names and downloads (SECURITY.md UP-3, UP-7, UP-8).
@Suite struct SecurityUploadTests {
    static let a1 = "/api/v1/cycles/2026/units/A1/items/1.3/evidence"

    /// One file uploaded through the route to A1's item 1.3, by A1's own account.
    static func upload(_ client: some TestClientProtocol, _ app: TestApp, _ name: String, _ bytes: [UInt8]) async throws -> Answer {
        try await client.call(.post, a1, as: "u.a1", app: app, body: multipart([(name, bytes)]), contentType: multipartType)
    }

    @Test(
        "UP-3: double extensions, a NUL before .pdf and a missing extension are refused and store nothing",
        arguments: [
            "bao-cao.pdf.exe", "x.php\u{0}.pdf.php", "bao-cao", "x.svg", "x.html",
        ]
    )
    func doubleExtensions(name: String) async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await Self.upload(client, app, name, pdfBytes("x"))
            #expect(answer.status == .unsupportedMediaType, "\(answer.body)")
        }
        #expect(app.storedFiles.isEmpty)
        #expect(try await app.count("SELECT count(*) FROM evidence") == 0)
    }

    @Test("UP-7, UP-8: hostile names never shape the stored path; the download is an attachment whose name cannot inject a header")
    func hostileNames() async throws {
        let app = try TestApp()
        try await app.seed()
        let names = [
            "../../etc/passwd.pdf", #"..\..\windows\win.ini.pdf"#, "/etc/shadow.pdf", "-rf.pdf", ".hidden.pdf",
            "Báo cáo \"quý\".pdf", "Báo cáo; x=1.pdf",
            "a\r\nSet-Cookie: x=1.pdf",
        ]
        try await app.application.test(.router) { client in
            for (index, name) in names.enumerated() {
                let answer = try await Self.upload(client, app, name, pdfBytes("tệp \(index)"))
                if answer.status != .created {
                    // Names with a quote, a semicolon or a line break may end the part header's name early
                    // (then it has no allowed extension): refused with a 4xx and nothing stored, never a 5xx.
                    #expect(name.contains { "\";\r\n".contains($0) } && answer.status.code < 500, "\(name): \(answer.body)")
                    continue
                }
                let record = try #require(answer.json?.arrayValue?.first)
                let stored = try #require(record["filename"]?.stringValue)
                #expect(!stored.contains("/") && !stored.contains("\\") && !stored.contains("\r") && !stored.contains("\n"), "\(stored)")
                let id = try #require(record["id"]?.stringValue)
                // The owner downloads: before A1 submits, its files are 404 to its reviewer (DR-1).
                let download = try await client.call(.get, "/api/v1/evidence/\(id)", as: "u.a1", app: app)
                let disposition = try #require(download.headers[.contentDisposition])
                #expect(disposition.hasPrefix("attachment; filename=\""))
                #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 }, "\(disposition)")
                #expect(download.headers[.setCookie] == nil)
                #expect(download.headers[.contentType] == "application/pdf")
                #expect(download.headers[.xContentTypeOptions] == "nosniff")
                // the quoted name has no raw quote or semicolon that would end it early
                let quoted = try #require(disposition.firstMatch(of: /filename="([^"]*)"/)?.1)
                #expect(!quoted.contains(";"))
            }
        }
        // every stored file is named by its SHA-256 under the evidence folder, nothing else
        let files = app.storedFiles.filter { !$0.hasPrefix("tmp/") }
        #expect(files.count >= names.count - 3 && files.count <= names.count)
        for file in files { #expect(file.wholeMatch(of: /[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}/) != nil, "\(file)") }
    }

    @Test("UP-8: a Vietnamese name survives the download as RFC 5987 filename*, percent-encoded ASCII only")
    func vietnameseName() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await Self.upload(client, app, "Báo cáo tổng hợp.pdf", pdfBytes("x"))
            let id = try #require(answer.json?.arrayValue?.first?["id"]?.stringValue)
            let download = try await client.call(.get, "/api/v1/evidence/\(id)", as: "u.a1", app: app)
            let disposition = try #require(download.headers[.contentDisposition])
            let encoded = try #require(disposition.firstMatch(of: /filename\*=UTF-8''(.+)$/)?.1)
            #expect(String(encoded).removingPercentEncoding == "Báo cáo tổng hợp.pdf")
            #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII }, "\(disposition)")
        }
    }

    @Test("UP-11: a stored file whose bytes no longer match the recorded SHA-256 is refused with a 500 and a reference; an intact one downloads")
    func tamperedFileIsNotServed() async throws {
        let app = try TestApp()
        try await app.seed()
        let owner = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        let intact = try await app.attachPDF(criterion: "1.3", name: "nguyen-ven.pdf", text: "intact", by: owner)
        let altered = try await app.attachPDF(criterion: "1.3", name: "bi-sua.pdf", text: "original", by: owner)
        let sha256 = try #require(altered.sha256)
        let path = try #require(app.storage.path(sha256: sha256))
        #expect(app.storedFiles.count == 2)
        // Same length, different bytes: only a hash can tell.
        try Data(pdfBytes("modified")).write(to: URL(fileURLWithPath: path))
        try await app.submitOnBehalf("A1")  // r1 downloads below; a draft's files are 404 to it (DR-1)
        try await app.application.test(.router) { client in
            let refused = try await client.call(.get, "/api/v1/evidence/\(altered.id)", as: "r1", app: app)
            #expect(refused.status == .internalServerError)
            #expect(refused.errorCode == "evidence_integrity_failed")
            #expect(refused.json?["error"]?["details"]?["reference"]?.stringValue?.count == 12)
            #expect(!refused.body.contains("modified") && refused.headers[.contentDisposition] == nil)
            let served = try await client.call(.get, "/api/v1/evidence/\(intact.id)", as: "r1", app: app)
            #expect(served.status == .ok && served.body == String(decoding: pdfBytes("intact"), as: UTF8.self))
        }
    }

    /// A PNG header (signature + IHDR) claiming `width` × `height` pixels, in a few bytes.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + bigEndian(width) + bigEndian(height)
            + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }

    /// A JPEG whose SOF0 frame header (after an APP0 segment, so the markers must be walked) claims
    /// `width` × `height`.
    static func jpegHeader(width: UInt16, height: UInt16) -> [UInt8] {
        let app0: [UInt8] = [0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let sof0: [UInt8] = [0xFF, 0xC0, 0, 11, 8] + bigEndian(height) + bigEndian(width) + [1, 1, 0x11, 0]
        return [0xFF, 0xD8] + app0 + sof0 + [0xFF, 0xD9]
    }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    @Test(
        "UP-5: images over 50 megapixels (read from the PNG IHDR or the JPEG SOFn header, never decoded) get 422 and store nothing",
        arguments: [
            ("anh.png", pngHeader(width: 10_000, height: 10_000)), ("anh.png", pngHeader(width: 100_000, height: 100_000)),
            ("anh.jpg", jpegHeader(width: 10_000, height: 10_000)), ("anh.png", Array(pngHeader(width: 1, height: 1).prefix(12))),
        ]
    )
    func pixelFloodRefused(name: String, bytes: [UInt8]) async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(.post, Self.a1, as: "u.a1", app: app, body: multipart([(name, bytes)]), contentType: multipartType)
            #expect(answer.status == .unprocessableContent, "\(answer.body)")
            #expect(answer.errorCode == "image_too_large" || (bytes.count < 24 && answer.errorCode == "image_unreadable"))
        }
        #expect(app.storedFiles.isEmpty)
        #expect(try await app.count("SELECT count(*) FROM evidence") == 0)
    }

    @Test("UP-5: ordinary images (100 × 100 PNG, 7071 × 7071 JPEG just under 50 MP) are accepted and served as attachments")
    func ordinaryImagesAccepted() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for (name, bytes) in [("anh.png", Self.pngHeader(width: 100, height: 100)), ("anh.jpg", Self.jpegHeader(width: 7071, height: 7071))] {
                let answer = try await client.call(.post, Self.a1, as: "u.a1", app: app, body: multipart([(name, bytes)]), contentType: multipartType)
                #expect(answer.status == .created, "\(answer.body)")
                let id = try #require(answer.json?.arrayValue?.first?["id"]?.stringValue)
                // The owner downloads: before A1 submits, its files are 404 to its reviewer (DR-1).
                let download = try await client.call(.get, "/api/v1/evidence/\(id)", as: "u.a1", app: app)
                #expect(download.status == .ok && download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
                #expect(download.headers[.xContentTypeOptions] == "nosniff")
            }
        }
        #expect(try await app.count("SELECT count(*) FROM evidence") == 2)
    }

    @Test("UP-9: an infected upload (EICAR) is refused with 422 infected_file before reviewers can see it: nothing stored, a security event logged")
    func antivirus() async throws {
        let app = try TestApp()
        try await app.seed()
        let capture = LogCapture()
        let eicar = Array("%PDF-1.4\n".utf8) + SignatureScanner.eicar + Array("\n%%EOF\n".utf8)
        // Also found at the end of a file longer than the scanned head.
        let tail = pdfBytes(String(repeating: "x", count: 200_000)) + SignatureScanner.eicar
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            for bytes in [eicar, tail] {
                let answer = try await Self.upload(client, app, "eicar.pdf", bytes)
                #expect(answer.status == .unprocessableContent && answer.errorCode == "infected_file", "\(answer.body)")
                #expect(answer.json?["error"]?["message"]?.stringValue?.contains("mã độc") == true)
            }
            let clean = try await Self.upload(client, app, "sach.pdf", pdfBytes("x"))
            #expect(clean.status == .created)
        }
        #expect(try await app.count("SELECT count(*) FROM evidence") == 1)
        #expect(app.storedFiles.count == 1)
        let events = capture.records.filter { $0.contains("infected upload refused") }
        #expect(events.count == 2 && events.allSatisfy { $0.contains("user=u.a1") && $0.contains("Eicar-Test-Signature") }, "\(capture.records)")
    }
}
