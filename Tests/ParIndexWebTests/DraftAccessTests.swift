import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// DR-1 (SECURITY.md, API.md "Drafts"): every state of unit A1's assessment × every kind of caller,
/// through the API, the pages and the evidence bytes. Before A1 submits (and again once its
/// submission is reopened or withdrawn) only A1 and admins see it; reviewers and observers get the
/// very answer they get for a unit that does not exist.
@Suite struct DraftAccessTests {
    enum State: String, CaseIterable, Sendable {
        case draft, submitted, appraisal, explanation, finalReview, published, reopened, withdrawn

        /// Whether A1's assessment stands submitted in this state.
        var submitted: Bool { ![.draft, .reopened, .withdrawn].contains(self) }
    }

    /// Unit A1's owner, another unit, A1's reviewer, a reviewer of nobody, an observer, an admin.
    static let actors = ["u.a1", "u.a2", "r1", "r3", "obs", "admin"]

    /// Whether `actor` sees A1's entries in `state`.
    static func sees(_ actor: String, _ state: State) -> Bool {
        switch actor {
        case "u.a1", "admin": true
        case "r1", "obs": state.submitted
        default: false
        }
    }

    /// The cycle with A1 in `state`, and the id of one of A1's evidence files (nil where A1 has only
    /// a document reference, whose bytes no one can fetch).
    static func prepared(_ state: State) async throws -> (TestApp, evidence: String?) {
        let admin = Caller.commandLine("test")
        if state == .published {
            let app = try await ScoreCardPagesTests.finalReview()
            _ = try await app.services.results.publish(cycle: "2026", by: admin)
            return (app, nil)
        }
        let app = try TestApp()
        try await app.seed()
        let s = app.services
        let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        for (code, entry) in [
            ("1.1", Entry.points(Points(2))), ("1.2", .choice(0)), ("1.3", .ratio(numerator: 9, denominator: 10)),
            ("2.1", .ratio(numerator: 1, denominator: 2)), ("9.1", .points(.zero)), ("9.2", .points(.zero)),
        ] {
            _ = try await s.assessments.setSelfEntry(
                cycle: "2026",
                unit: "A1",
                criterion: code,
                .init(entry: entry, note: "Ghi chú nháp \(code)"),
                by: a1
            )
        }
        let evidence = try await app.attachPDF(criterion: "1.3", name: "Báo cáo nháp.pdf", text: "A1", by: a1)
        if state == .draft { return (app, evidence.id) }
        _ = try await s.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        switch state {
        case .reopened:
            _ = try await s.assessments.reopen(cycle: "2026", unit: "A1", reason: "Bổ sung tài liệu", by: admin)
            return (app, evidence.id)
        case .withdrawn:
            _ = try await s.assessments.withdraw(cycle: "2026", unit: "A1", by: a1)
            return (app, evidence.id)
        case .submitted:
            return (app, evidence.id)
        default: break
        }
        app.clock.advance(by: 11 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .appraisal, by: admin)
        _ = try await s.review.appraise(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(2)), note: nil), by: r1)
        _ = try await s.review.ask(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đề nghị bổ sung", by: r1)
        if state == .appraisal { return (app, evidence.id) }
        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .explanation, by: admin)
        _ = try await s.review.answer(cycle: "2026", unit: "A1", criterion: "1.3", message: "Đã bổ sung", by: a1)
        if state == .explanation { return (app, evidence.id) }
        app.clock.advance(by: 10 * 86400)
        _ = try await s.admin.movePhase(cycle: "2026", to: .finalReview, by: admin)
        _ = try await s.review.settle(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(points: nil, note: "Đủ căn cứ", disposition: .accepted),
            by: r1
        )
        return (app, evidence.id)
    }

    /// Every reading route on unit A1's objects, with `{e}` for the evidence id, after its route template.
    static let routes = [
        ("/api/v1/cycles/:cycle/units/:unit/assessment", "/api/v1/cycles/2026/units/A1/assessment"),
        ("/api/v1/cycles/:cycle/units/:unit/receipt", "/api/v1/cycles/2026/units/A1/receipt"),
        ("/api/v1/evidence/:id", "/api/v1/evidence/{e}"),
        ("/cycles/:cycle/units/:unit", "/cycles/2026/units/A1"),
        ("/cycles/:cycle/units/:unit/submit", "/cycles/2026/units/A1/submit"),
        ("/cycles/:cycle/units/:unit/receipt", "/cycles/2026/units/A1/receipt"),
        ("/cycles/:cycle/units/:unit/grid.xlsx", "/cycles/2026/units/A1/grid.xlsx"),
        ("/cycles/:cycle/units/:unit/evidence/:id", "/cycles/2026/units/A1/evidence/{e}"),
        ("/review/:cycle/units/:unit", "/review/2026/units/A1"),
        ("/review/:cycle/units/:unit/record", "/review/2026/units/A1/record"),
    ]

    /// The same route for an object that does not exist: unit ZZ9, or an evidence id no one has.
    static func neverSeen(_ route: String) -> String {
        route.contains("{e}") ? route.replacingOccurrences(of: "{e}", with: "e-0000") : route.replacingOccurrences(of: "/A1", with: "/ZZ9")
    }

    /// A page with the per-request tokens (nonces, CSRF) blanked, and the unit code made the same.
    static func normalised(_ body: String) -> String {
        body.replacingOccurrences(of: "ZZ9", with: "A1").replacingOccurrences(of: "e-0000", with: "ID")
            .replacing(/[0-9a-fA-F]{24,}|nonce-[A-Za-z0-9+\/=_-]+/, with: "TOKEN")
    }

    @Test(
        "DR-1: state × role × route — a draft (also reopened or withdrawn) is 404 to reviewers and observers, byte for byte as a unit that does not exist",
        arguments: State.allCases
    )
    func matrix(state: State) async throws {
        let (app, evidence) = try await Self.prepared(state)
        let roles = Dictionary(app.web.routes.map { ("\($0.method) \($0.path)", $0.access) }, uniquingKeysWith: { a, _ in a })
        try await app.application.test(.router) { client in
            for (spec, template) in Self.routes {
                if template.contains("{e}") && evidence == nil { continue }
                let path = template.replacingOccurrences(of: "{e}", with: evidence ?? "")
                for actor in Self.actors {
                    let answer = try await client.call(.get, path, as: actor, app: app)
                    let where_ = "\(state) \(path) as \(actor): \(answer.status.code) \(answer.body.prefix(160))"
                    if answer.status == .forbidden {
                        // Refused by role before any object is read (a unit's account on the council's record, …).
                        #expect(Self.roleRefuses(roles["GET \(spec)"], actor), "\(where_)")
                        continue
                    }
                    #expect(answer.status.code < 500, "\(where_)")
                    let reference = try await client.call(.get, Self.neverSeen(template), as: actor, app: app)
                    if Self.sees(actor, state) {
                        #expect(answer.status != .notFound || Self.normalised(answer.body) != Self.normalised(reference.body), "\(where_)")
                    } else {
                        #expect(answer.status == .notFound, "\(where_)")
                        #expect(reference.status == .notFound, "\(where_) — reference \(reference.status.code)")
                        #expect(
                            Self.normalised(answer.body) == Self.normalised(reference.body),
                            "\(where_)\n— never seen: \(reference.body.prefix(160))"
                        )
                        #expect(answer.headers[.contentType] == reference.headers[.contentType], "\(where_)")
                        #expect(!answer.body.contains("Ghi chú nháp") && !answer.body.contains("%PDF"), "\(where_)")
                    }
                }
            }
        }
    }

    /// Whether the route's declared roles leave out `actor`'s role (403 before any object is read).
    static func roleRefuses(_ access: Access?, _ actor: String) -> Bool {
        let role: Role =
            switch actor {
            case "u.a1", "u.a2": .unit
            case "r1", "r3": .reviewer
            case "obs": .observer
            default: .admin
            }
        guard case .roles(let allowed)? = access else { return false }
        return !allowed.contains(role)
    }

    @Test(
        "DR-1: what a reviewer read while A1 stood submitted is not served from a kept rendering once an admin reopens it; it is back once A1 is submitted again"
    )
    func reopenedAfterReading() async throws {
        let (app, _) = try await Self.prepared(.submitted)
        let paths = ["/api/v1/cycles/2026/units/A1/assessment", "/review/2026/units/A1", "/cycles/2026/units/A1"]
        try await app.application.test(.router) { client in
            for path in paths {
                for _ in 0..<2 { #expect(try await client.call(.get, path, as: "r1", app: app).status == .ok, "\(path)") }
            }
            _ = try await app.services.assessments.reopen(cycle: "2026", unit: "A1", reason: "Bổ sung tài liệu", by: .commandLine("test"))
            for path in paths {
                let answer = try await client.call(.get, path, as: "r1", app: app)
                #expect(answer.status == .notFound && !answer.body.contains("Ghi chú nháp"), "\(path)")
            }
            try await app.submitOnBehalf("A1")
            for path in paths { #expect(try await client.call(.get, path, as: "r1", app: app).status == .ok, "\(path)") }
        }
    }

    static func unsettled(_ cycle: DocumentValue) -> Int { cycle["progress"]?["unsettled"]?.scalarText.flatMap { Int($0) } ?? -1 }

    @Test(
        "DR-1: lists say nothing of a draft — the worklist names A1 as not submitted, without link or counts; the criterion page, the cycle's progress and the to-do leave it out",
        arguments: [State.draft, .reopened, .submitted]
    )
    func lists(state: State) async throws {
        let (app, _) = try await Self.prepared(state)
        try await app.application.test(.router) { client in
            for actor in ["r1", "obs"] {
                let worklist = try await client.call(.get, "/review/2026", as: actor, app: app)
                #expect(worklist.status == .ok)
                let row = try #require(worklist.body.firstMatch(of: /<tr>\s*<th scope="row">[^\n]*\(A1\)[\s\S]*?<\/tr>/).map { String($0.0) })
                let criterion = try await client.call(.get, "/review/2026/criteria/1.1", as: actor, app: app)
                let cycle = try #require(try await client.call(.get, "/api/v1/cycles/2026", as: actor, app: app).json)
                let a1 = cycle["units"]?.arrayValue?.first { $0["code"]?.stringValue == "A1" }
                if state.submitted {
                    #expect(row.contains("/review/2026/units/A1"), "\(actor): \(row)")
                    #expect(criterion.body.contains("/review/2026/units/A1"), "\(actor)")
                    #expect(Self.unsettled(cycle) > 0, "\(actor)")
                } else {
                    #expect(!row.contains("href"), "\(actor): \(row)")
                    #expect(row.contains("Đơn vị chưa nộp bản tự đánh giá"), "\(actor): \(row)")
                    #expect(!row.contains(#"class="num""#), "\(actor): no counts: \(row)")
                    #expect(!worklist.body.contains("/review/2026/units/A1"), "\(actor)")
                    #expect(!worklist.body.contains(#"data-state-count="1""#) && !worklist.body.contains("Ghi chú nháp"), "\(actor)")
                    #expect(criterion.status == .ok && !criterion.body.contains("/review/2026/units/A1"), "\(actor)")
                    #expect(!criterion.body.contains("Ghi chú nháp"), "\(actor)")
                    // The unit is listed with its status, as API.md's cycle answer has it; its items count nowhere.
                    #expect(a1?["status"]?.stringValue == "draft", "\(actor)")
                    #expect(Self.unsettled(cycle) == 0, "\(actor): \(cycle)")
                }
            }
            // The unit and admins see their draft's counts.
            let own = try #require(try await client.call(.get, "/api/v1/cycles/2026", as: "admin", app: app).json)
            #expect(Self.unsettled(own) > 0)
        }
    }
}

extension TestApp {
    /// Submits `unit` on its behalf, for tests whose reviewer or observer reads the unit's entries:
    /// before it submits they are the unit's draft, `404` to the council (DR-1).
    func submitOnBehalf(_ unit: String, cycle: String = "2026") async throws {
        _ = try await services.assessments.submit(cycle: cycle, unit: unit, reason: "Nộp thay để hội đồng đọc", by: .commandLine("test"))
    }
}
