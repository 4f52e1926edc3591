import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// One document for many criteria, through the unit's pages: the grid links each document to its
/// reuse page, the ticked criteria list it, and a refusal keeps what was ticked.
@Suite struct EvidenceReusePagesTests {
    static let page = "/cycles/2026/units/A1"

    /// A1 filled in, a decree on 1.3, and the decree's reuse page.
    static func prepared() async throws -> (TestApp, Evidence, String) {
        let app = try await UnitPagesTests.filled()
        let decree = try await app.attachPDF(criterion: "1.3", name: "Quyết định 12.pdf", text: "QĐ", by: UnitPagesTests.a1)
        return (app, decree, Self.page + "/evidence/\(decree.id)/reuse")
    }

    @Test("the unit ticks criteria; the document is listed under each; the grid links to the page")
    func tickAndAttach() async throws {
        let (app, decree, reuse) = try await Self.prepared()
        try await app.application.test(.router) { client in
            let grid = try await client.call(.get, Self.page, as: "u.a1", app: app)
            #expect(grid.body.contains(#"href="\#(reuse)""#))
            #expect(grid.body.contains("Dùng cho tiêu chí khác"))

            let form = try await client.call(.get, reuse, as: "u.a1", app: app)
            #expect(form.status == .ok)
            #expect(form.body.contains("Quyết định 12.pdf"))
            // The criterion it is on is shown ticked and cannot be unticked here; survey criteria are not offered.
            #expect(form.body.contains(#"id="reuse-1-3" checked disabled"#))
            #expect(form.body.contains(#"name="criteria[]" value="1.1""#))
            #expect(!form.body.contains(#"value="2.2""#))

            let (cookie, csrf) = try await UnitPagesTests.session(client, app)
            // As a browser sends it: the brackets percent-encoded.
            let sent = try await postForm(
                client,
                app,
                reuse,
                cookie: cookie,
                [("_csrf", csrf), ("criteria%5B%5D", "1.1"), ("criteria%5B%5D", "2.1")]
            )
            #expect(sent.status == .found)
            #expect(sent.headers[.location] == "/cycles/2026/units/A1#item-1.3")
            for code in ["1.1", "2.1", "1.3"] {
                #expect(try await UnitPagesTests.item(app, code).evidence.map(\.sha256) == [decree.sha256], "criterion \(code)")
            }
            #expect(try await UnitPagesTests.item(app, "1.2").evidence.isEmpty)
            let again = try await client.call(.get, reuse, as: "u.a1", app: app)
            #expect(again.body.contains(#"id="reuse-1-1" checked disabled"#))

            // No token: refused, nothing attached.
            let forged = try await postForm(client, app, reuse, cookie: cookie, [("criteria%5B%5D", "1.2")])
            #expect(forged.status == .forbidden)
            #expect(try await UnitPagesTests.item(app, "1.2").evidence.isEmpty)
        }
    }

    @Test("a refusal re-renders the page with the ticks kept and the reason; another unit gets 404")
    func refusalKeepsTicks() async throws {
        let (app, _, reuse) = try await Self.prepared()
        try await app.application.test(.router) { client in
            #expect(try await client.call(.get, reuse, as: "u.a2", app: app).status == .notFound)
            let (cookie, csrf) = try await UnitPagesTests.session(client, app)
            _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: UnitPagesTests.a1)
            let late = try await postForm(client, app, reuse, cookie: cookie, [("_csrf", csrf), ("criteria[]", "1.1")])
            #expect(late.status == .conflict)
            #expect(late.body.contains(#"role="alert""#))
            #expect(late.body.contains(#"name="criteria[]" value="1.1" id="reuse-1-1" checked"#))
            #expect(try await UnitPagesTests.item(app, "1.1").evidence.isEmpty)
        }
    }
}
