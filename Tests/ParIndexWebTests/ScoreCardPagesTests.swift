import Foundation
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

/// The public score card: nothing before publication; afterwards each criterion's self, appraised
/// and final points with the reasons, exactly, and never the reviewers' names.
@Suite struct ScoreCardPagesTests {
    static let ua1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
    static let ua2 = Caller(username: "u.a2", role: .unit, unitCode: "A2")
    static let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
    static let r2 = Caller(username: "r2", role: .reviewer, unitCode: "A1")
    static let admin = Caller.commandLine("test")

    /// The seeded cycle taken to final review through the services (figures as in FullCycleTests):
    /// A1's 1.1 adjusted 2 → 1.5 with a note; A1's 1.3 appraised 0, questioned, explained and
    /// settled `accepted` at the self points (1); A2 marks 1.3 not applicable and takes a 0.5 deduction.
    static func finalReview() async throws -> TestApp {
        let app = try TestApp()
        try await app.seed()
        let s = app.services
        func put(_ caller: Caller, _ unit: String, _ code: String, _ entry: Entry) async throws {
            _ = try await s.assessments.setSelfEntry(cycle: "2026", unit: unit, criterion: code, .init(entry: entry), by: caller)
        }
        try await put(ua1, "A1", "1.1", .points(Points(2)))
        try await put(ua1, "A1", "1.2", .choice(0))
        try await put(ua1, "A1", "1.3", .ratio(numerator: 95, denominator: 100))
        try await put(ua1, "A1", "2.1", .ratio(numerator: 90, denominator: 100))
        try await put(ua1, "A1", "9.1", .points(Points(hundredths: 50)))
        try await put(ua1, "A1", "9.2", .points(.zero))
        try await put(ua2, "A2", "1.1", .points(Points(hundredths: 150)))
        try await put(ua2, "A2", "1.2", .choice(1))
        _ = try await s.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A2",
            criterion: "1.3",
            .init(notApplicableReason: "Không phát sinh nhiệm vụ trong năm"),
            by: ua2
        )
        try await put(ua2, "A2", "2.1", .ratio(numerator: 45, denominator: 60))
        try await put(ua2, "A2", "9.1", .points(.zero))
        try await put(ua2, "A2", "9.2", .points(Points(hundredths: 50)))
        for unit in ["B1", "B2"] {
            let caller = Caller(username: "u.\(unit.lowercased())", role: .unit, unitCode: unit)
            try await put(caller, unit, "1.1", .points(Points(2)))
            try await put(caller, unit, "1.2", .choice(0))
            try await put(caller, unit, "1.3", .ratio(numerator: 100, denominator: 100))
            try await put(caller, unit, "2.1", .ratio(numerator: 1, denominator: 3))
            try await put(caller, unit, "9.1", .points(Points(1)))
            try await put(caller, unit, "9.2", .points(.zero))
        }
        for (unit, caller) in [
            ("A1", ua1), ("B1", Caller(username: "u.b1", role: .unit, unitCode: "B1")),
            ("B2", Caller(username: "u.b2", role: .unit, unitCode: "B2")),
        ] {
            _ = try await s.evidence.addReference(
                cycle: "2026",
                unit: unit,
                criterion: "1.3",
                .init(title: "Báo cáo kết quả năm 2026", documentNumber: "12/BC-\(unit)", issuedOn: "2026-02-20"),
                by: caller
            )
        }
        for (unit, caller) in [("A1", ua1), ("A2", ua2)] { _ = try await s.assessments.submit(cycle: "2026", unit: unit, by: caller) }
        for unit in ["B1", "B2"] {
            _ = try await s.assessments.submit(cycle: "2026", unit: unit, by: Caller(username: "u.\(unit.lowercased())", role: .unit, unitCode: unit))
        }

        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        func appraise(_ caller: Caller, _ unit: String, _ code: String, _ entry: Entry, _ note: String? = nil) async throws {
            _ = try await s.review.appraise(cycle: "2026", unit: unit, criterion: code, .init(entry: entry, note: note), by: caller)
        }
        try await appraise(r1, "A1", "1.1", .points(Points(hundredths: 150)), "Kế hoạch thiếu nội dung chuyển đổi số")
        try await appraise(r1, "A1", "1.2", .choice(0))
        try await appraise(r1, "A1", "1.3", .ratio(numerator: 70, denominator: 100), "Chưa có báo cáo quý IV")
        try await appraise(r1, "A1", "2.1", .ratio(numerator: 90, denominator: 100))
        try await appraise(r1, "A1", "9.1", .points(Points(hundredths: 50)))
        try await appraise(r1, "A1", "9.2", .points(.zero))
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đề nghị bổ sung báo cáo quý IV", by: r1)
        try await appraise(r1, "A2", "1.1", .points(Points(hundredths: 150)))
        try await appraise(r1, "A2", "1.2", .choice(1))
        try await appraise(r1, "A2", "2.1", .ratio(numerator: 45, denominator: 60))
        try await appraise(r1, "A2", "9.1", .points(.zero))
        try await appraise(r1, "A2", "9.2", .points(Points(hundredths: 50)))
        for unit in ["B1", "B2"] {
            try await appraise(r2, unit, "1.1", .points(Points(2)))
            try await appraise(r2, unit, "1.2", .choice(0))
            try await appraise(r2, unit, "1.3", .ratio(numerator: 100, denominator: 100))
            try await appraise(r2, unit, "2.1", .ratio(numerator: 1, denominator: 3))
            try await appraise(r2, unit, "9.1", .points(Points(1)))
            try await appraise(r2, unit, "9.2", .points(.zero))
        }

        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: admin)
        _ = try await s.review.answer(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đã bổ sung báo cáo quý IV", by: ua1)

        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .finalReview, by: admin)
        _ = try await s.results.importSurvey(
            cycle: "2026",
            rows: [
                .init(row: 2, unit: "A1", criterion: "2.2", points: "1.8"), .init(row: 3, unit: "A2", criterion: "2.2", points: "1,5"),
                .init(row: 4, unit: "B1", criterion: "2.2", points: "2"), .init(row: 5, unit: "B2", criterion: "2.2", points: "2"),
            ],
            by: admin
        )
        _ = try await s.review.settle(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(points: nil, note: "Báo cáo bổ sung đủ căn cứ", disposition: .accepted),
            by: r1
        )
        return app
    }

    /// The text of each cell of the table row with this id, tags stripped.
    static func cells(_ html: String, row id: String) -> [String] {
        guard let start = html.range(of: "<tr id=\"\(id)\""), let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else {
            return []
        }
        let row = String(html[start.upperBound..<end.lowerBound])
        let cell = try! Regex(#"<t[hd][^>]*>(.*?)</t[hd]>"#).dotMatchesNewlines()
        return row.matches(of: cell).map { match in
            let inner = String(row[match.range]).replacing(try! Regex("<[^>]+>"), with: "")
            return inner.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("not found before publication, for anyone; unknown units are not found after it")
    func notFoundBeforePublication() async throws {
        let app = try await Self.finalReview()
        try await app.application.test(.router) { client in
            for user in [nil, "admin", "u.a1"] as [String?] {
                let answer = try await client.call(.get, "/results/2026/units/A1", as: user, app: app)
                #expect(answer.status == .notFound, "\(user ?? "anonymous"): \(answer.status)")
                #expect(!answer.body.contains("Kế hoạch thiếu nội dung"))
            }
            _ = try await app.services.results.publish(cycle: "2026", by: Self.admin)
            #expect(try await client.call(.get, "/results/2026/units/ZZ", as: nil, app: app).status == .notFound)
            #expect(try await client.call(.get, "/results/2025/units/A1", as: nil, app: app).status == .notFound)
        }
    }

    @Test("after publication: rank, index, band, sub-indices and each item's exact points and reasons, no reviewer names")
    func publishedScoreCard() async throws {
        let app = try await Self.finalReview()
        let publication = try await app.services.results.publish(cycle: "2026", by: Self.admin)
        try await app.application.test(.router) { client in
            let answer = try await client.call(.get, "/results/2026/units/A1", as: nil, app: app)
            #expect(answer.status == .ok)
            let html = answer.body
            #expect(html.contains("<h1>Sở Tài chính</h1>"))
            // A1: 1.5 + 1 + 1 (settled at the self points) + 2.7 + 1.8 + 0.5 bonus − 0 = 8.5 of 10 → 85.00, first of the block
            #expect(html.contains("<strong class=\"big\">1</strong> trên 2 · Khối sở"))
            #expect(html.contains("<strong class=\"big\">85,00%</strong>"))
            #expect(html.contains("<dd>8,50/10,00</dd>"))
            #expect(html.contains("<dd>Tốt</dd>"))
            // field sub-indices: 3.5/5 → 70, 4.5/5 → 90, bonus/deduction field without an index
            #expect(html.contains("<th scope=\"row\">1. Chỉ đạo, điều hành</th><td class=\"num\">3,50/5,00</td><td class=\"num\">70,00</td>"))
            #expect(html.contains("<th scope=\"row\">2. Thủ tục hành chính</th><td class=\"num\">4,50/5,00</td><td class=\"num\">90,00</td>"))
            #expect(
                html.contains(
                    "<th scope=\"row\">9. Điểm thưởng, điểm trừ</th><td class=\"num\">0,50</td><td class=\"num\"><span class=\"muted\">không tính chỉ số</span>"
                )
            )
            // per item: criterion, max, self, appraised, final, reasons
            #expect(
                Self.cells(html, row: "item-1.1") == [
                    "1.1 Kế hoạch CCHC", "2,00", "2,00", "1,50", "1,50", "Ý kiến thẩm định: Kế hoạch thiếu nội dung chuyển đổi số",
                ]
            )
            #expect(Self.cells(html, row: "item-1.2") == ["1.2 Ban hành đúng hạn", "1,00", "1,00", "1,00", "1,00", "—"])
            #expect(
                Self.cells(html, row: "item-1.3") == [
                    "1.3 Tỷ lệ hoàn thành", "2,00", "1,00", "0,00", "1,00",
                    "Ý kiến thẩm định: Chưa có báo cáo quý IVKết luận sau giải trình: Chấp nhận giải trình — Báo cáo bổ sung đủ căn cứ",
                ]
            )
            #expect(Self.cells(html, row: "item-2.1") == ["2.1 Hồ sơ đúng hạn", "3,00", "2,70", "2,70", "2,70", "—"])
            #expect(Self.cells(html, row: "item-2.2") == ["2.2 Hài lòng", "2,00", "—", "—", "1,80", "Điểm từ kết quả điều tra xã hội học"])
            #expect(Self.cells(html, row: "item-9.1") == ["9.1 Sáng kiến (điểm thưởng)", "1,00", "0,50", "0,50", "0,50", "—"])
            // totals: self 7.2 (no survey), appraised 7.5 (survey as imported, 1.3 at 0), final 8.5
            #expect(html.contains("<td class=\"num\" data-label=\"Tự đánh giá\">7,20</td>"))
            #expect(html.contains("<td class=\"num\" data-label=\"Thẩm định\">7,50</td>"))
            #expect(html.contains("<td class=\"num final\" data-label=\"Điểm cuối cùng\">8,50</td>"))
            // the hashes to check against
            #expect(html.contains(publication.snapshotSHA256))
            let cycle = try #require(try await app.services.repository.read { db in try db.cycle("2026") })
            #expect(html.contains(cycle.frameworkSHA256))
            // printable: its own stylesheet, with A4 print rules
            #expect(html.contains("<link rel=\"stylesheet\" href=\"/css/public.css\">"))
            let css = try await client.call(.get, "/css/public.css", as: nil, app: app)
            #expect(css.status == .ok)
            #expect(css.body.contains("@media print") && css.body.contains("size: A4") && css.body.contains("break-inside: avoid"))
            // reviewers stay anonymous: no usernames, display names or operator stamps
            for name in ["r1", "r2"] {
                #expect(html.firstMatch(of: try Regex("(^|[^A-Za-z0-9.])\(name)([^0-9A-Za-z]|$)")) == nil, "\(name) appears in the score card")
            }
            #expect(!html.contains("Người dùng r") && !html.contains("cli:"))
            #expect(!html.contains("Đề nghị bổ sung báo cáo quý IV"))  // the question thread is not published here

            // A2: the not-applicable criterion with its reason, and the deduction shown as a minus
            let a2 = try await client.call(.get, "/results/2026/units/A2", as: nil, app: app).body
            #expect(a2.contains("<strong class=\"big\">65,63%</strong>"))
            #expect(
                Self.cells(a2, row: "item-1.3") == [
                    "1.3 Tỷ lệ hoàn thành", "2,00", "Không áp dụng", "Lý do không áp dụng: Không phát sinh nhiệm vụ trong năm",
                ]
            )
            #expect(Self.cells(a2, row: "item-9.2") == ["9.2 Vi phạm (điểm trừ)", "1,00", "−0,50", "−0,50", "−0,50", "—"])

            // public by design: another unit's official and anyone else see the same card
            let asOther = try await client.call(.get, "/results/2026/units/A1", as: "u.b1", app: app)
            #expect(asOther.status == .ok && asOther.body.contains("Kế hoạch thiếu nội dung chuyển đổi số"))
            let english = try await client.call(.get, "/results/2026/units/A1?lang=en", as: nil, app: app)
            #expect(english.body.contains("Appraisal note</span>: Kế hoạch thiếu nội dung chuyển đổi số"))
        }
    }

    @Test("kept score cards (decision 0009): the same page again, each language its own, never a visitor's page for a signed-in reader")
    func keptScoreCards() async throws {
        let app = try await Self.finalReview()
        _ = try await app.services.results.publish(cycle: "2026", by: Self.admin)
        try await app.application.test(.router) { client in
            let first = try await client.call(.get, "/results/2026/units/A1", as: nil, app: app).body
            let english = try await client.call(.get, "/results/2026/units/A1?lang=en", as: nil, app: app)
            let again = try await client.call(.get, "/results/2026/units/A1", as: nil, app: app).body
            #expect(first.contains("<h1>Sở Tài chính</h1>") && again == first)
            #expect(english.body != first && english.body.contains("lang=\"en\""))
            #expect(english.headers[values: .setCookie].contains { $0.hasPrefix("lang=en") })
            #expect(try await client.call(.get, "/results/2026/units/A2", as: nil, app: app).body != first)
            let signedIn = try await client.call(.get, "/results/2026/units/A1", as: "u.a1", app: app)
            #expect(signedIn.body != first && signedIn.body.contains("u.a1"))
            #expect(signedIn.headers[.cacheControl] == "no-store")
            let results = try await client.call(.get, "/api/v1/cycles/2026/results", as: nil, app: app)
            #expect(try await client.call(.get, "/api/v1/cycles/2026/results", as: "r1", app: app).body == results.body)
            #expect(results.json?["snapshotSha256"]?.stringValue != nil)
            // Kept answers are also kept gzip compressed, for clients that ask: the same bytes.
            for (path, plain) in [("/results/2026/units/A1", first), ("/api/v1/cycles/2026/results", results.body)] {
                let zipped = try await client.execute(uri: path, method: .get, headers: [.acceptEncoding: "gzip, br"], body: nil) { response in
                    (response.headers[.contentEncoding], response.headers[.vary], Array(buffer: response.body))
                }
                #expect(zipped.0 == "gzip" && zipped.1 == "Accept-Encoding", "\(path)")
                #expect(String(decoding: try KeptPagesTests.gunzip(zipped.2), as: UTF8.self) == plain, "\(path)")
            }
        }
    }

    @Test("the results page links each unit to its score card and shows the framework hash with how to check it")
    func resultsLinks() async throws {
        let app = try await Self.finalReview()
        _ = try await app.services.results.publish(cycle: "2026", by: Self.admin)
        try await app.application.test(.router) { client in
            let html = try await client.call(.get, "/results/2026", as: nil, app: app).body
            for (unit, name) in [("A1", "Sở Tài chính"), ("A2", "Sở Tư pháp"), ("B1", "Quận Cầu Giấy"), ("B2", "Quận Ba Đình")] {
                #expect(html.contains("<a href=\"/results/2026/units/\(unit)\">\(name)</a>"), "\(unit)")
            }
            let cycle = try #require(try await app.services.repository.read { db in try db.cycle("2026") })
            #expect(html.contains("<dt>Bộ tiêu chí test-fw phiên bản 1</dt><dd><code class=\"hash\">\(cycle.frameworkSHA256)</code></dd>"))
            // The verify section comes after the rankings and names the file its command reads.
            let verify = try #require(html.range(of: "<h2 id=\"verify-title\">Kiểm chứng</h2>"))
            #expect(html.range(of: "<table class=\"ranking\">")!.lowerBound < verify.lowerBound)
            #expect(html.contains("<a href=\"/api/v1/cycles/2026/results\" download=\"ket-qua-2026.json\">ket-qua-2026.json</a>"))
            #expect(html.contains("&lt; ket-qua-2026.json | sha256sum</code>"))
            #expect(html.contains("parindex framework validate &lt;tệp bộ tiêu chí&gt;"))
            // and each link leads to a page
            #expect(try await client.call(.get, "/results/2026/units/B2", as: nil, app: app).status == .ok)
        }
    }
}
