import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

/// Every JSON answer of the API, and the refusals of bad bodies, byte for byte as recorded in
/// `Tests/Fixtures/api-answers.txt`: a whole cycle driven through the router with a frozen clock.
/// Random values (tokens, evidence ids, hashes over them) are numbered in order of appearance, so
/// the recording is stable; any other change to an answer's bytes fails here. Set
/// `PARINDEX_RECORD_ANSWERS=1` to write the file again after a deliberate change to the contract.
@Suite struct AnswerBytesTests {
    static let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/api-answers.txt")

    /// UUIDs, and hex runs of 32 or more (tokens, CSRF tokens, hashes that cover them).
    static var random: Regex<Substring> { /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}/ }

    /// The answers in order, one block per request, random values numbered.
    final class Recording: @unchecked Sendable {
        var lines: [String] = []
        var names: [String: String] = [:]

        func add(_ method: HTTPRequest.Method, _ path: String, _ answer: Answer) {
            let body = answer.body.replacing(AnswerBytesTests.random) { match in
                let text = String(match.output)
                if let known = names[text] { return known }
                let name = "<random \(names.count + 1)>"
                names[text] = name
                return name
            }
            lines.append("\(method) \(path) → \(answer.status.code)\n\(body)\n")
        }

        var text: String { lines.joined(separator: "\n") }
    }

    @Test("every answer and every refusal of a bad body keeps its recorded bytes")
    func answersKeepTheirBytes() async throws {
        let app = try TestApp()
        try await app.seed()
        let recording = Recording()
        try await app.application.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ path: String, as user: String?, json: String? = nil) async throws -> Answer {
                let answer = try await client.call(method, path, as: user, app: app, json: json)
                recording.add(method, path, answer)
                return answer
            }
            try await Self.administration(call)
            try await Self.wholeCycle(call, app: app, client: client, recording: recording)
            try await Self.refusals(call)
        }
        let text = recording.text
        if ProcessInfo.processInfo.environment["PARINDEX_RECORD_ANSWERS"] != nil {
            try text.write(to: Self.fixture, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: Self.fixture, encoding: .utf8)
        let expected = recorded.components(separatedBy: "\n\n")
        let actual = text.components(separatedBy: "\n\n")
        for (index, pair) in zip(expected, actual).enumerated() where pair.0 != pair.1 {
            Issue.record("answer \(index + 1) differs:\nrecorded: \(pair.0)\nnow:      \(pair.1)")
        }
        #expect(expected.count == actual.count)
    }

    typealias Call = (HTTPRequest.Method, String, String?, String?) async throws -> Answer

    /// Frameworks, blocks, units, users, tokens, cycles, phases, reviewers, extensions.
    static func administration(_ call: Call) async throws {
        let version2 = smallFrameworkJSON.replacingOccurrences(of: #""version": "1""#, with: #""version": "2""#)
        _ = try await call(.post, "/api/v1/frameworks", "admin", version2)
        _ = try await call(.get, "/api/v1/frameworks/test-fw/1", "u.a1", nil)
        _ = try await call(.put, "/api/v1/blocks/PROVINCE", "admin", #"{"name": "Khối tỉnh"}"#)
        _ = try await call(.get, "/api/v1/blocks", "u.a1", nil)
        _ = try await call(.put, "/api/v1/units/C1", "admin", #"{"name": "Sở Nội vụ", "block": "DEPT"}"#)
        _ = try await call(.get, "/api/v1/units", "obs", nil)
        _ = try await call(
            .post,
            "/api/v1/users",
            "admin",
            #"{"username": "u.c1", "name": "Cán bộ Sở Nội vụ", "role": "unit", "unit": "C1", "password": "Mật-khẩu-dài-2026"}"#
        )
        _ = try await call(
            .post,
            "/api/v1/users",
            "admin",
            #"{"username": "r9", "name": "Hội đồng", "role": "reviewer", "password": "Mật-khẩu-dài-2026"}"#
        )
        _ = try await call(.get, "/api/v1/users", "admin", nil)
        _ = try await call(.post, "/api/v1/users/u.c1/tokens", "admin", nil)
        _ = try await call(.post, "/api/v1/session", nil, #"{"username": "u.a1", "password": "Mật-khẩu-dài-2026"}"#)
        _ = try await call(
            .post,
            "/api/v1/cycles",
            "admin",
            #"{"code": "2027", "name": "Kỳ 2027", "year": 2027, "framework": {"code": "test-fw", "version": "2"}, "units": ["A1", "C1"], "deadlines": {"selfAssessment": "2027-04-01T00:00:00Z", "appraisal": "2027-05-01T00:00:00+07:00", "explanation": "2027-06-01T00:00:00.5Z", "finalReview": "2027-07-01T00:00:00Z"}}"#
        )
        _ = try await call(.get, "/api/v1/cycles", "admin", nil)
        _ = try await call(.get, "/api/v1/cycles", "u.a1", nil)
        _ = try await call(.get, "/api/v1/cycles/2026", "admin", nil)
        _ = try await call(.get, "/api/v1/cycles/2026", "u.a1", nil)
        _ = try await call(.post, "/api/v1/cycles/2027/phase", "admin", #"{"phase": "self_assessment"}"#)
        _ = try await call(.put, "/api/v1/cycles/2027/reviewers/r9", "admin", #"{"units": ["A1", "C1"]}"#)
        _ = try await call(.put, "/api/v1/cycles/2027/reviewers/r9", "admin", #"{}"#)
        _ = try await call(
            .post,
            "/api/v1/cycles/2026/units/A2/extension",
            "admin",
            #"{"until": "2026-03-20T10:00:00Z", "reason": "Sự cố mạng"}"#
        )
        _ = try await call(.get, "/api/v1/cycles/2026/units/A2/assessment", "admin", nil)
    }

    /// Self entries of every kind, evidence, submission, appraisal, questions, answers, survey,
    /// settling, publication and the results.
    static func wholeCycle(_ call: Call, app: TestApp, client: some TestClientProtocol, recording: Recording) async throws {
        let base = "/api/v1/cycles/2026/units"
        for (code, json) in [
            ("1.1", #"{"points": 2, "note": "Đã ban hành kế hoạch"}"#), ("1.2", #"{"choice": 0}"#),
            ("1.3", #"{"inputs": {"numerator": 95, "denominator": 100}, "version": 0}"#),
            ("2.1", #"{"inputs": {"numerator": 90, "denominator": 100}}"#), ("9.1", #"{"points": 0.5}"#), ("9.2", #"{"points": 0, "note": null}"#),
        ] { _ = try await call(.put, "\(base)/A1/items/\(code)", "u.a1", json) }
        for (code, json) in [
            ("1.1", #"{"points": 1.50}"#), ("1.2", #"{"choice": 1}"#), ("1.3", #"{"notApplicable": {"reason": "Không phát sinh"}}"#),
            ("2.1", #"{"inputs": {"numerator": 45, "denominator": 60}}"#), ("9.1", #"{"points": 0}"#), ("9.2", #"{"points": 0.5}"#),
        ] { _ = try await call(.put, "\(base)/A2/items/\(code)", "u.a2", json) }
        for unit in ["B1", "B2"] {
            for (code, json) in [
                ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"inputs": {"numerator": 100, "denominator": 100}}"#),
                ("2.1", #"{"inputs": {"numerator": 1, "denominator": 3}}"#), ("9.1", #"{"points": 1}"#), ("9.2", #"{"points": 0}"#),
            ] { _ = try await call(.put, "\(base)/\(unit)/items/\(code)", "u.\(unit.lowercased())", json) }
        }
        let upload = try await client.call(
            .post,
            "\(base)/A1/items/1.3/evidence",
            as: "u.a1",
            app: app,
            body: multipart([("Báo cáo kết quả.pdf", pdfBytes("A1"))]),
            contentType: multipartType
        )
        recording.add(.post, "\(base)/A1/items/1.3/evidence", upload)
        for unit in ["B1", "B2"] {
            _ = try await call(
                .post,
                "\(base)/\(unit)/items/1.3/evidence",
                "u.\(unit.lowercased())",
                #"{"title": "Báo cáo năm 2026", "documentNumber": "12/BC-UBND", "issuedOn": "2026-12-01", "url": "https://example.vn/bc"}"#
            )
        }
        _ = try await call(.get, "\(base)/A1/assessment", "u.a1", nil)
        for unit in ["A1", "A2", "B1", "B2"] { _ = try await call(.post, "\(base)/\(unit)/submit", "u.\(unit.lowercased())", nil) }
        _ = try await call(.get, "\(base)/A1/receipt", "r1", nil)

        app.clock.advance(by: 11 * 86400)
        _ = try await call(.post, "/api/v1/cycles/2026/phase", "admin", #"{"phase": "appraisal"}"#)
        _ = try await call(
            .put,
            "\(base)/A1/items/1.1/appraisal",
            "r1",
            #"{"points": 1.5, "note": "Kế hoạch thiếu nội dung chuyển đổi số", "version": 1}"#
        )
        for (code, json) in [
            ("1.2", #"{"choice": 0}"#), ("2.1", #"{"inputs": {"numerator": 90, "denominator": 100}}"#), ("9.1", #"{"points": 0.5}"#),
            ("9.2", #"{"points": 0}"#),
        ] { _ = try await call(.put, "\(base)/A1/items/\(code)/appraisal", "r1", json) }
        _ = try await call(.post, "\(base)/A1/items/1.3/questions", "r1", #"{"message": "Đề nghị bổ sung báo cáo quý IV"}"#)
        for (code, json) in [
            ("1.1", #"{"points": 1.5}"#), ("1.2", #"{"choice": 1}"#), ("2.1", #"{"inputs": {"numerator": 45, "denominator": 60}}"#),
            ("9.1", #"{"points": 0}"#), ("9.2", #"{"points": 0.5}"#),
        ] { _ = try await call(.put, "\(base)/A2/items/\(code)/appraisal", "r1", json) }
        for unit in ["B1", "B2"] {
            for (code, json) in [
                ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"inputs": {"numerator": 100, "denominator": 100}}"#),
                ("2.1", #"{"inputs": {"numerator": 1, "denominator": 3}}"#), ("9.1", #"{"points": 1}"#), ("9.2", #"{"points": 0}"#),
            ] { _ = try await call(.put, "\(base)/\(unit)/items/\(code)/appraisal", "r2", json) }
        }

        app.clock.advance(by: 10 * 86400)
        _ = try await call(.post, "/api/v1/cycles/2026/phase", "admin", #"{"phase": "explanation"}"#)
        _ = try await call(.post, "\(base)/A1/items/1.3/answers", "u.a1", #"{"message": "Đã bổ sung báo cáo quý IV"}"#)
        _ = try await call(.get, "\(base)/A1/assessment", "u.a1", nil)
        _ = try await call(.get, "\(base)/A1/assessment", "r1", nil)

        app.clock.advance(by: 10 * 86400)
        _ = try await call(.post, "/api/v1/cycles/2026/phase", "admin", #"{"phase": "final_review"}"#)
        _ = try await call(
            .post,
            "/api/v1/cycles/2026/survey",
            "admin",
            #"{"rows": [{"unit": "A1", "criterion": "2.2", "points": 1.8}, {"unit": "A2", "criterion": "2.2", "points": "1,5"}, {"unit": "B1", "criterion": "2.2", "points": 2}, {"unit": "B2", "criterion": "2.2", "points": "2"}]}"#
        )
        _ = try await call(.post, "/api/v1/cycles/2026/publish", "admin", nil)
        _ = try await call(.post, "\(base)/A1/items/1.3/settle", "r1", #"{"disposition": "accepted", "note": "Chấp nhận giải trình"}"#)
        _ = try await call(.post, "\(base)/A1/items/1.1/settle", "r1", #"{"disposition": "partly_accepted", "points": 1, "note": "Một phần"}"#)
        _ = try await call(.get, "\(base)/A1/assessment", "admin", nil)
        _ = try await call(.post, "/api/v1/cycles/2026/publish", "admin", nil)
        _ = try await call(.get, "/api/v1/cycles/2026/results", nil, nil)
        _ = try await call(.get, "/api/v1/audit/verify", "admin", nil)
    }

    /// Bad bodies on every route that reads one: the refusal's code, message and field.
    static func refusals(_ call: Call) async throws {
        let item = "/api/v1/cycles/2027/units/A1/items/1.1"
        for json in [
            #"{"points": 1, "role": "admin"}"#, #"{"points": "abc"}"#, #"{"points": 0.255}"#, #"{"points": 12.345}"#, #"{"points": true}"#,
            #"{"points": 1e3}"#, #"{"points": 1000001}"#, #"{"points": 123456789012345678901234567890}"#, #"{"choice": "1"}"#,
            #"{"choice": 1.5}"#, #"{"choice": 10000000000000}"#, #"{"points": 1, "version": "abc"}"#, #"{"inputs": [95, 100]}"#,
            #"{"inputs": {"numerator": 95}}"#, #"{"inputs": {"numerator": 1, "denominator": 2, "weight": 3}}"#,
            #"{"inputs": {"numerator": "1", "denominator": 2}}"#, #"{"notApplicable": {"reason": "x", "by": "admin"}}"#,
            #"{"notApplicable": "x"}"#, #"{"notApplicable": {"reason": 3}}"#, #"{"points": 1, "choice": 0}"#, #"{"points": 1, "note": 5}"#,
            #"{"points": 1, "note": "\#(String(repeating: "a", count: 4001))"}"#, #"{"points": null, "choice": null, "inputs": null}"#,
        ] { _ = try await call(.put, item, "u.a1", json) }
        let cycle = "/api/v1/cycles/2026/units/A1/items/1.1"
        for json in [#"{}"#, #"{"points": 1, "disposition": "ok"}"#, #"{"points": 1, "note": "x", "version": "1"}"#, #"{"choice": 1, "extra": 1}"#] {
            _ = try await call(.put, cycle + "/appraisal", "r1", json)
        }
        for json in [
            #"{}"#, #"{"disposition": "maybe"}"#, #"{"disposition": "accepted", "points": 0.001}"#, #"{"disposition": "accepted", "choice": 1}"#,
        ] {
            _ = try await call(.post, cycle + "/settle", "r1", json)
        }
        for json in [#"{}"#, #"{"message": "   "}"#, #"{"message": ["a"]}"#, #"{"message": "a", "to": "b"}"#] {
            _ = try await call(.post, cycle + "/questions", "r1", json)
        }
        _ = try await call(.post, "/api/v1/cycles/2027/units/A1/submit", "admin", #"{"reason": 1}"#)
        _ = try await call(.post, "/api/v1/cycles/2027/units/A1/submit", "admin", #"{"why": "x"}"#)
        for json in [
            #"{}"#, #"{"name": ""}"#, #"{"name": 1}"#, #"{"name": "\#(String(repeating: "á", count: 201))"}"#, #"{"name": "X", "code": "Y"}"#,
        ] { _ = try await call(.put, "/api/v1/blocks/X", "admin", json) }
        for json in [#"{"name": "X"}"#, #"{"name": "X", "block": null}"#, #"{"name": "X", "block": "\#(String(repeating: "B", count: 65))"}"#] {
            _ = try await call(.put, "/api/v1/units/X", "admin", json)
        }
        for json in [
            #"{"username": "x", "name": "X", "role": "boss", "password": "p"}"#, #"{"name": "X", "role": "unit", "password": "p"}"#,
            #"{"username": "x", "name": "X", "role": "unit", "unit": 5, "password": "p"}"#,
            #"{"username": "x", "name": "X", "role": "unit", "password": "p", "disabled": false}"#,
        ] { _ = try await call(.post, "/api/v1/users", "admin", json) }
        let deadlines =
            #"{"selfAssessment": "2027-04-01T00:00:00Z", "appraisal": "2027-05-01T00:00:00Z", "explanation": "2027-06-01T00:00:00Z", "finalReview": "2027-07-01T00:00:00Z"}"#
        for json in [
            #"{"code": "2028"}"#, #"{"code": "2028", "name": "K", "framework": {"code": "test-fw", "version": "1"}, "deadlines": \#(deadlines)}"#,
            #"{"code": "2028", "name": "K", "year": "2028", "framework": {"code": "test-fw", "version": "1"}, "deadlines": \#(deadlines)}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": {"code": "test-fw"}, "deadlines": \#(deadlines)}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": {"code": "test-fw", "version": "1", "sha": "x"}, "deadlines": \#(deadlines)}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": "test-fw", "deadlines": \#(deadlines)}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": {"code": "test-fw", "version": "1"}, "deadlines": {"selfAssessment": "ngày mai"}}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": {"code": "test-fw", "version": "1"}, "deadlines": {"start": "2027-04-01T00:00:00Z"}}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": {"code": "test-fw", "version": "1"}, "units": ["A1", 2], "deadlines": \#(deadlines)}"#,
            #"{"code": "2028", "name": "K", "year": 2028, "framework": {"code": "test-fw", "version": "1"}, "units": "A1", "deadlines": \#(deadlines)}"#,
        ] { _ = try await call(.post, "/api/v1/cycles", "admin", json) }
        for json in [#"{}"#, #"{"phase": "done"}"#, #"{"phase": "appraisal", "force": true}"#] {
            _ = try await call(.post, "/api/v1/cycles/2027/phase", "admin", json)
        }
        for json in [#"{"units": ["\#(String(repeating: "A", count: 201))"]}"#, #"{"units": {}}"#, #"{"reviewer": "r1"}"#] {
            _ = try await call(.put, "/api/v1/cycles/2027/reviewers/r9", "admin", json)
        }
        for json in [
            #"{"reason": "x"}"#, #"{"until": "mai", "reason": "x"}"#, #"{"until": "\#(String(repeating: "2", count: 65))", "reason": "x"}"#,
            #"{"until": 5, "reason": "x"}"#, #"{"until": "2027-05-01T00:00:00Z"}"#,
        ] { _ = try await call(.post, "/api/v1/cycles/2027/units/A1/extension", "admin", json) }
        for json in [#"{"documentNumber": "1"}"#, #"{"title": "T", "issuedOn": "2026-12-01-01"}"#, #"{"title": "T", "signed": true}"#] {
            _ = try await call(.post, "/api/v1/cycles/2027/units/A1/items/1.1/evidence", "u.a1", json)
        }
        for json in [
            #"{}"#, #"{"rows": "x"}"#, #"{"rows": [1]}"#, #"{"rows": [{"unit": "A1", "criterion": "2.2", "points": 1, "margin": 0}]}"#,
            #"{"rows": [{"unit": 1, "criterion": "2.2", "points": 1}]}"#, #"{"rows": [{"unit": "A1", "criterion": "2.2", "points": true}]}"#,
            #"{"rows": [], "extra": 1}"#,
        ] { _ = try await call(.post, "/api/v1/cycles/2027/survey", "admin", json) }
        for json in [#"{"username": "u.a1"}"#, #"{"username": "u.a1", "password": "x", "totp": 123456}"#, #"{"user": "u.a1", "password": "x"}"#] {
            _ = try await call(.post, "/api/v1/session", nil, json)
        }
    }
}
