import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import ParIndexWeb
import Testing

/// The council's views across units (the worklist by item state, one criterion across units) and
/// the council's internal notes, which no unit ever sees.
@Suite struct CouncilWorklistTests {
    static let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
    static let noteText = "Ghi chú nội bộ: đối chiếu lại kế hoạch số 12/KH-STC"

    static func fill(_ app: TestApp, unit: String, user: String) async throws {
        let caller = Caller(username: user, role: .unit, unitCode: unit)
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await app.services.assessments.setSelfEntry(cycle: "2026", unit: unit, criterion: code, .init(entry: entry), by: caller)
        }
        _ = try await app.attachPDF(unit: unit, criterion: "1.3", name: "Báo cáo.pdf", text: unit, by: caller)
        _ = try await app.services.assessments.submit(cycle: "2026", unit: unit, by: caller)
    }

    /// A1 (with a PDF on 1.3) and A2 (r1's), B1 (r2's) submitted; in appraisal, r1 has agreed A1 1.1,
    /// adjusted A1 1.2 and A2 2.1, and asked about A1 1.3; r2 adjusted B1 1.1.
    static func seeded() async throws -> TestApp {
        let app = try TestApp()
        try await app.seed()
        try await fill(app, unit: "A1", user: "u.a1")
        try await fill(app, unit: "A2", user: "u.a2")
        try await fill(app, unit: "B1", user: "u.b1")
        let s = app.services
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(2)), note: nil), by: r1)
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.2", .init(entry: .choice(2), note: "Không có"), by: r1)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đề nghị gửi báo cáo", by: r1)
        _ = try await s.review.appraise(
            cycle: "2026",
            unit: "A2",
            criterion: "2.1",
            .init(entry: .ratio(numerator: 1, denominator: 4), note: "Sai số liệu"),
            by: r1
        )
        let r2 = Caller(username: "r2", role: .reviewer, unitCode: "A1")
        _ = try await s.review.appraise(cycle: "2026", unit: "B1", criterion: "1.1", .init(entry: .points(Points(1)), note: "Thiếu"), by: r2)
        return app
    }

    /// `state → count` as the filter shows them.
    static func counts(_ body: String) -> [String: Int] {
        var found: [String: Int] = [:]
        for match in body.matches(of: /href="\/review\/2026\?state=([a-z_]+)#items"[^>]*data-state-count="(\d+)"/) {
            found[String(match.1)] = Int(match.2)
        }
        return found
    }

    static func rows(_ body: String) -> [String] {
        body.matches(of: /<tr data-unit="([A-Z0-9]+)" data-criterion="([0-9.]+)">/).map { "\($0.1) \($0.2)" }
    }

    @Test("worklist: counts per state are true for r1 and the admin, each state lists exactly its count, rows link to the item")
    func countsMatch() async throws {
        let app = try await Self.seeded()
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/review/2026", as: "r1", app: app)
            #expect(page.status == .ok)
            let expected = ["unreviewed": 8, "adjusted": 2, "question_open": 1, "answered": 0, "settled": 0]
            #expect(Self.counts(page.body) == expected)
            #expect(Self.rows(page.body) == [])
            for (state, count) in expected {
                let filtered = try await client.call(.get, "/review/2026?state=\(state)", as: "r1", app: app)
                #expect(filtered.status == .ok)
                let rows = Self.rows(filtered.body)
                #expect(rows.count == count, "\(state)")
                #expect(rows.allSatisfy { !$0.hasPrefix("B1") })
                #expect(filtered.body.contains(#"href="/review/2026?state=\#(state)#items" aria-current="page""#))
            }
            let adjusted = try await client.call(.get, "/review/2026?state=adjusted", as: "r1", app: app)
            #expect(Self.rows(adjusted.body) == ["A1 1.2", "A2 2.1"])
            #expect(adjusted.body.contains(#"href="/review/2026/units/A1#item-1.2""#))
            #expect(adjusted.body.contains(#"href="/review/2026/criteria/1.2""#))
            let open = try await client.call(.get, "/review/2026?state=question_open", as: "r1", app: app)
            #expect(Self.rows(open.body) == ["A1 1.3"])
            // An unknown state is no filter.
            #expect(Self.rows(try await client.call(.get, "/review/2026?state=agreedx", as: "r1", app: app).body) == [])

            let admin = try await client.call(.get, "/review/2026", as: "admin", app: app)
            #expect(Self.counts(admin.body) == ["unreviewed": 13, "adjusted": 3, "question_open": 1, "answered": 0, "settled": 0])
            let r2 = try await client.call(.get, "/review/2026?state=adjusted", as: "r2", app: app)
            #expect(Self.rows(r2.body) == ["B1 1.1"])
        }
    }

    @Test("the worklist and the criterion page are 404 for units and an unassigned reviewer; another reviewer's unit never appears")
    func access() async throws {
        let app = try await Self.seeded()
        try await app.application.test(.router) { client in
            for path in ["/review/2026", "/review/2026?state=unreviewed", "/review/2026/criteria/1.1"] {
                #expect(try await client.call(.get, path, as: "u.a1", app: app).status == .notFound, "\(path)")
                #expect(try await client.call(.get, path, as: "u.b1", app: app).status == .notFound, "\(path)")
                #expect(try await client.call(.get, path, as: "r3", app: app).status == .notFound, "\(path)")
                #expect(try await client.call(.get, path, as: "obs", app: app).status == .ok, "\(path)")
            }
            #expect(try await client.call(.get, "/review/2026/criteria/7.7", as: "r1", app: app).status == .notFound)
            #expect(try await client.call(.get, "/review/2026/criteria/1", as: "r1", app: app).status == .notFound)

            let page = try await client.call(.get, "/review/2026/criteria/1.1", as: "r1", app: app)
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<tr id="item-A1" data-unit="A1">"#) && page.body.contains(#"<tr id="item-A2" data-unit="A2">"#))
            #expect(!page.body.contains(#"data-unit="B1""#) && !page.body.contains("Quận Cầu Giấy"))
            #expect(page.body.contains(#"href="/review/2026/units/A1#item-1.1""#))
            let r2 = try await client.call(.get, "/review/2026/criteria/1.1", as: "r2", app: app)
            #expect(r2.body.contains(#"data-unit="B1""#) && !r2.body.contains(#"data-unit="A1""#) && !r2.body.contains(#"data-unit="A2""#))
            let admin = try await client.call(.get, "/review/2026/criteria/1.3", as: "admin", app: app)
            for unit in ["A1", "A2", "B1"] { #expect(admin.body.contains(#"data-unit="\#(unit)""#)) }
            // The review page links each criterion code to this page.
            let review = try await client.call(.get, "/review/2026/units/A1", as: "r1", app: app)
            #expect(review.body.contains(#"<a class="code" href="/review/2026/criteria/1.1""#))
        }
    }

    @Test("a council note: stored with its ledger event, shown to the assigned reviewer and admins, never to observers; refused to others")
    func notes() async throws {
        let app = try await Self.seeded()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let path = "/review/2026/units/A1/items/1.1/notes"
            let added = try await postForm(client, app, path, cookie: cookie, [("_csrf", csrf), ("body", Self.noteText), ("back", "review")])
            #expect(added.status == .found && added.headers[.location] == "/review/2026/units/A1#item-1.1")
            #expect(try await app.count("SELECT count(*) FROM councilNote") == 1)
            #expect(
                try await app.count("SELECT count(*) FROM ledger WHERE action = 'item.council_note' AND subject = 'cycle:2026/unit:A1/item:1.1'") == 1
            )
            let fromCriterion = try await postForm(client, app, path, cookie: cookie, [("_csrf", csrf), ("body", "Thứ hai"), ("back", "criterion")])
            #expect(fromCriterion.headers[.location] == "/review/2026/criteria/1.1#item-A1")

            let empty = try await postForm(client, app, path, cookie: cookie, [("_csrf", csrf), ("body", "  ")])
            #expect(empty.status == .unprocessableContent)
            #expect(try await postForm(client, app, path, cookie: cookie, [("body", "không có mã")]).status == .forbidden)
            let other = "/review/2026/units/B1/items/1.1/notes"
            #expect(try await postForm(client, app, other, cookie: cookie, [("_csrf", csrf), ("body", "x")]).status == .notFound)
            for user in ["obs", "u.a1"] {
                let (c, t) = try await browserSession(client, app, user)
                #expect(try await postForm(client, app, path, cookie: c, [("_csrf", t), ("body", "x")]).status == .forbidden, "\(user)")
            }
            let (r2c, r2t) = try await browserSession(client, app, "r2")
            #expect(try await postForm(client, app, path, cookie: r2c, [("_csrf", r2t), ("body", "x")]).status == .notFound)
            #expect(try await app.count("SELECT count(*) FROM councilNote") == 2)

            for user in ["r1", "admin"] {
                #expect(try await client.call(.get, "/review/2026/units/A1", as: user, app: app).body.contains(Self.noteText), "\(user)")
                #expect(try await client.call(.get, "/review/2026/criteria/1.1", as: user, app: app).body.contains(Self.noteText), "\(user)")
            }
            let observer = try await client.call(.get, "/review/2026/units/A1", as: "obs", app: app)
            #expect(observer.status == .ok && !observer.body.contains(Self.noteText) && !observer.body.contains("Ghi chú nội bộ của Hội đồng"))
            #expect(!(try await client.call(.get, "/review/2026/criteria/1.1", as: "obs", app: app).body.contains(Self.noteText)))
        }
    }

    @Test("a council note's text is in none of the unit's pages, API answers, exports or notifications")
    func unitNeverSeesNotes() async throws {
        let app = try await Self.seeded()
        _ = try await app.services.councilNotes.add(cycle: "2026", unit: "A1", criterion: "1.3", body: Self.noteText, by: Self.r1)
        _ = try await app.services.councilNotes.add(cycle: "2026", unit: "A1", criterion: "1.1", body: Self.noteText, by: .commandLine())
        _ = try await app.services.admin.movePhase(cycle: "2026", to: .explanation, by: .commandLine())
        try await app.application.test(.router) { client in
            for path in [
                "/cycles/2026/units/A1", "/cycles/2026/units/A1/receipt", "/notifications", "/",
                "/api/v1/cycles/2026/units/A1/assessment", "/api/v1/cycles/2026/units/A1/receipt", "/api/v1/cycles/2026",
            ] {
                let answer = try await client.call(.get, path, as: "u.a1", app: app)
                #expect(answer.status == .ok, "\(path)")
                #expect(!answer.body.contains(Self.noteText) && !answer.body.contains("Ghi chú nội bộ"), "\(path)")
            }
            // The unit does read the council's question on the same item: the pages are the real ones.
            #expect(try await client.call(.get, "/cycles/2026/units/A1", as: "u.a1", app: app).body.contains("Đề nghị gửi báo cáo"))
            let grid = try await ExcelExportsTests.download(client, app, "/cycles/2026/units/A1/grid.xlsx", as: "u.a1")
            #expect(grid.status == .ok)
            let sheet = try XLSXReader.firstSheet(grid.data)
            #expect(!String(describing: sheet).contains(Self.noteText))
        }
    }
}
