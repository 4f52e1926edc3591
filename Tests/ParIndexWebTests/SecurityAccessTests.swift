import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexWeb
import Testing

/// Access control, CSRF on uploads and review integrity through the router (SECURITY.md AC-5,
/// AC-6, AC-8, AC-9, CS-6, CS-7, RV-1 … RV-7, UP-12).
@Suite struct SecurityAccessTests {
    static let password = "Mật-khẩu-dài-2026"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    static let a1 = "/api/v1/cycles/2026/units/A1"

    static func version(_ app: TestApp, _ unit: String, _ criterion: String) async throws -> Int {
        try await app.count(
            """
            SELECT item.version FROM item JOIN assessment ON assessment.id = item.assessmentId
            WHERE assessment.cycleCode = '2026' AND assessment.unitCode = '\(unit)' AND item.criterion = '\(criterion)'
            """
        )
    }

    @Test("AC-5: a reviewer unassigned mid-session loses access on the very next request, API and pages")
    func unassignedAtOnce() async throws {
        let (app, _) = try await AccessMatrixTests.prepared()
        try await app.submitOnBehalf("A2")  // r1 reads A2 below, which a draft would hide (DR-1)
        try await app.application.test(.router) { client in
            #expect(try await client.call(.get, Self.a1 + "/assessment", as: "r1", app: app).status == .ok)
            #expect(try await client.call(.get, "/review/2026/units/A1", as: "r1", app: app).status == .ok)
            _ = try await app.services.admin.assignReviewer(cycle: "2026", username: "r1", units: ["A2"], by: .commandLine("test"))
            #expect(try await client.call(.get, Self.a1 + "/assessment", as: "r1", app: app).status == .notFound)
            #expect(try await client.call(.get, "/review/2026/units/A1", as: "r1", app: app).status == .notFound)
            let write = try await client.call(.put, Self.a1 + "/items/1.1/appraisal", as: "r1", app: app, json: #"{"points": 2}"#)
            #expect(write.status == .notFound)
            #expect(try await client.call(.get, "/api/v1/cycles/2026/units/A2/assessment", as: "r1", app: app).status == .ok)
        }
    }

    @Test("AC-6: when the access check itself fails (assignments unreadable), the answer is an error, never the data")
    func failClosed() async throws {
        let (app, evidence) = try await AccessMatrixTests.prepared()
        try await app.database.databaseWriter.write { db in try db.execute(sql: "ALTER TABLE reviewerAssignment RENAME TO hidden_assignment") }
        try await app.application.test(.router) { client in
            for (user, path) in [
                ("r1", Self.a1 + "/assessment"), ("r2", Self.a1 + "/assessment"), ("r1", "/api/v1/evidence/\(evidence)"),
                ("r1", "/review/2026/units/A1"), ("r1", "/review/2026"),
            ] {
                let answer = try await client.call(.get, path, as: user, app: app)
                #expect(answer.status.code >= 400, "\(user) \(path): \(answer.status.code)")
                #expect(!answer.body.contains("Báo cáo.pdf") && !answer.body.contains("%PDF"), "\(user) \(path)")
            }
            let write = try await client.call(.put, Self.a1 + "/items/1.1/appraisal", as: "r1", app: app, json: #"{"points": 2}"#)
            #expect(write.status.code >= 400)
        }
        try await app.database.databaseWriter.write { db in try db.execute(sql: "ALTER TABLE hidden_assignment RENAME TO reviewerAssignment") }
        #expect(try await app.count("SELECT count(*) FROM item WHERE appraisedBy IS NOT NULL") == 0)
    }

    @Test("AC-8: two reviewers' concurrent appraisals with the same version: exactly one wins, the other is 409, one ledger event")
    func concurrentAppraisals() async throws {
        let (app, _) = try await AccessMatrixTests.prepared()
        _ = try await app.services.admin.assignReviewer(cycle: "2026", username: "r3", units: ["A1"], by: .commandLine("test"))
        let version = try await Self.version(app, "A1", "1.1")
        let events = try await app.count("SELECT count(*) FROM ledger WHERE action = 'item.appraise'")
        try await app.application.test(.router) { client in
            async let first = client.call(
                .put,
                Self.a1 + "/items/1.1/appraisal",
                as: "r1",
                app: app,
                json: #"{"points": 1, "note": "Thiếu kế hoạch", "version": \#(version)}"#
            )
            async let second = client.call(
                .put,
                Self.a1 + "/items/1.1/appraisal",
                as: "r3",
                app: app,
                json: #"{"points": 2, "version": \#(version)}"#
            )
            let statuses = [try await first.status, try await second.status].map(\.code).sorted()
            #expect(statuses == [200, 409], "\(statuses)")
        }
        #expect(try await Self.version(app, "A1", "1.1") == version + 1)
        #expect(try await app.count("SELECT count(*) FROM ledger WHERE action = 'item.appraise'") == events + 1)
    }

    @Test("CS-6: SameSite=Lax is not relied on — a same-site cookie write without the token is still 403 and changes nothing")
    func sameSiteIsNotEnough() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "u.a1")
            #expect(cookie.hasPrefix("__Host-"))
            for fetchSite in ["same-origin", "same-site", "none"] {
                let answer = try await client.call(
                    .put,
                    Self.a1 + "/items/1.1",
                    as: nil,
                    app: app,
                    json: #"{"points": 2}"#,
                    headers: [.cookie: cookie, HTTPField.Name("Sec-Fetch-Site")!: fetchSite]
                )
                #expect(answer.status == .forbidden, "\(fetchSite)")
            }
            let page = try await postForm(client, app, "/cycles/2026/units/A1/items/1.1", cookie: cookie, [("points", "2")])
            #expect(page.status == .forbidden)
            #expect(try await app.count("SELECT count(*) FROM item WHERE selfPoints IS NOT NULL") == 0)
            // with the token the same write passes: the refusal above was the CSRF check
            let ok = try await client.call(
                .put,
                Self.a1 + "/items/1.1",
                as: nil,
                app: app,
                json: #"{"points": 2}"#,
                headers: [.cookie: cookie, Self.csrfHeader: csrf]
            )
            #expect(ok.status == .ok, "\(ok.body)")
        }
    }

    @Test("CS-7: a multipart upload with the session cookie but no or a wrong CSRF token is 403 and stores no file and no row")
    func uploadNeedsCSRF() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "u.a1")
            let body = multipart([("Báo cáo.pdf", pdfBytes("CS-7"))])
            // A wrong token: the real one with its first character changed (a fixed "0" would equal
            // the real token whenever that starts with "0", one run in sixteen).
            let wrong = (csrf.first == "0" ? "1" : "0") + csrf.dropFirst()
            for token in [nil, wrong] {
                var headers: HTTPFields = [.cookie: cookie]
                if let token { headers[Self.csrfHeader] = String(token) }
                let api = try await client.call(
                    .post,
                    Self.a1 + "/items/1.3/evidence",
                    as: nil,
                    app: app,
                    body: body,
                    contentType: multipartType,
                    headers: headers
                )
                #expect(api.status == .forbidden)
                let query = token.map { "?_csrf=\($0)" } ?? ""
                let page = try await client.call(
                    .post,
                    "/cycles/2026/units/A1/items/1.3/evidence" + query,
                    as: nil,
                    app: app,
                    body: body,
                    contentType: multipartType,
                    headers: [.cookie: cookie]
                )
                #expect(page.status == .forbidden)
            }
            // a cross-site upload is refused even with the right token
            let crossSite = try await client.call(
                .post,
                Self.a1 + "/items/1.3/evidence",
                as: nil,
                app: app,
                body: body,
                contentType: multipartType,
                headers: [.cookie: cookie, Self.csrfHeader: csrf, HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
            )
            #expect(crossSite.status == .forbidden)
            #expect(app.storedFiles.isEmpty, "\(app.storedFiles)")
            #expect(try await app.count("SELECT count(*) FROM evidence") == 0)
        }
    }

    @Test("AC-9: publishing from the pages asks for the admin's password again; a wrong or missing one publishes nothing")
    func publishNeedsPassword() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "admin")
            let page = try await client.call(.get, "/admin/cycles/2026/publish", as: nil, app: app, headers: [.cookie: cookie])
            #expect(page.body.contains(#"name="password" type="password" autocomplete="current-password""#))
            for password in [nil, "sai-mật-khẩu", Self.password + " "] {
                var fields = [("_csrf", csrf)]
                if let password { fields.append(("password", password)) }
                let refused = try await postForm(client, app, "/admin/cycles/2026/publish", cookie: cookie, fields)
                #expect(refused.status == .unprocessableContent, "\(password ?? "none")")
                #expect(refused.body.contains("Mật khẩu xác nhận không đúng"))
                #expect(try await app.count("SELECT count(*) FROM publication") == 0)
            }
            let published = try await postForm(
                client,
                app,
                "/admin/cycles/2026/publish",
                cookie: cookie,
                [("_csrf", csrf), ("password", Self.password)]
            )
            #expect(published.status == .found)
            #expect(try await app.count("SELECT count(*) FROM publication") == 1)
        }
    }

    @Test(
        "RV-1, RV-6: a reviewer who belongs to a unit cannot be assigned to it (API 422, nothing stored); assignments are admin-only and in the ledger"
    )
    func conflictsAreBoundaries() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let before = try await app.count("SELECT count(*) FROM reviewerAssignment")
            let refused = try await client.call(.put, "/api/v1/cycles/2026/reviewers/r2", as: "admin", app: app, json: #"{"units": ["A1", "B1"]}"#)
            #expect(refused.status == .unprocessableContent && refused.errorCode == "conflict_of_interest")
            #expect(try await app.count("SELECT count(*) FROM reviewerAssignment") == before)
            // a reviewer cannot change assignments (and so cannot shed a conflict); only admins can
            for user in ["r2", "r1", "u.a1"] {
                let answer = try await client.call(.put, "/api/v1/cycles/2026/reviewers/r2", as: user, app: app, json: #"{"units": ["B1"]}"#)
                #expect(answer.status == .forbidden)
            }
            // conflicts come from the account's unit, which only an admin sets: no route lets a user edit their own
            #expect(!app.web.routes.contains { $0.path.hasPrefix("/api/v1/users/:username") && $0.method == .put })
            let ok = try await client.call(.put, "/api/v1/cycles/2026/reviewers/r2", as: "admin", app: app, json: #"{"units": ["B1"]}"#)
            #expect(ok.status == .ok, "\(ok.body)")
            #expect(try await app.count("SELECT count(*) FROM ledger WHERE action = 'reviewer.assign' AND subject LIKE '%reviewer:r2'") >= 2)
        }
    }

    @Test("RV-2: the conflicted reviewer r2 (member of A1) gets 404 for A1's assessment, receipt, items, evidence and review page")
    func conflictedReviewerSeesNothing() async throws {
        let (app, evidence) = try await AccessMatrixTests.prepared()
        // even an admin mistake that assigns r2 to A1 behind the domain's back does not open it
        try await app.database.databaseWriter.write { db in
            try db.execute(sql: "INSERT INTO reviewerAssignment (cycleCode, username, unitCode) VALUES ('2026', 'r2', 'A1')")
        }
        try await app.application.test(.router) { client in
            for path in [
                Self.a1 + "/assessment", Self.a1 + "/receipt", "/api/v1/evidence/\(evidence)", "/review/2026/units/A1", "/cycles/2026/units/A1",
            ] {
                #expect(try await client.call(.get, path, as: "r2", app: app).status == .notFound, "\(path)")
            }
            let write = try await client.call(.put, Self.a1 + "/items/1.1/appraisal", as: "r2", app: app, json: #"{"points": 2}"#)
            #expect(write.status == .notFound)
            let worklist = try await client.call(.get, "/review/2026", as: "r2", app: app)
            #expect(!worklist.body.contains("Sở Tài chính"))
        }
    }

    @Test("RV-3, RV-4: units never see who appraised or asked (JSON, pages, score card); admins do; the ledger keeps the true name")
    func reviewerIdentityHidden() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            let unitView = try await client.call(.get, Self.a1 + "/assessment", as: "u.a1", app: app)
            #expect(unitView.status == .ok)
            #expect(unitView.body.contains("Kế hoạch thiếu nội dung chuyển đổi số"), "the reason is shown")
            #expect(!unitView.body.contains(#""r1""#) && !unitView.body.contains("Người dùng r1"))
            let unitPage = try await client.call(.get, "/cycles/2026/units/A1", as: "u.a1", app: app)
            #expect(unitPage.body.contains("Kế hoạch thiếu nội dung chuyển đổi số"))
            #expect(!unitPage.body.contains(">r1<") && !unitPage.body.contains("Người dùng r1"))
            let adminView = try await client.call(.get, Self.a1 + "/assessment", as: "admin", app: app)
            #expect(adminView.body.contains(#""r1""#))
            _ = try await app.services.results.publish(cycle: "2026", by: .commandLine("test"))
            let card = try await client.call(.get, "/results/2026/units/A1", as: nil, app: app)
            #expect(card.status == .ok && !card.body.contains("r1") && !card.body.contains("Người dùng r1"))
            // the audit trail stays admin-only and names the reviewer
            #expect(try await client.call(.get, "/api/v1/audit/verify", as: "u.a1", app: app).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/audit/verify", as: "admin", app: app).status == .ok)
        }
        #expect(try await app.count("SELECT count(*) FROM ledger WHERE action = 'item.appraise' AND actor = 'r1'") >= 6)
    }

    @Test("RV-5: admins belong to no unit, so no admin is ever conflicted with an assessed unit")
    func adminsHaveNoUnit() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.application.test(.router) { client in
            let answer = try await client.call(
                .post,
                "/api/v1/users",
                as: "admin",
                app: app,
                json: #"{"username": "admin.a1", "name": "Quản trị A1", "role": "admin", "unit": "A1", "password": "Mật-khẩu-dài-2026"}"#
            )
            #expect(answer.status == .unprocessableContent && answer.errorCode == "unit_not_allowed")
        }
        #expect(try await app.count("SELECT count(*) FROM user WHERE role = 'admin' AND unitCode IS NOT NULL") == 0)
    }

    @Test(
        "RV-7, UP-12: evidence is not anonymised (units are not anonymous to reviewers) — the reviewer downloads exactly the uploaded bytes, metadata included"
    )
    func evidenceMetadataKept() async throws {
        let app = try TestApp()
        try await app.seed()
        let pdf = Array(
            "%PDF-1.4\n1 0 obj << /Author (Nguyễn Văn A, Sở Tài chính) /Producer (Word) >> endobj\ntrailer << /Info 1 0 R >>\n%%EOF\n".utf8
        )
        try await app.application.test(.router) { client in
            let upload = try await client.call(
                .post,
                Self.a1 + "/items/1.3/evidence",
                as: "u.a1",
                app: app,
                body: multipart([("Báo cáo.pdf", pdf)]),
                contentType: multipartType
            )
            #expect(upload.status == .created, "\(upload.body)")
            let id = try #require(upload.json?.arrayValue?.first?["id"]?.stringValue)
            try await app.submitOnBehalf("A1")  // a draft's evidence is 404 to its reviewer (DR-1)
            let download = try await client.call(.get, "/api/v1/evidence/\(id)", as: "r1", app: app)
            #expect(download.status == .ok)
            #expect(Array(download.body.utf8) == pdf)
            #expect(download.body.contains("/Author (Nguyễn Văn A"))
        }
    }
}
