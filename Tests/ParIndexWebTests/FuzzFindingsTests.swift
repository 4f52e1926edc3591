import Foundation
import HTTPTypes
import HummingbirdTesting
import ParIndexCore
import Testing

/// Regressions for what API fuzzing (scripts/fuzz-api) and probes around its findings found:
/// values the server accepted and then answered in a form that breaks the documented schema.
@Suite struct FuzzFindingsTests {
    /// IV-1 (exact ranges): a time whose offset carries it outside years 1–9999 in UTC was stored
    /// and served as `10000-01-01T11:59:59.000Z` or `-001-…`, which is not RFC 3339 and which the
    /// server itself could not read back.
    @Test(
        "IV-1: an extension time outside years 1–9999 in UTC is 422, the last moment of 9999 is kept",
        arguments: [
            ("9999-12-31T23:59:59-12:00", 422), ("0001-01-01T00:00:00+00:01", 422), ("0000-06-01T00:00:00Z", 422),
            ("9999-12-31T23:59:59.999Z", 200), ("0001-01-01T00:00:00Z", 200),
        ]
    )
    func extensionTimeRange(until: String, status: Int) async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A1/extension",
                as: "admin",
                app: app,
                json: #"{"until": "\#(until)", "reason": "Thử giới hạn"}"#
            )
            #expect(answer.status.code == status, "\(answer.body)")
            if status == 200 {
                let served = try #require(answer.json?["until"]?.stringValue)
                #expect(Timestamp.parse(served) == Timestamp.parse(until), "the served time reads back: \(served)")
            } else {
                #expect(answer.errorCode == "invalid_field")
            }
        }
    }

    /// IV-1: the same bound holds for cycle deadlines, which go through the same parser.
    @Test("IV-1: a cycle deadline in year 10000 (UTC) is 422 and no cycle is made")
    func cycleDeadlineRange() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let body = #"""
                {"code": "2099", "name": "Kỳ xa", "year": 2099, "framework": {"code": "test-fw", "version": "1"}, "units": ["A1"],
                 "deadlines": {"selfAssessment": "2099-01-01T00:00:00Z", "appraisal": "2099-02-01T00:00:00Z",
                               "explanation": "2099-03-01T00:00:00Z", "finalReview": "9999-12-31T23:30:00-01:00"}}
                """#
            let answer = try await client.call(.post, "/api/v1/cycles", as: "admin", app: app, json: body)
            #expect(answer.status == .unprocessableContent, "\(answer.body)")
            #expect(answer.json?["error"]?["details"]?["field"]?.stringValue == "deadlines.finalReview")
            #expect(try await app.count("SELECT COUNT(*) FROM cycle WHERE code = '2099'") == 0)
        }
    }

    /// IV-1: a document reference's `issuedOn` was checked for its shape only, so 30 February was
    /// stored and served where the document promises a `date`.
    @Test(
        "IV-1: a document reference issued on a day that does not exist is 422; 29 February of a leap year is kept",
        arguments: [("2027-02-30", 422), ("2027-13-01", 422), ("2027-04-31", 422), ("0000-01-01", 422), ("2028-02-29", 201)]
    )
    func referenceIssuedOn(day: String, status: Int) async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A1/items/1.1/evidence",
                as: "u.a1",
                app: app,
                json: #"{"title": "Kế hoạch CCHC", "issuedOn": "\#(day)"}"#
            )
            #expect(answer.status.code == status, "\(answer.body)")
            if status == 201 {
                guard case .array(let added)? = answer.json else {
                    Issue.record("not a list: \(answer.body)")
                    return
                }
                #expect(added.first?["issuedOn"]?.stringValue == day)
            } else {
                #expect(answer.errorCode == "invalid_date")
                #expect(try await app.count("SELECT COUNT(*) FROM evidence") == 0)
            }
        }
    }
}
