import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import ParIndexWeb
import Testing

/// Hostile unit names through every page, the charts and the exports (SECURITY.md IV-4, IV-5, LG-5).
@Suite struct SecurityOutputTests {
    static let formula = #"=HYPERLINK("http://x.example","y")"#
    static let markup = #"<script>alert(1)</script>" onmouseover="alert(2)"#

    /// The cycle of `ScoreCardPagesTests` published, with A1 and A2 renamed to hostile names first.
    static func published() async throws -> TestApp {
        let app = try await ScoreCardPagesTests.finalReview()
        let admin = Caller.commandLine("test")
        _ = try await app.services.admin.saveUnit(Unit(code: "A1", name: formula, blockCode: "DEPT"), by: admin)
        _ = try await app.services.admin.saveUnit(Unit(code: "A2", name: markup, blockCode: "DEPT"), by: admin)
        _ = try await app.services.results.publish(cycle: "2026", by: admin)
        return app
    }

    @Test("IV-5: a unit named <script>… or with a quote and an event handler is escaped on every page that lists units, charts included")
    func hostileNamesEscaped() async throws {
        let app = try await Self.published()
        try await app.application.test(.router) { client in
            let pages: [(String, String?)] = [
                ("/", nil), ("/results/2026", nil), ("/results/2026/units/A2", nil), ("/results/2026/units/A1", nil), ("/admin/units", "admin"),
                ("/admin/cycles/2026", "admin"), ("/admin/cycles/2026/reviewers", "admin"), ("/admin/cycles/2026/publish", "admin"),
                ("/review/2026", "r1"), ("/review/2026/units/A2", "r1"), ("/cycles/2026/units/A2", "u.a2"), ("/dashboard", "u.a2"),
                ("/cycles/2026/units/A2/receipt", "u.a2"),
            ]
            var sawName = 0
            for (path, user) in pages {
                let answer = try await client.call(.get, path, as: user, app: app)
                #expect(answer.status == .ok, "\(path): \(answer.status.code)")
                let html = answer.body
                #expect(!html.contains("<script>alert(1)"), "\(path) runs the unit's name")
                #expect(!html.contains(#"" onmouseover="#) && !html.contains("onmouseover=\"alert"), "\(path) breaks out of an attribute")
                if html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { sawName += 1 }
                #expect(SecurityHeadersTests.problems(answer, signedIn: user != nil).isEmpty, "\(path)")
            }
            #expect(sawName >= 6, "the escaped name shows on the pages that list units")
            // JSON carries the name as data, served as application/json with nosniff: never HTML
            let json = try await client.call(.get, "/api/v1/cycles/2026/results", as: nil, app: app)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(json.body.contains("alert(1)"))
        }
    }

    @Test("IV-4, LG-5: a unit named =HYPERLINK(…) is text, not a formula, in the CSV and XLSX exports; numbers stay numbers; each export is logged")
    func formulaInjection() async throws {
        let app = try await Self.published()
        let capture = LogCapture()
        try await Application(router: app.web.router, logger: capture.logger).test(.router) { client in
            let csv = try await client.call(.get, "/api/v1/cycles/2026/results.csv", as: nil, app: app)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let lines = csv.body.components(separatedBy: "\r\n")
            let row = try #require(lines.first { $0.contains("HYPERLINK") })
            #expect(row.contains(#""'=HYPERLINK(""http://x.example"",""y"")""#), "\(row)")
            #expect(!lines.contains { $0.hasPrefix("=") || $0.contains(",=") || $0.contains(",\"=") })
            #expect(row.contains("85.00") || row.contains("85"), "the index stays a plain number: \(row)")

            let xlsx = try await client.call(.get, "/api/v1/cycles/2026/results.xlsx", as: "obs", app: app)
            #expect(xlsx.status == .ok)
            // the workbook is stored uncompressed, so its sheet XML can be read from the bytes
            let bytes = String(decoding: Array(xlsx.body.utf8), as: UTF8.self)
            #expect(bytes.contains("&apos;=HYPERLINK(") || bytes.contains("'=HYPERLINK("), "the name is neutralised text")
            #expect(!bytes.contains("<f>") && !bytes.contains("<f "), "no formula cell at all")
            #expect(bytes.contains("<v>85</v>") || bytes.contains("<v>85.00</v>") || bytes.contains("<v>85.0</v>"), "the index is a numeric cell")
        }
        let exports = capture.records.filter { $0.hasPrefix("info export") }
        #expect(exports.count == 2, "\(capture.records)")
        #expect(exports.contains { $0.contains("format=csv") && $0.contains("user=-") })
        #expect(exports.contains { $0.contains("format=xlsx") && $0.contains("user=obs") })
    }
}
