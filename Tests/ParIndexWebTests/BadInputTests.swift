import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import Testing

/// Bad input through the router (SECURITY.md IV-1 … IV-6, AC no mass assignment): every refusal is
/// the contract's error shape `{"error": {"code", "message", "details"?}}` with a 4xx status, never
/// a 5xx or a stack trace.
@Suite struct BadInputTests {
    static let items = "/api/v1/cycles/2026/units/A1/items"

    /// One bad request against a freshly seeded app (cycle 2026 in self_assessment, nothing written yet).
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method = .put
        var path: String
        var user: String? = "u.a1"
        var body: [UInt8]?
        var contentType: String? = "application/json"
        var expected: [Int]
        var code: String? = nil

        var testDescription: String { name }

        /// A JSON text body.
        static func json(
            _ name: String,
            _ path: String,
            _ text: String,
            _ expected: Int,
            _ code: String? = nil,
            method: HTTPRequest.Method = .put,
            user: String? = "u.a1"
        ) -> Case {
            Case(name: name, method: method, path: path, user: user, body: Array(text.utf8), expected: [expected], code: code)
        }
    }

    static let longNote = String(repeating: "Ghi chú dài ", count: 417)  // 5004 characters
    static let hundredKB = String(repeating: "a", count: 100 * 1024)
    static let nested = #"{"points": "# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}"

    static let cases: [Case] = [
        // malformed JSON → 400 (IV-1)
        .json("malformed JSON", items + "/1.1", #"{"points": "#, 400, "malformed_json"),
        .json("unterminated string", items + "/1.1", #"{"points": 1, "note": "abc"#, 400, "malformed_json"),
        .json("trailing characters", items + "/1.1", #"{"points": 1} x"#, 400, "malformed_json"),
        .json("duplicate key", items + "/1.1", #"{"points": 1, "points": 2}"#, 400, "malformed_json"),
        .json("a JSON array instead of an object", items + "/1.1", #"[{"points": 1}]"#, 400, "malformed_json"),
        .json("a bare number instead of an object", items + "/1.1", "1", 400, "malformed_json"),
        .json("null instead of an object", items + "/1.1", "null", 400, "malformed_json"),
        .json("empty body", items + "/1.1", "", 400, "malformed_json"),
        .json("white space only", items + "/1.1", " \r\n ", 400, "malformed_json"),
        .json("deeply nested JSON (200 levels)", items + "/1.1", nested, 400, "malformed_json"),
        .json("bare NaN", items + "/1.1", #"{"points": NaN}"#, 400, "malformed_json"),
        .json("bare Infinity", items + "/1.1", #"{"points": Infinity}"#, 400, "malformed_json"),
        .json("Vietnamese decimal comma as a bare number", items + "/1.1", #"{"points": 1,5}"#, 400, "malformed_json"),
        Case(name: "invalid UTF-8 bytes outside a string", path: items + "/1.1", body: [0xFF, 0xFE, 0x7B, 0x7D], expected: [400]),
        // wrong types → 422
        .json("points as text", items + "/1.1", #"{"points": "abc"}"#, 422, "invalid_points"),
        .json("points as NaN text", items + "/1.1", #"{"points": "NaN"}"#, 422, "invalid_points"),
        .json("points as text with a decimal comma", items + "/1.1", #"{"points": "1,5"}"#, 422, "invalid_points"),
        .json("points as true", items + "/1.1", #"{"points": true}"#, 422, "invalid_points"),
        .json("points as an object", items + "/1.1", #"{"points": {}}"#, 422, "invalid_points"),
        .json("choice as text", items + "/1.2", #"{"choice": "1"}"#, 422, "invalid_field"),
        .json("choice as a fraction", items + "/1.2", #"{"choice": 1.5}"#, 422, "invalid_field"),
        .json("version as text", items + "/1.1", #"{"points": 1, "version": "abc"}"#, 422, "invalid_field"),
        .json("inputs as an array", items + "/2.1", #"{"inputs": [95, 100]}"#, 422, "invalid_field"),
        .json("inputs without a denominator", items + "/2.1", #"{"inputs": {"numerator": 95}}"#, 422, "entry_shape"),
        // huge numbers → 422
        .json("points 1e308", items + "/1.1", #"{"points": 1e308}"#, 422, "invalid_points"),
        .json("points 1e309", items + "/1.1", #"{"points": 1e309}"#, 422, "invalid_points"),
        .json("points with 30 digits", items + "/1.1", #"{"points": 123456789012345678901234567890}"#, 422, "invalid_points"),
        .json("points far above max", items + "/1.1", #"{"points": 99999999999.99}"#, 422),
        .json("numerator 99999999999999", items + "/2.1", #"{"inputs": {"numerator": 99999999999999, "denominator": 1}}"#, 422),
        .json("choice 10^20", items + "/1.2", #"{"choice": 100000000000000000000}"#, 422, "invalid_field"),
        // exact ranges (IV-1)
        .json("more than two decimals", items + "/1.1", #"{"points": 0.255}"#, 422, "invalid_points"),
        .json("max + 0.01", items + "/1.1", #"{"points": 2.01}"#, 422, "points_out_of_range"),
        .json("negative points", items + "/1.1", #"{"points": -1}"#, 422, "points_out_of_range"),
        .json("negative bonus", items + "/9.1", #"{"points": -0.5}"#, 422, "points_out_of_range"),
        .json("negative deduction", items + "/9.2", #"{"points": -0.5}"#, 422, "points_out_of_range"),
        .json("off the step", items + "/1.1", #"{"points": 0.25}"#, 422, "points_off_step"),
        .json("choice out of range", items + "/1.2", #"{"choice": 3}"#, 422, "choice_out_of_range"),
        .json("negative choice", items + "/1.2", #"{"choice": -1}"#, 422, "choice_out_of_range"),
        .json("numerator > denominator", items + "/2.1", #"{"inputs": {"numerator": 101, "denominator": 100}}"#, 422, "ratio_numerator_exceeds"),
        .json("zero denominator", items + "/2.1", #"{"inputs": {"numerator": 0, "denominator": 0}}"#, 422, "ratio_zero_denominator"),
        .json("negative numerator", items + "/2.1", #"{"inputs": {"numerator": -1, "denominator": 10}}"#, 422, "ratio_out_of_range"),
        .json("the wrong entry for the kind", items + "/1.1", #"{"choice": 0}"#, 422, "entry_shape"),
        .json("two entries at once", items + "/1.1", #"{"points": 1, "choice": 0}"#, 422, "entry_shape"),
        .json("no entry at all", items + "/1.1", "{}", 422, "entry_shape"),
        .json("survey leaf entry", items + "/2.2", #"{"points": 1}"#, 422, "survey_leaf"),
        .json("not applicable where not allowed", items + "/1.1", #"{"notApplicable": {"reason": "Không phát sinh"}}"#, 422, "na_not_allowed"),
        // over-long strings (IV-1)
        .json("a 5000-character note", items + "/1.1", #"{"points": 1, "note": "\#(longNote)"}"#, 422, "too_long"),
        Case(
            name: "a 100 KB block name",
            path: "/api/v1/blocks/DEPT",
            user: "admin",
            body: Array(#"{"name": "\#(hundredKB)"}"#.utf8),
            expected: [413, 422]
        ),
        Case(
            name: "a 100 KB username",
            method: .post,
            path: "/api/v1/users",
            user: "admin",
            body: Array(#"{"username": "\#(hundredKB)", "name": "X", "role": "unit", "unit": "A1", "password": "Mật-khẩu-dài-2026"}"#.utf8),
            expected: [413, 422]
        ),
        // unknown things → 404
        .json("unknown criterion", items + "/9.9.9", #"{"points": 1}"#, 404),
        .json("unknown cycle", "/api/v1/cycles/2099/units/A1/items/1.1", #"{"points": 1}"#, 404),
        .json("another unit's item", "/api/v1/cycles/2026/units/A2/items/1.1", #"{"points": 1}"#, 404),
        Case(
            name: "an over-long path parameter",
            path: "/api/v1/cycles/" + String(repeating: "9", count: 300) + "/units/A1/items/1.1",
            body: Array(#"{"points": 1}"#.utf8),
            expected: [400, 404]
        ),
        // no mass assignment (AC-3): unknown fields → 422 unknown_field
        .json("unknown field role", items + "/1.1", #"{"points": 1, "role": "admin"}"#, 422, "unknown_field"),
        .json("unknown field in inputs", items + "/2.1", #"{"inputs": {"numerator": 1, "denominator": 2, "weight": 3}}"#, 422, "unknown_field"),
        .json("unknown field in notApplicable", items + "/1.3", #"{"notApplicable": {"reason": "x", "by": "admin"}}"#, 422, "unknown_field"),
        .json(
            "unknown field disabled on user creation",
            "/api/v1/users",
            #"{"username": "u.new", "name": "Mới", "role": "admin", "password": "Mật-khẩu-dài-2026", "disabled": false}"#,
            422,
            "unknown_field",
            method: .post,
            user: "admin"
        ),
        .json(
            "unknown field on a phase move",
            "/api/v1/cycles/2026/phase",
            #"{"phase": "appraisal", "force": true}"#,
            422,
            "unknown_field",
            method: .post,
            user: "admin"
        ),
        .json("unknown phase", "/api/v1/cycles/2026/phase", #"{"phase": "done"}"#, 422, "invalid_phase", method: .post, user: "admin"),
        // content types (CS-5) → 415
        Case(name: "text/plain", path: items + "/1.1", body: Array(#"{"points": 1}"#.utf8), contentType: "text/plain", expected: [415]),
        Case(
            name: "form-urlencoded",
            path: items + "/1.1",
            body: Array("points=1".utf8),
            contentType: "application/x-www-form-urlencoded",
            expected: [415]
        ),
        Case(name: "no content type", path: items + "/1.1", body: Array(#"{"points": 1}"#.utf8), contentType: nil, expected: [415]),
        Case(name: "multipart to a JSON route", path: items + "/1.1", body: Array("--x--\r\n".utf8), contentType: multipartType, expected: [415]),
        // cycles: wrong types
        .json(
            "cycle year as text",
            "/api/v1/cycles",
            #"{"code": "2027", "name": "Kỳ 2027", "year": "2027", "framework": {"code": "test-fw", "version": "1"}, "units": ["A1"], "deadlines": {}}"#,
            422,
            "invalid_field",
            method: .post,
            user: "admin"
        ),
        .json(
            "cycle deadline that is not a time",
            "/api/v1/cycles",
            #"{"code": "2027", "name": "Kỳ 2027", "year": 2027, "framework": {"code": "test-fw", "version": "1"}, "units": ["A1"], "deadlines": {"selfAssessment": "ngày mai", "appraisal": "2027-05-01T00:00:00Z", "explanation": "2027-06-01T00:00:00Z", "finalReview": "2027-07-01T00:00:00Z"}}"#,
            422,
            "invalid_field",
            method: .post,
            user: "admin"
        ),
    ]

    /// Bodies over a route's limit: 413 too_large.
    static let tooLargeCases: [Case] = [
        Case(
            name: "a body over 1 MiB",
            path: items + "/1.1",
            body: Array(#"{"points": 1, "note": ""#.utf8) + [UInt8](repeating: 0x61, count: (1 << 20) + 10) + Array(#""}"#.utf8),
            expected: [413],
            code: "too_large"
        ),
        Case(
            name: "a 100 KB password at login (AU-11; the login limit is 16 KiB)",
            method: .post,
            path: "/api/v1/session",
            user: nil,
            body: Array(#"{"username": "u.a1", "password": "\#(hundredKB)"}"#.utf8),
            expected: [413, 422]
        ),
        Case(
            name: "a 9 MiB survey CSV (the survey limit is 8 MiB)",
            method: .post,
            path: "/api/v1/cycles/2026/survey",
            user: "admin",
            body: Array("unit,criterion,points\r\n".utf8) + [UInt8](repeating: 0x41, count: 9 << 20),
            contentType: "text/csv",
            expected: [413],
            code: "too_large"
        ),
    ]

    @Test("bad input is refused with the error shape and a 4xx, never a 5xx (IV-1, IV-6, AC-3, CS-5)", arguments: cases)
    func badInput(_ c: Case) async throws {
        try await Self.run(c)
    }

    @Test(
        "a body over the route's limit is 413 too_large, not 500 (IV-1)",
        arguments: tooLargeCases
    )
    func tooLarge(_ c: Case) async throws {
        try await Self.run(c)
    }

    @Test(
        "invalid UTF-8 inside a JSON string is 400, not stored as U+FFFD (IV-1, IV-2)"
    )
    func invalidUTF8InString() async throws {
        try await Self.run(
            Case(
                name: "invalid UTF-8 bytes in a string",
                path: Self.items + "/1.1",
                body: Array(#"{"points": 1, "note": ""#.utf8) + [0xC3, 0x28, 0xFF, 0xFE] + Array(#""}"#.utf8),
                expected: [400]
            )
        )
    }

    /// Sends the case to a freshly seeded app and checks the status and the error shape.
    static func run(_ c: Case) async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(
                c.method,
                c.path,
                as: c.user,
                app: app,
                body: c.body.map { ByteBuffer(bytes: $0) },
                contentType: c.contentType
            )
            #expect(c.expected.contains(Int(answer.status.code)), "\(c.name): \(answer.status) \(answer.body.prefix(300))")
            expectErrorShape(answer, code: c.code)
        }
    }

    @Test("a stale version is 409 stale_version (optimistic concurrency)")
    func staleVersion() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let first = try await client.call(.put, Self.items + "/1.1", as: "u.a1", app: app, json: #"{"points": 1, "version": 0}"#)
            #expect(first.status == .ok, "\(first.body)")
            #expect(first.json?["version"]?.scalarText == "1")
            let second = try await client.call(.put, Self.items + "/1.1", as: "u.a1", app: app, json: #"{"points": 2, "version": 0}"#)
            #expect(second.status == .conflict)
            expectErrorShape(second, code: "stale_version")
            #expect(second.json?["error"]?["details"]?["version"]?.scalarText == "1")
            // the first write stands
            let item = try await item(client, app, unit: "A1", criterion: "1.1", as: "u.a1")
            #expect(item?["self"]?["points"]?.scalarText == "1")
        }
    }

    @Test("an appraisal during self_assessment is 409 (wrong_phase once submitted), phase rules in the domain (AC-4)")
    func appraisalInWrongPhase() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let unsubmitted = try await client.call(.put, Self.items + "/1.1/appraisal", as: "r1", app: app, json: #"{"points": 2}"#)
            // Before A1 submits, its items do not exist for r1 (DR-1, decision 0029): 404, not 409.
            #expect(unsubmitted.status == .notFound)
            expectErrorShape(unsubmitted)
            try await completeA1(client, app)
            let submitted = try await client.call(.post, "/api/v1/cycles/2026/units/A1/submit", as: "u.a1", app: app)
            #expect(submitted.status == .ok, "\(submitted.body)")
            let appraisal = try await client.call(.put, Self.items + "/1.1/appraisal", as: "r1", app: app, json: #"{"points": 2}"#)
            #expect(appraisal.status == .conflict)
            expectErrorShape(appraisal, code: "wrong_phase")
            #expect(appraisal.json?["error"]?["details"]?["phase"]?.stringValue == "self_assessment")
        }
    }

    @Test("after the deadline a unit write is 409 deadline_passed with the deadline; an extension lets exactly that unit write")
    func deadlineAndExtension() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            app.clock.advance(by: 11 * 86400)
            let late = try await client.call(.put, Self.items + "/1.1", as: "u.a1", app: app, json: #"{"points": 1}"#)
            #expect(late.status == .conflict)
            expectErrorShape(late, code: "deadline_passed")
            #expect(late.json?["error"]?["details"]?["deadline"]?.stringValue == Timestamp.format(TestApp.t0 + 10 * 86400))

            let until = Timestamp.format(TestApp.t0 + 15 * 86400)
            let extensionAnswer = try await client.call(
                .post,
                "/api/v1/cycles/2026/units/A1/extension",
                as: "admin",
                app: app,
                json: #"{"until": "\#(until)", "reason": "Sự cố hệ thống mạng nội bộ"}"#
            )
            #expect(extensionAnswer.status == .ok, "\(extensionAnswer.body)")
            #expect(extensionAnswer.json?["until"]?.stringValue == until)

            let a1 = try await client.call(.put, Self.items + "/1.1", as: "u.a1", app: app, json: #"{"points": 1}"#)
            #expect(a1.status == .ok, "\(a1.body)")
            let a2 = try await client.call(.put, "/api/v1/cycles/2026/units/A2/items/1.1", as: "u.a2", app: app, json: #"{"points": 1}"#)
            #expect(a2.status == .conflict)
            expectErrorShape(a2, code: "deadline_passed")

            // past the extension too
            app.clock.advance(by: 5 * 86400)
            let afterExtension = try await client.call(.put, Self.items + "/1.1", as: "u.a1", app: app, json: #"{"points": 2}"#)
            #expect(afterExtension.status == .conflict)
            expectErrorShape(afterExtension, code: "deadline_passed")
        }
    }

    @Test("an admin submits for a unit early only with a reason, late with or without one, and late is marked")
    func lateSubmissionByAdmin() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let early = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "admin", app: app)
            #expect(early.status == .unprocessableContent)
            expectErrorShape(early, code: "reason_required")

            app.clock.advance(by: 11 * 86400)
            let byUnit = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "u.a2", app: app)
            #expect(byUnit.status == .conflict)
            expectErrorShape(byUnit, code: "deadline_passed")

            // After the deadline the contract's body-less late submission still works.
            let submitted = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "admin", app: app)
            #expect(submitted.status == .ok, "\(submitted.body)")
            #expect(submitted.json?["status"]?.stringValue == "submitted")
            let assessment = try await client.call(.get, "/api/v1/cycles/2026/units/A2/assessment", as: "admin", app: app)
            #expect(assessment.json?["late"] == .bool(true))
            #expect(assessment.json?["status"]?.stringValue == "submitted")

            let twice = try await client.call(.post, "/api/v1/cycles/2026/units/A2/submit", as: "admin", app: app, json: #"{"reason": "Lần hai"}"#)
            #expect(twice.status == .conflict)
            expectErrorShape(twice, code: "already_submitted")
        }
    }

    @Test("illegal phase moves are 409: skipping, going back, staying, and published via the phase route")
    func illegalPhaseMoves() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for phase in ["explanation", "final_review", "setup", "self_assessment", "published"] {
                let answer = try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "\#(phase)"}"#)
                #expect(answer.status == .conflict, "\(phase): \(answer.body)")
                expectErrorShape(answer)
            }
            let cycle = try await client.call(.get, "/api/v1/cycles/2026", as: "admin", app: app)
            #expect(cycle.json?["phase"]?.stringValue == "self_assessment")
        }
    }

    @Test("a reviewer who belongs to a unit cannot be assigned to it: 422 conflict_of_interest (RV-1)")
    func conflictOfInterest() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            for units in [#"["A1"]"#, #"["B1", "B2", "A1"]"#] {
                let answer = try await client.call(
                    .put,
                    "/api/v1/cycles/2026/reviewers/r2",
                    as: "admin",
                    app: app,
                    json: #"{"units": \#(units)}"#
                )
                #expect(answer.status == .unprocessableContent)
                expectErrorShape(answer, code: "conflict_of_interest")
                #expect(answer.json?["error"]?["details"]?["unit"]?.stringValue == "A1")
            }
            // nothing changed: r2 still reviews B1 and still cannot see A1
            try await app.submitOnBehalf("B1")  // a draft would be 404 to r2 (DR-1)
            #expect(try await client.call(.get, "/api/v1/cycles/2026/units/B1/assessment", as: "r2", app: app).status == .ok)
            #expect(try await client.call(.get, "/api/v1/cycles/2026/units/A1/assessment", as: "r2", app: app).status == .notFound)
        }
    }

    @Test("creating a cycle with unknown units or unordered deadlines is 422 and creates nothing")
    func badCycles() async throws {
        let app = try TestApp()
        try await app.seed()
        @Sendable func body(units: String, appraisal: String) -> String {
            #"{"code": "2027", "name": "Kỳ 2027", "year": 2027, "framework": {"code": "test-fw", "version": "1"}, "units": \#(units), "#
                + #""deadlines": {"selfAssessment": "2027-04-01T00:00:00Z", "appraisal": "\#(appraisal)", "#
                + #""explanation": "2027-06-01T00:00:00Z", "finalReview": "2027-07-01T00:00:00Z"}}"#
        }
        try await app.application.test(.router) { client in
            let unknown = try await client.call(
                .post,
                "/api/v1/cycles",
                as: "admin",
                app: app,
                json: body(units: #"["A1", "ZZ"]"#, appraisal: "2027-05-01T00:00:00Z")
            )
            #expect(unknown.status == .unprocessableContent)
            expectErrorShape(unknown, code: "unknown_units")
            #expect(unknown.json?["error"]?["details"]?["units"] == .array([.string("ZZ")]))

            let unordered = try await client.call(
                .post,
                "/api/v1/cycles",
                as: "admin",
                app: app,
                json: body(units: #"["A1", "A2"]"#, appraisal: "2027-03-01T00:00:00Z")
            )
            #expect(unordered.status == .unprocessableContent)
            expectErrorShape(unordered, code: "deadlines_order")

            let duplicate = try await client.call(
                .post,
                "/api/v1/cycles",
                as: "admin",
                app: app,
                json: body(units: #"["A1", "A1"]"#, appraisal: "2027-05-01T00:00:00Z")
            )
            #expect(duplicate.status == .unprocessableContent)
            expectErrorShape(duplicate)

            #expect(try await app.count("SELECT COUNT(*) FROM cycle") == 1)
        }
    }

    @Test("a survey CSV with bad rows is 422 listing the row numbers, and nothing is imported")
    func surveyBadRows() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let csv = "unit,criterion,points\r\nA1,2.2,1.8\r\nZZ,2.2,1\r\nA2,1.1,1\r\nB1,2.2,9\r\nB2,2.2,abc\r\nA1,2.2,1\r\nB2,2.2,0.555\r\n"
            let answer = try await client.call(
                .post,
                "/api/v1/cycles/2026/survey",
                as: "admin",
                app: app,
                body: ByteBuffer(string: csv),
                contentType: "text/csv"
            )
            #expect(answer.status == .unprocessableContent, "\(answer.body)")
            expectErrorShape(answer, code: "invalid_rows")
            let rows = answer.json?["error"]?["details"]?["rows"]?.arrayValue?.compactMap { $0["row"]?.scalarText }
            #expect(rows == ["3", "4", "5", "6", "7", "8"])
            #expect(try await app.count("SELECT COUNT(*) FROM item WHERE criterion = '2.2'") == 0)

            let json = try await client.call(
                .post,
                "/api/v1/cycles/2026/survey",
                as: "admin",
                app: app,
                json: #"{"rows": [{"unit": "A1", "criterion": "2.2", "points": 1}, {"unit": "A2", "criterion": "2.2", "points": -1}]}"#
            )
            #expect(json.status == .unprocessableContent)
            expectErrorShape(json, code: "invalid_rows")
            #expect(json.json?["error"]?["details"]?["rows"]?.arrayValue?.compactMap { $0["row"]?.scalarText } == ["2"])
            #expect(try await app.count("SELECT COUNT(*) FROM item WHERE criterion = '2.2'") == 0)
        }
    }

    @Test("publishing in the wrong phase is 409, and results before publication are 404 (AC-4, RV-2)")
    func publishAndResults() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let publish = try await client.call(.post, "/api/v1/cycles/2026/publish", as: "admin", app: app)
            #expect(publish.status == .conflict)
            expectErrorShape(publish, code: "wrong_phase")
            for path in ["/api/v1/cycles/2026/results", "/api/v1/cycles/2026/results.csv", "/api/v1/cycles/2026/results.xlsx"] {
                for user in [nil, "admin"] as [String?] {
                    let results = try await client.call(.get, path, as: user, app: app)
                    #expect(results.status == .notFound, "\(path) as \(user ?? "anonymous")")
                    expectErrorShape(results)
                }
            }
        }
    }

    /// Fills A1 so that it can submit: 1.3 is marked not applicable (so no evidence is required).
    func completeA1(_ client: some TestClientProtocol, _ app: TestApp) async throws {
        for (code, json) in [
            ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"notApplicable": {"reason": "Không phát sinh"}}"#),
            ("2.1", #"{"inputs": {"numerator": 90, "denominator": 100}}"#), ("9.1", #"{"points": 0.5}"#), ("9.2", #"{"points": 0}"#),
        ] {
            let answer = try await client.call(.put, Self.items + "/" + code, as: "u.a1", app: app, json: json)
            #expect(answer.status == .ok, "\(code): \(answer.body)")
        }
    }

    func item(_ client: some TestClientProtocol, _ app: TestApp, unit: String, criterion: String, as user: String) async throws -> DocumentValue? {
        let answer = try await client.call(.get, "/api/v1/cycles/2026/units/\(unit)/assessment", as: user, app: app)
        return answer.json?["items"]?.arrayValue?.first { $0["criterion"]?.stringValue == criterion }
    }
}

/// The contract's error body: exactly `{"error": {"code", "message", "details"?}}`, a snake_case code,
/// a non-empty message, details an object when present, JSON content type, a 4xx status.
func expectErrorShape(_ answer: Answer, code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(answer.status.code >= 400 && answer.status.code < 500, "status \(answer.status)", sourceLocation: sourceLocation)
    #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    guard case .object(let top)? = answer.json, case .object(let inner)? = answer.json?["error"] else {
        Issue.record("not the error shape: \(answer.body.prefix(300))", sourceLocation: sourceLocation)
        return
    }
    #expect(top.map(\.0) == ["error"], sourceLocation: sourceLocation)
    #expect(Set(inner.map(\.0)).isSubset(of: ["code", "message", "details"]), sourceLocation: sourceLocation)
    let errorCode = answer.json?["error"]?["code"]?.stringValue ?? ""
    #expect(errorCode.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil, "code \(errorCode)", sourceLocation: sourceLocation)
    #expect(answer.json?["error"]?["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    if let details = answer.json?["error"]?["details"] {
        guard case .object = details else {
            Issue.record("details is not an object: \(details)", sourceLocation: sourceLocation)
            return
        }
    }
    if let code { #expect(errorCode == code, "\(answer.body.prefix(300))", sourceLocation: sourceLocation) }
    #expect(!answer.body.contains("Swift/") && !answer.body.contains(".swift:"), "looks like a stack trace", sourceLocation: sourceLocation)
}
