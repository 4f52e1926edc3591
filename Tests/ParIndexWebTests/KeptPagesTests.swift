import CZlibShim
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The grid page is kept with holes for each caller's form token and name, plain and gzip
/// compressed once (decision 0010). Whatever it answers must be byte for byte what a fresh
/// rendering gives that caller, after every kind of change and as time passes deadlines.
@Suite struct KeptPagesTests {
    /// Decodes a gzip member with the system zlib, independently of the code under test.
    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        #expect(parindex_inflate_init_gzip(&stream) == Z_OK)
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while status == Z_OK
        }
        // Z_STREAM_END checks the trailer's CRC-32 and length; anything else is a broken stream.
        guard status == Z_STREAM_END, stream.avail_in == 0 else { throw GunzipError(status: status) }
        return output
    }

    struct GunzipError: Error { var status: Int32 }

    static func get(
        _ client: some TestClientProtocol,
        _ path: String,
        cookie: String?,
        bearer: String? = nil,
        gzip: Bool
    ) async throws -> (HTTPFields, [UInt8]) {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        if gzip { headers[.acceptEncoding] = "gzip, deflate, br" }
        return try await client.execute(uri: path, method: .get, headers: headers, body: nil) { response in
            #expect(response.status == .ok)
            return (response.headers, Array(buffer: response.body))
        }
    }

    @Test("filled slots decode to the text with the values in place, for values of every length and holes anywhere")
    func slotsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let token = "ABCDEFGHIJKLMNOP"
        // Repetitive markup, so back-references reach across the holes.
        var text = "TOKEN<head>NAME"
        for row in 0..<2000 {
            text += "<tr><td>Tiêu chí \(row % 7)</td><td>điểm \(row % 3)</td></tr>\n"
            if row % 20 == 0 { text += "<input name=\"_csrf\" value=\"TOKEN\">" }
            if row % 397 == 0 { text += "NAMETOKEN<p>Người dùng NAME</p>" }
        }
        text += "TOKEN"
        let page = SlottedPage(text, markers: ["TOKEN", "NAME"])
        for name in ["", "u.a1", "Nguyễn &amp; Văn A", String(repeating: "x", count: 70_000)] {
            var tokenValue = String((0..<token.count).map { _ in "abcdef0123456789".randomElement(using: &generator)! })
            if name.isEmpty { tokenValue = token }
            let expected = Array(text.replacingOccurrences(of: "TOKEN", with: tokenValue).replacingOccurrences(of: "NAME", with: name).utf8)
            let values = [tokenValue, name]
            #expect(page.fits(values))
            #expect(Array(buffer: page.plain(values)) == expected)
            #expect(try Self.gunzip(Array(buffer: page.gzip(values))) == expected)
        }
        #expect(!page.fits([token]))
        // Compressed as a whole: far smaller than the text.
        #expect(page.gzip([token, "u.a1"]).readableBytes * 4 < text.utf8.count)
    }

    @Test("each caller's compressed page is kept with the page and never served to another caller")
    func compressedPerCaller() throws {
        let text = String(repeating: "<tr><td>Tiêu chí</td><td><input name=\"_csrf\" value=\"TOKEN\"></td></tr>\n", count: 500) + "NAME"
        let page = SlottedPage(text, markers: ["TOKEN", "NAME"])
        // More callers than a page keeps, twice over, so kept pages are dropped and made again.
        let callers = (0..<(SlottedPage.keptCallers * 2 + 1)).map { ["token\($0)", "người \($0)"] }
        for _ in 0..<2 {
            for values in callers {
                let expected = Array(text.replacingOccurrences(of: "TOKEN", with: values[0]).replacingOccurrences(of: "NAME", with: values[1]).utf8)
                #expect(try Self.gunzip(Array(buffer: page.gzip(values))) == expected)
            }
        }
        #expect(page.gzip(callers[0]) == page.gzip(callers[0]))
    }

    @Test("a page with no holes, or only holes, still makes a valid stream")
    func edges() throws {
        for text in ["", "plain text only", "TOKEN", "TOKENTOKEN"] {
            let page = SlottedPage(text, markers: ["TOKEN"])
            let expected = Array(text.replacingOccurrences(of: "TOKEN", with: "abc").utf8)
            #expect(try Self.gunzip(Array(buffer: page.gzip(["abc"]))) == expected)
            #expect(Array(buffer: page.plain(["abc"])) == expected)
        }
    }

    @Test("Accept-Encoding is read as HTTP says: gzip or *, unless weighted zero")
    func acceptEncoding() {
        func accepts(_ header: String?) -> Bool {
            var headers = HTTPFields()
            if let header { headers[.acceptEncoding] = header }
            let request = Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/", headerFields: headers),
                body: .init(buffer: ByteBuffer())
            )
            return PageRenderer.acceptsGzip(request)
        }
        #expect(accepts("gzip, deflate, br, zstd"))
        #expect(accepts("br;q=1.0, GZIP;q=0.5"))
        #expect(accepts("*"))
        #expect(!accepts(nil))
        #expect(!accepts("br, deflate"))
        #expect(!accepts("gzip;q=0"))
        #expect(!accepts("gzip; q=0.000"))
        #expect(!accepts("gzipx"))
    }

    @Test("the grid page answers each session exactly a fresh rendering, plain and gzip, after every change and deadline")
    func neverStale() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let path = "/cycles/2026/units/A1"
            var first = try await browserSession(client, app, "u.a1")
            var second = try await browserSession(client, app, "u.a1")
            // A1 never submits here, so its page is 404 to its reviewer (DR-1): an admin's session
            // is the reader from outside the unit.
            var reviewer = try await browserSession(client, app, "admin")
            #expect(first.csrf != second.csrf)
            // Sessions end after 15 idle minutes: moving the clock by days needs new ones.
            func advance(days: Double) async throws {
                app.clock.advance(by: days * 86400)
                first = try await browserSession(client, app, "u.a1")
                second = try await browserSession(client, app, "u.a1")
                reviewer = try await browserSession(client, app, "admin")
            }
            func forms() async throws -> Bool {
                String(decoding: try await Self.get(client, path, cookie: first.cookie, gzip: false).1, as: UTF8.self).contains("data-editable")
            }

            var last: [String: [UInt8]] = [:]
            func check(_ what: String, changes: Bool = true) async throws {
                // A second router on the same database: its first answer is always rendered afresh.
                let fresh = try buildRouter(
                    services: app.services,
                    storage: app.storage,
                    configuration: WebConfiguration(maxUploadBytes: 1 << 20, metrics: { "" }, publicDirectory: TestApp.publicDirectory)
                )
                for (name, session) in [("first", first), ("second", second), ("reviewer", reviewer)] {
                    let expected = try await Application(router: fresh.router).test(.router) { freshClient in
                        try await Self.get(freshClient, path, cookie: session.cookie, gzip: false).1
                    }
                    #expect(String(decoding: expected, as: UTF8.self).contains(#"name="_csrf" value="\#(session.csrf)""#))
                    // Twice each: the first may keep the page, the second is served from it.
                    for _ in 0..<2 {
                        let (zippedHeaders, zipped) = try await Self.get(client, path, cookie: session.cookie, gzip: true)
                        #expect(zippedHeaders[.contentEncoding] == "gzip")
                        #expect(zippedHeaders[.vary] == "Accept-Encoding")
                        #expect(zippedHeaders[.cacheControl] == "no-store")
                        // Compared as one fact: a mismatch of 400 KB pages is not worth printing.
                        let decoded = try Self.gunzip(zipped) == expected
                        #expect(decoded, "\(what), \(name) session, gzip")
                        let (plainHeaders, plain) = try await Self.get(client, path, cookie: session.cookie, gzip: false)
                        #expect(plainHeaders[.contentEncoding] == nil && plainHeaders[.vary] == "Accept-Encoding")
                        let same = plain == expected
                        #expect(same, "\(what), \(name) session, plain")
                    }
                    let changed = expected != last[name]
                    if changes { #expect(changed, "\(what) should show to the \(name) session") }
                    last[name] = expected
                }
                // A bearer-token caller has no form token: its own kept page, never a session's.
                let bearer = try await Self.get(client, path, cookie: nil, bearer: app.tokens["u.a1"], gzip: true).1
                #expect(!String(decoding: try Self.gunzip(bearer), as: UTF8.self).contains(first.csrf))
            }

            try await check("nothing written yet")
            #expect(
                try await client.call(.put, "/api/v1/cycles/2026/units/A1/items/1.1", as: "u.a1", app: app, json: #"{"points": 2}"#).status == .ok
            )
            try await check("a self entry through the API")
            let saved = try await postForm(
                client,
                app,
                "\(path)/items/1.1",
                cookie: first.cookie,
                [("_csrf", first.csrf), ("points", "1,5"), ("version", "1")]
            )
            #expect(saved.status == .found, "\(saved.body)")
            try await check("a self entry through the page")
            let reference = try await postForm(
                client,
                app,
                "\(path)/items/1.3/references",
                cookie: first.cookie,
                [("_csrf", first.csrf), ("title", "Báo cáo <số 1> & \"kèm\""), ("documentNumber", "12/BC"), ("issuedOn", ""), ("url", "")]
            )
            #expect(reference.status == .found, "\(reference.body)")
            try await check("a reference")
            let renamed = try await client.call(.put, "/api/v1/units/A1", as: "admin", app: app, json: #"{"name": "Quận Mới", "block": "DEPT"}"#)
            #expect(renamed.status == .ok, "\(renamed.body)")
            try await check("the unit renamed")
            // No write at all: only the clock passes the deadline, which closes the forms.
            #expect(try await forms())
            try await advance(days: 10 + 1 / 86400)
            try await check("the deadline passed")
            #expect(try await !forms())
            let extended = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A1/extension",
                as: "admin",
                app: app,
                json: #"{"until": "2026-03-20T00:00:00Z", "reason": "Sự cố mạng"}"#
            )
            #expect(extended.status == .ok, "\(extended.body)")
            try await check("an extension")
            #expect(try await forms())
            try await advance(days: 10)
            try await check("the extension passed")
            #expect(try await !forms())
            #expect(try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "appraisal"}"#).status == .ok)
            try await check("the phase moved", changes: true)
        }
    }
}
