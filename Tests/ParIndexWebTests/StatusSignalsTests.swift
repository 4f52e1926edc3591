import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// Every count and badge says what it counts, for the person looking: the required-evidence line
/// follows the row's files, "scored" does not hide missing evidence, a unit's dashboard counts only
/// its own work, an observer gets no to-do list, refusals name things in words, and the error page
/// shows a reference only when there is one.
@Suite struct StatusSignalsTests {
    static let page = UnitPagesTests.page

    @Test("refusals name things in words for people, keeping the code and details.field for programs")
    func refusalsInWords() async throws {
        let (app, _) = try await ReviewPagesTests.prepared()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "r1")
            let empty = try await postForm(
                client,
                app,
                "/review/2026/units/A1/items/2.1/questions",
                cookie: cookie,
                [("_csrf", csrf), ("message", "  ")]
            )
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("Cần nhập nội dung câu hỏi."))
            #expect(!empty.body.contains("Cần nhập &quot;") && !empty.body.contains("Cần nhập \""))
        }
        let r1 = Caller(username: "r1", role: .reviewer, unitCode: nil)
        let error = await #expect(throws: DomainError.self) {
            _ = try await app.services.review.ask(cycle: "2026", unit: "A1", criterion: "2.1", message: " ", by: r1)
        }
        #expect(error?.code == "required" && error?.details["field"] == .string("message"))
        #expect(error?.message == "Cần nhập nội dung câu hỏi.")

        let long = #expect(throws: DomainError.self) {
            _ = try cleanText(String(repeating: "a", count: 4001), field: "note", name: "ghi chú thẩm định")
        }
        #expect(long?.code == "too_long" && long?.details["field"] == .string("note") && long?.details["max"] == .int(4000))
        #expect(long?.message == "Ghi chú thẩm định dài quá 4.000 ký tự.")
        let reopen = await #expect(throws: DomainError.self) {
            _ = try await app.services.assessments.reopen(cycle: "2026", unit: "A1", reason: " ", by: .commandLine())
        }
        #expect(reopen?.message == "Cần nêu lý do mở lại bản tự đánh giá." && reopen?.details["field"] == .string("reason"))
    }

    @Test("the error page shows a reference only for our own failures, where the log holds it")
    func errorPageReference() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let missing = try await client.call(.get, "/cycles/2026/units/ZZ", as: "u.a1", app: app)
            #expect(missing.status == .notFound)
            #expect(missing.body.contains(#"<p class="alert" role="alert">"#))
            #expect(!missing.body.contains("Mã tham chiếu"))
            #expect(!missing.body.contains("<code></code>"))
        }
        let failure = ErrorPage(DomainError.internalFailure())
        #expect(failure.reference == nil)
        var logged = DomainError.internalFailure()
        logged.details["reference"] = .string("a1b2c3d4e5f6")
        #expect(ErrorPage(logged).reference == "a1b2c3d4e5f6" && ErrorPage(logged).status == 500)
    }
}
