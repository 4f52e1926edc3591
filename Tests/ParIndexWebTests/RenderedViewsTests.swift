import Foundation
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The assessment route keeps renderings between changes (decision 0009). What it answers must
/// always be what a fresh rendering gives, after every kind of change, by whatever path it came.
@Suite struct RenderedViewsTests {
    @Test("after every kind of change the assessment GET answers exactly a fresh rendering, for the unit and for the council")
    func neverStale() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let base = "/api/v1/cycles/2026/units/A1"
            var last: [String: String] = [:]
            // The council reads A1 from its submission on; before it, an admin reads the draft in
            // the reviewer's place, to whom it is 404 (DR-1).
            var readers = ["u.a1", "admin"]
            func check(_ what: String, changes: Bool = true) async throws {
                for user in readers {
                    let caller = try await app.services.auth.callerForToken(app.tokens[user]!)!
                    // Twice: the first may store the rendering, the second is served from it.
                    for _ in 0..<2 {
                        let answer = try await client.call(.get, "\(base)/assessment", as: user, app: app)
                        let fresh = Present.assessment(try await app.services.assessments.view(cycle: "2026", unit: "A1", by: caller), caller: caller)
                        #expect(answer.status == .ok)
                        #expect(answer.body == fresh.canonicalJSON, "\(what), as \(user)")
                    }
                    // With gzip accepted, as browsers' scripts ask: the same bytes, compressed.
                    let zipped = try await client.execute(
                        uri: "\(base)/assessment",
                        method: .get,
                        headers: [.authorization: "Bearer \(app.tokens[user]!)", .acceptEncoding: "gzip"],
                        body: nil
                    ) { response in (response.headers[.contentEncoding], Array(buffer: response.body)) }
                    #expect(zipped.0 == "gzip")
                    let decoded = String(decoding: try KeptPagesTests.gunzip(zipped.1), as: UTF8.self)
                    let body = try await client.call(.get, "\(base)/assessment", as: user, app: app).body
                    #expect(decoded == body, "\(what), as \(user), gzip")
                    if changes { #expect(body != last[user], "\(what) should show, as \(user)") }
                    last[user] = body
                }
            }
            func expectStatus(_ answer: Answer, _ status: HTTPResponse.Status) {
                #expect(answer.status == status, "\(answer.body)")
            }
            try await check("nothing written yet")
            expectStatus(try await client.call(.put, "\(base)/items/1.1", as: "u.a1", app: app, json: #"{"points": 2}"#), .ok)
            try await check("a self entry")
            expectStatus(try await client.call(.put, "\(base)/items/1.1", as: "u.a1", app: app, json: #"{"points": 1.5, "note": "Sửa lại"}"#), .ok)
            try await check("the same entry changed")
            expectStatus(
                try await client.call(.put, "\(base)/items/1.3", as: "u.a1", app: app, json: #"{"notApplicable": {"reason": "Không phát sinh"}}"#),
                .ok
            )
            try await check("not applicable")
            expectStatus(
                try await client.call(.put, "\(base)/items/1.3", as: "u.a1", app: app, json: #"{"inputs": {"numerator": 9, "denominator": 10}}"#),
                .ok
            )
            try await check("applicable again")
            let reference = try await client.call(
                .post,
                "\(base)/items/1.3/evidence",
                as: "u.a1",
                app: app,
                json: #"{"title": "Báo cáo năm 2026", "documentNumber": "12/BC-UBND", "issuedOn": "2026-12-01"}"#
            )
            expectStatus(reference, .created)
            try await check("a reference")
            let unit = try await app.services.auth.callerForToken(app.tokens["u.a1"]!)!
            let file = try await app.attachPDF(criterion: "1.3", name: "Báo cáo.pdf", text: "x", by: unit)
            try await check("a file attached through the service, not the route")
            expectStatus(try await client.call(.delete, "/api/v1/evidence/\(file.id)", as: "u.a1", app: app), .noContent)
            try await check("a file deleted")
            for code in ["1.2", "2.1", "9.1", "9.2"] {
                let json = ["1.2": #"{"choice": 0}"#, "2.1": #"{"inputs": {"numerator": 1, "denominator": 3}}"#][code] ?? #"{"points": 0}"#
                expectStatus(try await client.call(.put, "\(base)/items/\(code)", as: "u.a1", app: app, json: json), .ok)
            }
            try await check("the other entries")
            expectStatus(try await client.call(.post, "\(base)/submit", as: "u.a1", app: app), .ok)
            readers.append("r1")
            try await check("submitted")

            app.clock.advance(by: 11 * 86400)
            expectStatus(try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "appraisal"}"#), .ok)
            expectStatus(
                try await client.call(.put, "\(base)/items/1.1/appraisal", as: "r1", app: app, json: #"{"points": 1, "note": "Thiếu kế hoạch"}"#),
                .ok
            )
            try await check("an appraisal")
            expectStatus(try await client.call(.post, "\(base)/items/1.3/questions", as: "r1", app: app, json: #"{"message": "Bổ sung?"}"#), .created)
            try await check("a question")
            app.clock.advance(by: 10 * 86400)
            expectStatus(try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "explanation"}"#), .ok)
            expectStatus(
                try await client.call(.post, "\(base)/items/1.3/answers", as: "u.a1", app: app, json: #"{"message": "Đã bổ sung"}"#),
                .created
            )
            try await check("an answer")
            app.clock.advance(by: 10 * 86400)
            expectStatus(try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "final_review"}"#), .ok)
            let survey = try await client.call(
                .post,
                "/api/v1/cycles/2026/survey",
                as: "admin",
                app: app,
                body: ByteBuffer(string: "unit,criterion,points\r\nA1,2.2,1.8\r\n"),
                contentType: "text/csv"
            )
            expectStatus(survey, .ok)
            try await check("a survey import")
            expectStatus(
                try await client.call(
                    .post,
                    "\(base)/items/1.3/settle",
                    as: "r1",
                    app: app,
                    json: #"{"disposition": "accepted", "note": "Chấp nhận giải trình"}"#
                ),
                .ok
            )
            try await check("settled")
        }
    }

    @Test("the store stays within its budget and serves only the revision it was given")
    func budget() {
        let body = KeptBody(ByteBuffer(repeating: 1, count: 100))
        let store = RenderedAssessments(budgetBytes: 10 * body.keptBytes)
        let revision = AssessmentService.Revision(frameworkSHA256: "f", assessment: 1, counter: 1)
        for unit in 0..<50 {
            store.store(.init(cycle: "c", unit: "U\(unit)", variant: "council"), at: revision, body)
        }
        #expect(store.count == 10)
        let key = AssessmentKey(cycle: "c", unit: "U49", variant: "council")
        #expect(store.kept(key, at: revision)?.plain.readableBytes == 100)
        var moved = revision
        moved.counter = 2
        #expect(store.kept(key, at: moved) == nil)
        #expect(store.kept(.init(cycle: "c", unit: "U49", variant: "unit"), at: revision) == nil)
    }

    actor Count {
        var value = 0
        func add() { value += 1 }
    }

    @Test("many asking at once for a cold rendering get one rendering; a caller at another stamp never joins it")
    func renderedOnce() async throws {
        let store = RenderedAssessments(budgetBytes: 1 << 20)
        let made = Count()
        let old = AssessmentService.Revision(frameworkSHA256: "f", assessment: 1, counter: 1)
        let new = AssessmentService.Revision(frameworkSHA256: "f", assessment: 1, counter: 2)
        let key = AssessmentKey(cycle: "c", unit: "U1", variant: "council")
        @Sendable func render(_ stamp: AssessmentService.Revision) async throws -> (stamp: AssessmentService.Revision, value: KeptBody) {
            await made.add()
            try await Task.sleep(for: .milliseconds(100))
            return (stamp, KeptBody(ByteBuffer(string: "at \(stamp.counter)")))
        }
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { String(buffer: try await store.kept(key, at: old) { try await render(old) }.plain) } }
            // Asked while the first rendering is under way, at a newer stamp: made again, not joined.
            try await Task.sleep(for: .milliseconds(20))
            group.addTask { String(buffer: try await store.kept(key, at: new) { try await render(new) }.plain) }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(await made.value == 2)
        #expect(answers.filter { $0 == "at 1" }.count == 50 && answers.filter { $0 == "at 2" }.count == 1)
        // Kept now: nothing more is made.
        #expect(String(buffer: try await store.kept(key, at: new) { try await render(new) }.plain) == "at 2")
        #expect(await made.value == 2)
    }
}
