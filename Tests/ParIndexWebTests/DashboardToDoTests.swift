import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The dashboard's to-do list for each role: a count of exactly what it counts for the person
/// looking, linked to where that work is done; an observer has none.
@Suite struct DashboardToDoTests {
    /// The to-do lines of the dashboard: (kind, count, text, link).
    static func toDo(_ html: String) -> [(kind: String, count: String?, text: String, href: String)] {
        let line = try! Regex(#"<li data-todo="([a-zA-Z]+)"><a href="([^"]*)">(?:<strong class="count">([^<]*)</strong> )?([^<]*)</a></li>"#)
        return html.matches(of: line).map { match in
            let part = { (i: Int) in match.output[i].substring.map(String.init) }
            return (part(1)!, part(3), part(4)!, part(2)!.replacingOccurrences(of: "&#39;", with: "'"))
        }
    }

    static func lines(_ client: some TestClientProtocol, _ app: TestApp, _ user: String) async throws -> [String] {
        let html = try await client.call(.get, "/dashboard", as: user, app: app).body
        return toDo(html).map { "\($0.count.map { $0 + " " } ?? "")\($0.text) → \($0.href)" }
    }

    @Test("self-assessment: the unit counts its unscored items and its submission, the admin the units not submitted; reviewers have nothing yet")
    func selfAssessment() async throws {
        let app = try TestApp()
        try await app.seed()
        _ = try await app.services.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            .init(entry: .points(Points(1))),
            by: UnitPagesTests.a1
        )
        try await app.application.test(.router) { client in
            #expect(
                try await Self.lines(client, app, "u.a1") == [
                    "5 tiêu chí chưa nhập điểm tự đánh giá → /cycles/2026/units/A1#item-1.2",
                    "1 bản tự đánh giá chưa nộp → /cycles/2026/units/A1/submit",
                ]
            )
            #expect(try await Self.lines(client, app, "admin") == ["4 đơn vị chưa nộp → /admin/cycles/2026#units-h"])
            let reviewer = try await client.call(.get, "/dashboard", as: "r1", app: app).body
            #expect(Self.toDo(reviewer).isEmpty && reviewer.contains("<h3>Việc của bạn</h3>"))
            #expect(reviewer.contains("Lúc này bạn không có việc nào cần làm trong kỳ này."))
            let observer = try await client.call(.get, "/dashboard", as: "obs", app: app).body
            #expect(!observer.contains("Việc của bạn") && Self.toDo(observer).isEmpty)
            // In English the same lines, in English words.
            let english = try await client.call(.get, "/dashboard?lang=en", as: "u.a1", app: app).body
            #expect(Self.toDo(english).map(\.text) == ["items without a self score", "self-assessment not submitted"])
        }
    }

    @Test("explanation: the unit's open questions, linked to the first; the admin's units not submitted and survey values")
    func explanation() async throws {
        let app = try await StatusSignalsTests.questioned()  // 1.1 open, 1.2 answered
        try await app.application.test(.router) { client in
            let unit = try await Self.lines(client, app, "u.a1")
            #expect(unit == ["1 câu hỏi chờ trả lời → /cycles/2026/units/A1#item-1.1"])
            #expect(try await Self.lines(client, app, "u.a2").isEmpty)
            // Settling waits for the final review: nothing the council can do now.
            #expect(try await Self.lines(client, app, "r1").isEmpty)
            #expect(
                try await Self.lines(client, app, "admin") == [
                    "3 đơn vị chưa nộp → /admin/cycles/2026#units-h", "4 điểm điều tra xã hội học chưa nhập → /admin/cycles/2026/survey",
                ]
            )
        }
    }

    @Test(
        "final review: the reviewer's explanations and unanswered questions to settle and items to appraise, at the unit; the admin's blocked publication"
    )
    func finalReview() async throws {
        let app = try await StatusSignalsTests.questioned()
        app.clock.advance(by: 20 * 86400)
        _ = try await app.services.admin.movePhase(cycle: "2026", to: .finalReview, by: .commandLine())
        try await app.application.test(.router) { client in
            // A1's 1.3, 9.1 and 9.2 were never appraised; A2 has not submitted, so its items are nobody's yet.
            #expect(
                try await Self.lines(client, app, "r1") == [
                    "3 tiêu chí chờ thẩm định → /review/2026/units/A1?filter=unreviewed",
                    "1 giải trình chờ chốt → /review/2026/units/A1?filter=questions",
                    "1 câu hỏi đơn vị chưa trả lời, chờ chốt → /review/2026/units/A1?filter=questions",
                ]
            )
            #expect(try await Self.lines(client, app, "r2").isEmpty)
            #expect(try await Self.lines(client, app, "u.a1").isEmpty)
            let admin = try await Self.lines(client, app, "admin")
            #expect(admin.first == "3 đơn vị chưa nộp → /admin/cycles/2026#units-h")
            #expect(admin.last?.hasSuffix("tiêu chí chưa hoàn tất, chưa công bố được → /admin/cycles/2026/publish") == true)
            // The filtered page the link opens shows exactly the items counted.
            let page = try await client.call(.get, "/review/2026/units/A1?filter=questions", as: "r1", app: app)
            #expect(page.status == .ok)
        }
    }

    @Test("when nothing blocks publication the admin is told the cycle may be published, without a count")
    func readyToPublish() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            let html = try await client.call(.get, "/dashboard", as: "admin", app: app).body
            let lines = Self.toDo(html)
            #expect(lines.count == 1 && lines[0].count == nil && lines[0].text == "Đủ điều kiện công bố kết quả")
            #expect(lines[0].href == "/admin/cycles/2026/publish")
        }
    }
}
