import Foundation
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import Testing

/// The whole cycle through the router as the people would drive it, checked against figures
/// computed by hand.
@Suite struct FullCycleTests {
    @Test("two blocks, four units, two reviewers: the published indices, sub-indices and ranks are exact")
    func fullCycle() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let base = "/api/v1/cycles/2026/units"
            func put(_ user: String, _ unit: String, _ code: String, _ json: String) async throws {
                let answer = try await client.call(.put, "\(base)/\(unit)/items/\(code)", as: user, app: app, json: json)
                #expect(answer.status == .ok, "\(unit) \(code): \(answer.body)")
            }
            // self-assessment: every rule kind; A2 marks 1.3 not applicable
            for (code, json) in [
                ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"inputs": {"numerator": 95, "denominator": 100}}"#),
                ("2.1", #"{"inputs": {"numerator": 90, "denominator": 100}}"#), ("9.1", #"{"points": 0.5}"#), ("9.2", #"{"points": 0}"#),
            ] { try await put("u.a1", "A1", code, json) }
            for (code, json) in [
                ("1.1", #"{"points": 1.5}"#), ("1.2", #"{"choice": 1}"#), ("1.3", #"{"notApplicable": {"reason": "Không phát sinh"}}"#),
                ("2.1", #"{"inputs": {"numerator": 45, "denominator": 60}}"#), ("9.1", #"{"points": 0}"#), ("9.2", #"{"points": 0.5}"#),
            ] { try await put("u.a2", "A2", code, json) }
            for unit in ["B1", "B2"] {
                for (code, json) in [
                    ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"inputs": {"numerator": 100, "denominator": 100}}"#),
                    ("2.1", #"{"inputs": {"numerator": 1, "denominator": 3}}"#), ("9.1", #"{"points": 1}"#), ("9.2", #"{"points": 0}"#),
                ] { try await put("u.\(unit.lowercased())", unit, code, json) }
            }
            // the computed points come back: 90/100 of 3 = 2.7; 1/3 of 3 = 1.00
            let a1 = try await client.call(.get, "\(base)/A1/assessment", as: "u.a1", app: app)
            let a1Items = try #require(a1.json?["items"]?.arrayValue)
            #expect(a1Items.first { $0["criterion"]?.stringValue == "2.1" }?["self"]?["points"]?.scalarText == "2.7")
            #expect(a1.json?["totals"]?["self"]?.scalarText == "7.2")  // 2 + 1 + 1 + 2.7 + 0.5 − 0

            // required evidence for 1.3: a real file for A1, references for the districts
            let upload = try await client.call(
                .post,
                "\(base)/A1/items/1.3/evidence",
                as: "u.a1",
                app: app,
                body: multipart([("Báo cáo kết quả.pdf", pdfBytes("A1"))]),
                contentType: multipartType
            )
            #expect(upload.status == .created, "\(upload.body)")
            for unit in ["B1", "B2"] {
                let reference = try await client.call(
                    .post,
                    "\(base)/\(unit)/items/1.3/evidence",
                    as: "u.\(unit.lowercased())",
                    app: app,
                    json: #"{"title": "Báo cáo năm 2026", "documentNumber": "12/BC-UBND", "issuedOn": "2026-12-01"}"#
                )
                #expect(reference.status == .created)
            }
            var receipts: [String: String] = [:]
            for unit in ["A1", "A2", "B1", "B2"] {
                let submitted = try await client.call(.post, "\(base)/\(unit)/submit", as: "u.\(unit.lowercased())", app: app)
                #expect(submitted.status == .ok, "\(submitted.body)")
                receipts[unit] = submitted.json?["receipt"]?["sha256"]?.stringValue
            }
            // anyone allowed can recompute the receipt from the manifest
            let manifest = try await client.call(.get, "\(base)/A1/receipt", as: "r1", app: app)
            #expect(manifest.json?.canonicalSHA256 == receipts["A1"])
            #expect(manifest.json?["files"]?.arrayValue?.count == 1)

            app.clock.advance(by: 11 * 86400)
            let phase = try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "appraisal"}"#)
            #expect(phase.json?["phase"]?.stringValue == "appraisal")

            func appraise(_ user: String, _ unit: String, _ code: String, _ json: String) async throws -> Answer {
                try await client.call(.put, "\(base)/\(unit)/items/\(code)/appraisal", as: user, app: app, json: json)
            }
            let noNote = try await appraise("r1", "A1", "1.1", #"{"points": 1.5}"#)
            #expect(noNote.status == .unprocessableContent && noNote.errorCode == "note_required")
            let adjusted = try await appraise("r1", "A1", "1.1", #"{"points": 1.5, "note": "Kế hoạch thiếu nội dung chuyển đổi số"}"#)
            #expect(adjusted.json?["state"]?.stringValue == "adjusted")
            for (code, json) in [
                ("1.2", #"{"choice": 0}"#), ("2.1", #"{"inputs": {"numerator": 90, "denominator": 100}}"#), ("9.1", #"{"points": 0.5}"#),
                ("9.2", #"{"points": 0}"#),
            ] { #expect(try await appraise("r1", "A1", code, json).status == .ok) }
            let question = try await client.call(
                .post,
                "\(base)/A1/items/1.3/questions",
                as: "r1",
                app: app,
                json: #"{"message": "Đề nghị bổ sung báo cáo quý IV"}"#
            )
            #expect(question.status == .created)
            for (code, json) in [
                ("1.1", #"{"points": 1.5}"#), ("1.2", #"{"choice": 1}"#), ("2.1", #"{"inputs": {"numerator": 45, "denominator": 60}}"#),
                ("9.1", #"{"points": 0}"#), ("9.2", #"{"points": 0.5}"#),
            ] { #expect(try await appraise("r1", "A2", code, json).status == .ok) }
            for unit in ["B1", "B2"] {
                for (code, json) in [
                    ("1.1", #"{"points": 2}"#), ("1.2", #"{"choice": 0}"#), ("1.3", #"{"inputs": {"numerator": 100, "denominator": 100}}"#),
                    ("2.1", #"{"inputs": {"numerator": 1, "denominator": 3}}"#), ("9.1", #"{"points": 1}"#), ("9.2", #"{"points": 0}"#),
                ] { #expect(try await appraise("r2", unit, code, json).status == .ok) }
            }

            app.clock.advance(by: 10 * 86400)
            _ = try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "explanation"}"#)
            let answer = try await client.call(
                .post,
                "\(base)/A1/items/1.3/answers",
                as: "u.a1",
                app: app,
                json: #"{"message": "Đã bổ sung báo cáo quý IV"}"#
            )
            #expect(answer.status == .created)
            let supplementary = try await client.call(
                .post,
                "\(base)/A1/items/1.3/evidence",
                as: "u.a1",
                app: app,
                body: multipart([("Báo cáo quý IV.pdf", pdfBytes("Q4"))]),
                contentType: multipartType
            )
            #expect(supplementary.json?.arrayValue?.first?["supplementary"] == .bool(true))
            // the unit does not see which reviewer asked
            let seen = try await client.call(.get, "\(base)/A1/assessment", as: "u.a1", app: app)
            let thread = seen.json?["items"]?.arrayValue?.first { $0["criterion"]?.stringValue == "1.3" }?["thread"]?.arrayValue
            #expect(thread?.first?["by"] == .null)

            app.clock.advance(by: 10 * 86400)
            _ = try await client.call(.post, "/api/v1/cycles/2026/phase", as: "admin", app: app, json: #"{"phase": "final_review"}"#)
            let survey = try await client.call(
                .post,
                "/api/v1/cycles/2026/survey",
                as: "admin",
                app: app,
                body: ByteBuffer(string: "unit,criterion,points\r\nA1,2.2,1.8\r\nA2,2.2,\"1,5\"\r\nB1,2.2,2\r\nB2,2.2,2\r\n"),
                contentType: "text/csv"
            )
            #expect(survey.json?["imported"]?.scalarText == "4", "\(survey.body)")
            let early = try await client.call(.post, "/api/v1/cycles/2026/publish", as: "admin", app: app)
            #expect(early.status == .conflict && early.errorCode == "unsettled")
            let before = try await client.call(.get, "/api/v1/cycles/2026/results", as: nil, app: app)
            #expect(before.status == .notFound)
            let settled = try await client.call(
                .post,
                "\(base)/A1/items/1.3/settle",
                as: "r1",
                app: app,
                json: #"{"disposition": "accepted", "note": "Chấp nhận giải trình"}"#
            )
            #expect(settled.json?["final"]?["points"]?.scalarText == "1")
            let published = try await client.call(.post, "/api/v1/cycles/2026/publish", as: "admin", app: app)
            #expect(published.status == .created)
            let again = try await client.call(.post, "/api/v1/cycles/2026/publish", as: "admin", app: app)
            #expect(again.status == .conflict)

            // then — by hand:
            // A1: 1.5 + 1 + 1 (settled, self accepted) + 2.7 + 1.8 + 0.5 bonus − 0 = 8.5 of 10 → 85.00
            // A2: 1.5 + 0.5 + (1.3 N/A: max 8) + 2.25 + 1.5 + 0 − 0.5 = 5.25 of 8 → 65.625 → 65.63
            // B1 = B2: 2 + 1 + 2 + 1 + 2 + 1 bonus = 9 of 10 → 90.00, both rank 1
            let results = try await client.call(.get, "/api/v1/cycles/2026/results", as: nil, app: app)
            let document = try #require(results.json)
            let blocks = try #require(document["blocks"]?.arrayValue)
            let dept = try #require(blocks.first { $0["block"]?.stringValue == "DEPT" }?["ranking"]?.arrayValue)
            #expect(dept.map { $0["unit"]?.stringValue } == ["A1", "A2"])
            #expect(dept.map { $0["index"]?.scalarText } == ["85", "65.63"])
            #expect(dept.map { $0["rank"]?.scalarText } == ["1", "2"])
            #expect(dept[0]["fields"]?.arrayValue?.map { $0["index"]?.scalarText ?? "null" } == ["70", "90", "null"])
            #expect(dept[1]["fields"]?.arrayValue?.first?["index"]?.scalarText == "66.67")
            let district = try #require(blocks.first { $0["block"]?.stringValue == "DISTRICT" }?["ranking"]?.arrayValue)
            #expect(district.map { $0["unit"]?.stringValue } == ["B1", "B2"])
            #expect(district.map { $0["rank"]?.scalarText } == ["1", "1"])
            #expect(district.map { $0["index"]?.scalarText } == ["90", "90"])
            // the snapshot hash recomputes: drop snapshotSha256, canonicalise, hash
            guard case .object(let pairs) = document else { throw DomainError.internalFailure() }
            let snapshot = DocumentValue.object(pairs.filter { $0.0 != "snapshotSha256" })
            #expect(snapshot.canonicalSHA256 == document["snapshotSha256"]?.stringValue)
            #expect(published.json?["snapshotSha256"] == document["snapshotSha256"])

            let csv = try await client.call(.get, "/api/v1/cycles/2026/results.csv", as: nil, app: app)
            #expect(csv.body.hasPrefix("\u{FEFF}block,rank,unit,name"))
            #expect(csv.body.contains("DEPT,1,A1,Sở Tài chính,8.5,10,85,Tốt"))
            #expect(csv.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
            let xlsx = try await client.call(.get, "/api/v1/cycles/2026/results.xlsx", as: nil, app: app)
            #expect(xlsx.status == .ok)

            let audit = try await client.call(.get, "/api/v1/audit/verify", as: "admin", app: app)
            #expect(audit.json?["ok"] == .bool(true))
            #expect(audit.json?["head"] != published.json?["auditHead"])  // the publish event came after
            #expect(audit.json?["mismatches"] == .array([]))
            // The head anyone may copy, and the publication's head on the public results page as the
            // command that checks it later.
            let head = try await client.call(.get, "/api/v1/audit/head", as: nil, app: app)
            #expect(head.json?["head"] == audit.json?["head"] && head.json?["events"] == audit.json?["events"])
            let auditHead = try #require(published.json?["auditHead"]?.stringValue)
            let page = try await client.call(.get, "/results/2026", as: nil, app: app)
            #expect(page.body.contains("parindex audit verify --head \(auditHead) --events "))
            #expect(page.body.contains("Sổ nhật ký lúc công bố"))
        }
    }
}
