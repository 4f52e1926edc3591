import Foundation
import HummingbirdTesting
import ParIndexCore
import Testing

/// The printable documents: the receipt, the score card and the council record each carry the
/// national heading, the issuer, the place and date, signature blocks and an "In" button; the
/// council record is for admins and the unit's own reviewers only.
@Suite struct PrintableDocumentsTests {
    static let heading = [
        "<p class=\"doc-state\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>", "<p class=\"doc-motto\">Độc lập - Tự do - Hạnh phúc</p>",
        "<p class=\"doc-parent\">UBND THÀNH PHỐ HÀ NỘI</p>", "<p class=\"doc-agency\">SỞ NỘI VỤ</p>",
        "<button type=\"button\" class=\"button\" data-print>In</button>", "<link rel=\"stylesheet\" href=\"/css/document.css\">",
        "<div class=\"doc-signatures\">",
    ]

    static func expectDocument(_ html: String, name: String, date: String, _ where_: String) {
        for piece in heading { #expect(html.contains(piece), "\(where_): \(piece)") }
        #expect(html.contains("<p class=\"doc-kind\">\(name)</p>"), "\(where_)")
        #expect(html.contains("<p class=\"doc-date\">Hà Nội, \(date)</p>"), "\(where_)")
    }

    @Test("receipt, score card and council record: national heading, issuer, place and date, signatures, print button")
    func documents() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            // Submitted on 2026-03-01 (the test clock's start), Vietnam time.
            let receipt = try await client.call(.get, "/cycles/2026/units/A1/receipt", as: "u.a1", app: app)
            #expect(receipt.status == .ok)
            Self.expectDocument(receipt.body, name: "GIẤY BIÊN NHẬN", date: "ngày 01 tháng 03 năm 2026", "receipt")
            #expect(receipt.body.contains("<p class=\"doc-sign-role\">NGƯỜI NỘP</p>"))
            #expect(receipt.body.contains("<p class=\"doc-sign-name\">Người dùng u.a1</p>"))
            #expect(receipt.body.contains("<p class=\"doc-sign-role\">THỦ TRƯỞNG ĐƠN VỊ</p>"))

            // The council record, dated the day it is printed (the clock is 31 days on).
            let record = try await client.call(.get, "/review/2026/units/A1/record", as: "r1", app: app)
            #expect(record.status == .ok)
            let html = record.body
            Self.expectDocument(html, name: "BIÊN BẢN THẨM ĐỊNH", date: "ngày 01 tháng 04 năm 2026", "record")
            #expect(html.contains("<li>Người dùng r1 <span class=\"muted\">(r1)</span></li>"))
            #expect(html.contains("<dd>Khối sở</dd>"))
            // Each criterion with its three values; adjustments with reasons and who decided; totals and index.
            #expect(html.contains("<td class=\"num\">2,00</td><td class=\"num\">1,50</td><td class=\"num\"><strong>1,50</strong></td>"))
            #expect(
                html.contains(
                    "<td><span class=\"muted\">Thẩm định:</span> <span class=\"num\">2,00 → 1,50</span></td><td class=\"reason\">Kế hoạch thiếu nội dung chuyển đổi số</td><td>Người dùng r1</td>"
                )
            )
            #expect(html.contains("<span class=\"num\">1,00 → 0,00</span></td><td class=\"reason\">Chưa có báo cáo quý IV</td>"))
            #expect(
                html.contains(
                    "<span class=\"muted\">Sau giải trình — Chấp nhận giải trình:</span> <span class=\"num\">0,00 → 1,00</span></td><td class=\"reason\">Báo cáo bổ sung đủ căn cứ</td><td>Người dùng r1</td>"
                )
            )
            #expect(
                html.contains(
                    "<tr><th scope=\"row\">Cuối cùng</th><td class=\"num\">8,50</td><td class=\"num\">10,00</td><td class=\"num\">85,00</td></tr>"
                )
            )
            #expect(html.contains("<tr><th scope=\"row\">Tự đánh giá</th><td class=\"num\">7,20</td>"))
            #expect(html.contains("<p class=\"doc-sign-role\">TM. TỔ THẨM ĐỊNH</p>"))
            #expect(html.contains("<p class=\"doc-sign-name\">Người dùng r1</p>"))

            // The score card, dated its publication.
            app.clock.advance(by: 86400)
            _ = try await app.services.results.publish(cycle: "2026", by: .commandLine("test"))
            let card = try await client.call(.get, "/results/2026/units/A1", as: nil, app: app)
            Self.expectDocument(card.body, name: "PHIẾU ĐIỂM", date: "ngày 02 tháng 04 năm 2026", "card")
            #expect(card.body.contains("<p class=\"doc-sign-role\">TM. HỘI ĐỒNG THẨM ĐỊNH</p>"))

            // The print button needs the script, and the stylesheet has A4 print rules.
            let script = try await client.call(.get, "/js/app.js", as: nil, app: app)
            #expect(script.body.contains("button[data-print]") && script.body.contains("window.print()"))
            let css = try await client.call(.get, "/css/document.css", as: nil, app: app)
            #expect(css.status == .ok && css.body.contains("@media print") && css.body.contains("size: A4"))
        }
    }

    @Test("council record: admins and the unit's reviewers; 404 for others' reviewers, 403 for units and observers")
    func recordAccess() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            for user in ["r1", "admin"] {
                #expect(try await client.call(.get, "/review/2026/units/A1/record", as: user, app: app).status == .ok, "\(user)")
            }
            for user in ["r2", "r3"] {
                let answer = try await client.call(.get, "/review/2026/units/A1/record", as: user, app: app)
                #expect(answer.status == .notFound, "\(user)")
                #expect(!answer.body.contains("Kế hoạch thiếu nội dung"), "\(user)")
            }
            for user in ["u.a1", "u.a2", "obs"] {
                #expect(try await client.call(.get, "/review/2026/units/A1/record", as: user, app: app).status == .forbidden, "\(user)")
            }
            #expect(try await client.call(.get, "/review/2026/units/B1/record", as: "r2", app: app).status == .ok)
            // The reviewer's page links to it; the observer's does not.
            let page = try await client.call(.get, "/review/2026/units/A1", as: "r1", app: app)
            #expect(page.body.contains("<a href=\"/review/2026/units/A1/record\">Biên bản thẩm định (bản in)</a>"))
            let observed = try await client.call(.get, "/review/2026/units/A1", as: "obs", app: app)
            #expect(!observed.body.contains("/record\""))
        }
    }
}
