import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// The stuck cycle, through the pages: a phase move's confirmation lists what it leaves behind
/// with the forms that finish it; submitting on behalf, reopening and withdrawing, for every role.
@Suite struct WaysThroughPagesTests {
    static let admin = Caller.commandLine("test")

    static func fillIn(_ app: TestApp, _ unit: String) async throws -> Caller {
        let caller = Caller(username: "u.\(unit.lowercased())", role: .unit, unitCode: unit)
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await app.services.assessments.setSelfEntry(cycle: "2026", unit: unit, criterion: code, .init(entry: entry), by: caller)
        }
        _ = try await app.services.evidence.addReference(cycle: "2026", unit: unit, criterion: "1.3", .init(title: "Báo cáo năm"), by: caller)
        return caller
    }

    @Test("the phase confirmation lists units not submitted and deadlines ahead, and its forms come back to it")
    func phaseConfirmation() async throws {
        let app = try TestApp()
        try await app.seed()
        let a1 = try await Self.fillIn(app, "A1")
        _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        app.clock.advance(by: 2 * 86400)
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "admin")
            let page = try await client.call(.get, "/admin/cycles/2026/phase?to=appraisal", as: nil, app: app, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.body.contains("Những việc còn dang dở") && page.body.contains("3 đơn vị chưa nộp"))
            #expect(page.body.contains("Hạn Tự đánh giá còn đến 11/03/2026"))
            #expect(page.body.contains(#"id="left-A2""#) && !page.body.contains(#"id="left-A1""#))
            #expect(page.body.contains(#"action="/admin/cycles/2026/units/B1/submit""#))
            #expect(page.body.contains(#"action="/admin/cycles/2026/units/B1/extension""#))
            #expect(page.body.contains(#"name="back" value="phase:appraisal""#))

            let submitted = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/B1/submit",
                cookie: cookie,
                [("_csrf", csrf), ("back", "phase:appraisal"), ("reason", "Đơn vị đề nghị nộp thay")]
            )
            #expect(submitted.status == .found && submitted.headers[.location] == "/admin/cycles/2026/phase?to=appraisal")
            let extended = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/B2/extension",
                cookie: cookie,
                [("_csrf", csrf), ("back", "phase:appraisal"), ("until", "2026-03-20T17:00"), ("reason", "Chuyển giai đoạn sớm")]
            )
            #expect(extended.status == .found && extended.headers[.location] == "/admin/cycles/2026/phase?to=appraisal")
            // anything else in `back` returns to the cycle page, never elsewhere
            let odd = try await postForm(
                client,
                app,
                "/admin/cycles/2026/units/A2/submit",
                cookie: cookie,
                [("_csrf", csrf), ("back", "https://example.com/"), ("reason", "Nộp thay")]
            )
            #expect(odd.status == .found && odd.headers[.location] == "/admin/cycles/2026#unit-A2")

            let again = try await client.call(.get, "/admin/cycles/2026/phase?to=appraisal", as: nil, app: app, headers: [.cookie: cookie])
            #expect(again.body.contains("1 đơn vị chưa nộp") && again.body.contains("Gia hạn của Quận Ba Đình còn đến 20/03/2026 17:00"))
        }
    }

    @Test("publication's page offers the ways through instead of a bare refusal")
    func publishOffersWays() async throws {
        let app = try TestApp()
        try await app.seed()
        for phase in [Phase.appraisal, .explanation, .finalReview] {
            _ = try await app.services.admin.movePhase(cycle: "2026", to: phase, by: Self.admin)
        }
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/admin/cycles/2026/publish", as: "admin", app: app)
            #expect(page.body.contains("4 đơn vị chưa nộp"))
            #expect(page.body.contains(#"action="/admin/cycles/2026/units/A1/submit""#))
            #expect(page.body.contains(#"name="back" value="publish""#))
            #expect(page.body.contains("4 điểm điều tra xã hội học chưa nhập — <a href=\"/admin/cycles/2026/survey\">"))
        }
    }

    @Test("a unit withdraws its own submission from the receipt page; others are 404 or 403")
    func withdrawRoute() async throws {
        let app = try TestApp()
        try await app.seed()
        let a1 = try await Self.fillIn(app, "A1")
        _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        try await app.application.test(.router) { client in
            let receipt = try await client.call(.get, "/cycles/2026/units/A1/receipt", as: "u.a1", app: app)
            #expect(receipt.body.contains(#"action="/cycles/2026/units/A1/withdraw""#))
            let forAdmin = try await client.call(.get, "/cycles/2026/units/A1/receipt", as: "admin", app: app)
            #expect(!forAdmin.body.contains("/withdraw"))
            for (user, status) in [("u.a2", HTTPResponse.Status.notFound), ("admin", .forbidden), ("r1", .forbidden), ("obs", .forbidden)] {
                let (cookie, csrf) = try await browserSession(client, app, user)
                let refused = try await postForm(client, app, "/cycles/2026/units/A1/withdraw", cookie: cookie, [("_csrf", csrf)])
                #expect(refused.status == status, "\(user)")
            }
            let (cookie, csrf) = try await browserSession(client, app, "u.a1")
            let noToken = try await postForm(client, app, "/cycles/2026/units/A1/withdraw", cookie: cookie, [])
            #expect(noToken.status == .forbidden)
            let withdrawn = try await postForm(
                client,
                app,
                "/cycles/2026/units/A1/withdraw",
                cookie: cookie,
                [("_csrf", csrf), ("reason", "Bổ sung tài liệu")]
            )
            #expect(withdrawn.status == .found && withdrawn.headers[.location] == "/cycles/2026/units/A1")
            // the old receipt stays readable, marked withdrawn
            let kept = try await client.call(.get, "/cycles/2026/units/A1/receipt", as: nil, app: app, headers: [.cookie: cookie])
            #expect(kept.status == .ok && kept.body.contains("Biên nhận này không còn hiệu lực") && kept.body.contains("Bổ sung tài liệu"))
            let twice = try await postForm(client, app, "/cycles/2026/units/A1/withdraw", cookie: cookie, [("_csrf", csrf)])
            #expect(twice.status == .conflict && twice.body.contains("Đơn vị chưa nộp bản tự đánh giá."))
        }
    }

    @Test("the receipt says a submission was made on the unit's behalf, and which receipt it supersedes")
    func receiptOnBehalf() async throws {
        let app = try TestApp()
        try await app.seed()
        let a1 = try await Self.fillIn(app, "A1")
        let first = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        _ = try await app.services.assessments.reopen(cycle: "2026", unit: "A1", reason: "Sai số liệu", by: Self.admin)
        _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", reason: "Đơn vị đã gửi công văn", by: Self.admin)
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/cycles/2026/units/A1/receipt", as: "u.a1", app: app)
            #expect(page.body.contains("Quản trị đã nộp thay đơn vị. Lý do: Đơn vị đã gửi công văn"))
            #expect(page.body.contains("Thay thế biên nhận trước") && page.body.contains(first.receiptSHA256!))
            #expect(page.body.contains("Các biên nhận trước") || page.body.contains("Biên nhận đã cấp"))
            #expect(page.body.contains("đã mở lại bản nộp này") && page.body.contains("Sai số liệu"))
            let json = try await client.call(.get, "/api/v1/cycles/2026/units/A1/receipt", as: "u.a1", app: app)
            #expect(json.json?["onBehalf"] == .bool(true) && json.json?["supersedes"]?.stringValue == first.receiptSHA256)
        }
    }

    @Test("API: an admin submits on behalf with {reason}; without one it is 422 in words; a unit needs no body")
    func apiSubmitOnBehalf() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let bare = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "admin", app: app)
            #expect(bare.status == .unprocessableContent && bare.errorCode == "reason_required")
            #expect(bare.body.contains("Cần nêu lý do nộp thay đơn vị."))
            let unknown = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "admin", app: app, json: #"{"why": "x"}"#)
            #expect(unknown.status == .unprocessableContent)
            let done = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A2/submit",
                as: "admin",
                app: app,
                json: #"{"reason": "Đơn vị đề nghị"}"#
            )
            #expect(done.status == .ok && done.json?["status"]?.stringValue == "submitted")
            let other = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "u.a1", app: app, json: #"{"reason": "x"}"#)
            #expect(other.status == .notFound)
            let reviewer = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "r1", app: app)
            #expect(reviewer.status == .forbidden)
        }
    }
}
