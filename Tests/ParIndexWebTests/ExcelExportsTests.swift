import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import PythonSupport
import Testing

/// The Excel downloads, each opened with openpyxl: a unit's grid in the officials' columns, the
/// published results with Vietnamese headings and per-criterion points, and the survey import
/// from a workbook on the admin page.
@Suite struct ExcelExportsTests {
    static let admin = Caller.commandLine("test")

    /// A download's status, headers and bytes (a workbook is not text).
    struct Download {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var data: Data
    }

    static func download(_ client: some TestClientProtocol, _ app: TestApp, _ uri: String, as user: String?) async throws -> Download {
        var headers: HTTPFields = [:]
        if let user { headers[.authorization] = "Bearer \(app.tokens[user]!)" }
        return try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { response in
            Download(status: response.status, headers: response.headers, data: Data(response.body.readableBytesView))
        }
    }

    static func read(_ data: Data) throws -> [SheetDump] {
        try #require(hasOpenpyxl, "build/venv lacks openpyxl: run bash scripts/setup --python")
        return try openpyxlRead(data)
    }

    /// A number cell holding exactly `points`, as openpyxl reads it (`1.5`, `2`, `-0.5`), shown with two decimals.
    static func isPoints(_ cell: CellDump?, _ points: Points?) -> Bool {
        guard let points else { return cell == nil }
        guard let cell, cell.t == "n", cell.f == "0.00" else { return false }
        return cell.v == points.description || (cell.py == "float" && cell.v == points.description + ".0")
    }

    static func signed(_ points: Points?, _ leaf: Leaf) -> Points? {
        guard let points else { return nil }
        if case .deduction = leaf.spec.rule { return Points(hundredths: -points.hundredths) }
        return points
    }

    /// The data rows by the text of their first cell (a criterion's or a field's number).
    static func rowsByFirstCell(_ sheet: SheetDump) -> [String: [CellDump?]] {
        var rows: [String: [CellDump?]] = [:]
        for row in sheet.rows.dropFirst() {
            if let first = row.first, let key = first?.v, rows[key] == nil { rows[key] = row }
        }
        return rows
    }

    /// The units whose survey criterion 2.2 holds imported points.
    static func surveyed(_ app: TestApp) async throws -> [String] {
        try await app.services.repository.read { db in try db.itemScores(cycle: "2026") }
            .filter { $0.score.criterion == "2.2" && $0.score.finalPoints != nil }.map(\.unitCode).sorted()
    }

    static let gridHeader = [
        "STT", "Tiêu chí", "Điểm tối đa", "Số liệu", "Điểm tự chấm", "Tài liệu kiểm chứng", "Điểm thẩm định", "Điểm cuối cùng", "Ghi chú",
    ]

    @Test("grid.xlsx: the officials' columns in Vietnamese, frozen header and criterion, every figure the domain's, as numbers")
    func unitGrid() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        let view = try await app.services.assessments.view(cycle: "2026", unit: "A1", by: .commandLine("test"))
        try await app.application.test(.router) { client in
            let answer = try await Self.download(client, app, "/cycles/2026/units/A1/grid.xlsx", as: "u.a1")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(answer.headers[.contentDisposition]?.contains("filename*=UTF-8''bang-diem-2026-A1.xlsx") == true)
            let sheets = try Self.read(answer.data)
            #expect(sheets.map(\.name) == ["Bảng điểm"])
            let sheet = sheets[0]
            #expect(sheet.rows[0].map { $0?.v ?? "" } == Self.gridHeader)
            #expect(sheet.rows[0].allSatisfy { $0?.bold == true })
            #expect(sheet.freeze == "C2")
            // Each criterion's row, found by its number, against the domain's values.
            let byCode = Self.rowsByFirstCell(sheet)
            for domainRow in view.rows {
                let leaf = domainRow.leaf
                let item = domainRow.item
                let row = try #require(byCode[leaf.code], "\(leaf.code)")
                let survey = leaf.spec.source == .survey
                #expect(row[1]?.v == leaf.title)
                #expect(Self.isPoints(row[2], leaf.spec.max), "\(leaf.code) max \(String(describing: row[2]))")
                #expect(Self.isPoints(row[4], survey ? nil : Self.signed(item.selfValue?.points, leaf)), "\(leaf.code) self")
                #expect(Self.isPoints(row[6], survey ? nil : Self.signed(item.appraised?.points, leaf)), "\(leaf.code) appraised")
                #expect(Self.isPoints(row[7], Self.signed(item.finalPoints(source: leaf.spec.source), leaf)), "\(leaf.code) final")
            }
            // Figures, evidence and notes as the officials write them.
            #expect(byCode["1.3"]?[3]?.v == "Hoàn thành: 95 / Tổng: 100 (95,00%)")
            #expect(byCode["1.3"]?[5]?.v == "12/BC-A1 · Báo cáo kết quả năm 2026")
            #expect(byCode["1.1"]?[8]?.v == "Thẩm định: Kế hoạch thiếu nội dung chuyển đổi số")
            #expect(byCode["1.3"]?[8]?.v == "Thẩm định: Chưa có báo cáo quý IV\nSau giải trình: Chấp nhận giải trình — Báo cáo bổ sung đủ căn cứ")
            #expect(byCode["2.2"]?[3]?.v == "Điểm điều tra xã hội học")
            // Field rows in bold with their sums; the totals and index of each round.
            let field = try #require(byCode["1"])
            #expect(field[1]?.v == "Chỉ đạo, điều hành" && field[1]?.bold == true)
            #expect(Self.isPoints(field[2], Points(5)) && Self.isPoints(field[4], Points(hundredths: 400)))
            #expect(Self.isPoints(field[6], Points(hundredths: 250)) && Self.isPoints(field[7], Points(hundredths: 350)))
            let total = try #require(sheet.rows.first { $0.count > 1 && $0[1]?.v == "Tổng cộng" })
            #expect(Self.isPoints(total[2], view.totals.final.max))
            #expect(Self.isPoints(total[4], view.totals.selfScore.points))
            #expect(Self.isPoints(total[6], view.totals.appraised.points))
            #expect(Self.isPoints(total[7], Points(hundredths: 850)) && Self.isPoints(total[7], view.totals.final.points))
            let index = try #require(sheet.rows.first { $0.count > 1 && $0[1]?.v == "Chỉ số (%)" })
            #expect(Self.isPoints(index[7], Points(hundredths: 8500)))
            #expect(sheet.widths["B"] ?? 0 >= 20 && sheet.widths["B"] ?? 0 <= 62)

            // A2's deduction is negative, its not-applicable criterion says so with the reason.
            let a2 = try Self.read(try await Self.download(client, app, "/cycles/2026/units/A2/grid.xlsx", as: "admin").data)[0]
            let a2Rows = Self.rowsByFirstCell(a2)
            #expect(Self.isPoints(a2Rows["9.2"]?[7], Points(hundredths: -50)))
            #expect(a2Rows["1.3"]?[3]?.v == "Không áp dụng")
            #expect(a2Rows["1.3"]?[4] == nil && a2Rows["1.3"]?[7] == nil)
            #expect(a2Rows["1.3"]?[8]?.v == "Không áp dụng: Không phát sinh nhiệm vụ trong năm")
        }
    }

    @Test("grid.xlsx: the unit's own, its reviewers', admins' and observers'; 404 for another unit, 302 to sign in for nobody")
    func unitGridAccess() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            for user in ["u.a1", "r1", "admin", "obs"] {
                let answer = try await Self.download(client, app, "/cycles/2026/units/A1/grid.xlsx", as: user)
                #expect(answer.status == .ok, "\(user)")
                #expect(answer.data.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(user)")
            }
            for user in ["u.a2", "u.b1", "r2", "r3"] {
                let answer = try await Self.download(client, app, "/cycles/2026/units/A1/grid.xlsx", as: user)
                #expect(answer.status == .notFound, "\(user): \(answer.status)")
                #expect(!answer.data.starts(with: [0x50, 0x4B]), "\(user)")
            }
            let anonymous = try await client.call(.get, "/cycles/2026/units/A1/grid.xlsx", as: nil, app: app)
            #expect(anonymous.status == .found && anonymous.headers[.location]?.hasPrefix("/login") == true)
            // The unit's page and the reviewer's page link to it.
            let unitPage = try await client.call(.get, "/cycles/2026/units/A1", as: "u.a1", app: app)
            #expect(unitPage.body.contains("<a href=\"/cycles/2026/units/A1/grid.xlsx\" download>Tải bảng điểm (Excel)</a>"))
            let reviewPage = try await client.call(.get, "/review/2026/units/A1", as: "r1", app: app)
            #expect(reviewPage.body.contains("<a href=\"/cycles/2026/units/A1/grid.xlsx\" download>Tải bảng điểm (Excel)</a>"))
        }
    }

    @Test("results.xlsx page download: Vietnamese headings and field titles, a per-criterion sheet, figures equal to the snapshot and items")
    func resultsWorkbook() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            #expect(try await Self.download(client, app, "/results/2026/results.xlsx", as: nil).status == .notFound)
            _ = try await app.services.results.publish(cycle: "2026", by: Self.admin)
            let answer = try await Self.download(client, app, "/results/2026/results.xlsx", as: nil)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentDisposition]?.contains("ket-qua-2026.xlsx") == true)
            // Kept at the snapshot's hash: the same bytes again, for anyone.
            #expect(try await Self.download(client, app, "/results/2026/results.xlsx", as: "u.b1").data == answer.data)
            let sheets = try Self.read(answer.data)
            #expect(sheets.map(\.name) == ["Xếp hạng", "Điểm theo tiêu chí"])
            let ranking = sheets[0]
            #expect(
                ranking.rows[0].map { $0?.v ?? "" } == [
                    "Khối", "Thứ hạng", "Mã đơn vị", "Đơn vị", "Điểm", "Điểm tối đa", "Chỉ số (%)", "Nhóm", "Chỉ số kỳ trước (%)", "Thay đổi",
                    "1. Chỉ đạo, điều hành (%)", "2. Thủ tục hành chính (%)", "9. Điểm thưởng, điểm trừ (%)",
                ]
            )
            #expect(!ranking.rows[0].contains { $0?.v.hasPrefix("field_") == true })
            #expect(ranking.freeze == "E2")
            // Every unit's figures equal the published snapshot's.
            let (snapshot, _) = try await app.services.results.results(cycle: "2026")
            var line = 1
            for block in snapshot["blocks"]?.arrayValue ?? [] {
                for entry in block["ranking"]?.arrayValue ?? [] {
                    let row = ranking.rows[line]
                    line += 1
                    #expect(row[0]?.v == block["name"]?.stringValue)
                    #expect(row[1]?.t == "n" && row[1]?.v == entry["rank"]?.scalarText && row[1]?.py == "int")
                    #expect(row[2]?.v == entry["unit"]?.stringValue && row[3]?.v == entry["name"]?.stringValue)
                    for (column, key) in [(4, "points"), (5, "max"), (6, "index")] {
                        #expect(Self.isPoints(row[column], entry[key]?.scalarText.flatMap(Points.init(parsing:))), "\(key) \(line)")
                    }
                    let fields = entry["fields"]?.arrayValue ?? []
                    for (offset, field) in fields.enumerated() {
                        #expect(Self.isPoints(row[10 + offset], field["index"]?.scalarText.flatMap(Points.init(parsing:))))
                    }
                }
            }
            #expect(line == 5)
            #expect(ranking.rows[1][3]?.v == "Sở Tài chính" && Self.isPoints(ranking.rows[1][6], Points(hundredths: 8500)))

            // Units × criteria: the final points each unit's items hold.
            let criteria = sheets[1]
            #expect(criteria.freeze == "D2")
            #expect(Array(criteria.rows[0].prefix(4)).map { $0?.v ?? "" } == ["Khối", "Mã đơn vị", "Đơn vị", "1.1 Kế hoạch CCHC"])
            let (framework, scores) = try await app.services.results.criterionScores(cycle: "2026")
            for row in criteria.rows.dropFirst() {
                let unit = try #require(row[1]?.v)
                for (offset, leaf) in framework.leaves.enumerated() {
                    let item = try #require(scores.byUnit[unit]?[leaf.code])
                    if item.applicable {
                        #expect(Self.isPoints(row[3 + offset], Self.signed(item.finalPoints(source: leaf.spec.source), leaf)), "\(unit) \(leaf.code)")
                    } else {
                        #expect(row[3 + offset]?.v == "Không áp dụng", "\(unit) \(leaf.code)")
                    }
                }
            }
            let a2 = try #require(criteria.rows.first { $0[1]?.v == "A2" })
            #expect(Self.isPoints(a2[3 + 6], Points(hundredths: -50)))  // 9.2 deduction

            // The results page links this download; the API's results.xlsx keeps the contract's shape.
            let page = try await client.call(.get, "/results/2026", as: nil, app: app)
            #expect(page.body.contains("<a href=\"/results/2026/results.xlsx\">"))
            let api = try Self.read(try await Self.download(client, app, "/api/v1/cycles/2026/results.xlsx", as: nil).data)
            #expect(api.count == 1 && api[0].rows[0].map { $0?.v ?? "" }.contains("field_1"))
        }
    }

    /// The survey form posted with a file, as the browser sends it.
    static func postSurvey(
        _ client: some TestClientProtocol,
        _ app: TestApp,
        cookie: String,
        csrf: String,
        file: Data,
        name: String
    ) async throws -> Answer {
        try await postFileForm(
            client,
            app,
            "/admin/cycles/2026/survey",
            cookie: cookie,
            fields: [("_csrf", csrf), ("csv", "")],
            file: (name, "application/octet-stream", Array(file))
        )
    }

    @Test("survey import from .xlsx on the admin page: bad cells named by reference and row, nothing imported; good rows import")
    func surveyFromWorkbook() async throws {
        let app = try TestApp()
        try await app.seed()
        try #require(hasOpenpyxl, "build/venv lacks openpyxl: run bash scripts/setup --python")
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "admin")
            let page = try await client.call(.get, "/admin/cycles/2026/survey", as: nil, app: app, headers: [.cookie: cookie])
            #expect(page.body.contains("accept=\".csv,.xlsx,"))

            let bad = try openpyxlWrite(
                #"[["Mã đơn vị", "Mã tiêu chí", "Điểm"], ["A1", "2.2", 1.5], ["A2", "2.2", "một"], ["ZZ", "2.2", 1], ["B1", "2.2", 9]]"#
            )
            let refused = try await Self.postSurvey(client, app, cookie: cookie, csrf: csrf, file: bad, name: "dieu-tra.xlsx")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Có 1 dòng lỗi trong tệp Excel; chưa nhập dòng nào."))
            #expect(refused.body.contains("Dòng 3</td><td>ô C3 cần một số nhưng có chữ “một”"))
            #expect(try await Self.surveyed(app) == [])
            // The cells are numbers now; the service's own checks then name rows 4 and 5, as for CSV.
            let wrongValues = try openpyxlWrite(#"[["unit", "criterion", "points"], ["A1", "2.2", 1.5], ["ZZ", "2.2", 1], ["B1", "2.2", 9]]"#)
            let refusedAgain = try await Self.postSurvey(client, app, cookie: cookie, csrf: csrf, file: wrongValues, name: "dieu-tra.xlsx")
            #expect(refusedAgain.status == .unprocessableContent)
            #expect(refusedAgain.body.contains("Có 2 dòng lỗi"))
            #expect(refusedAgain.body.contains("Dòng 3</td>") && refusedAgain.body.contains("Dòng 4</td>"))
            #expect(try await Self.surveyed(app) == [])

            let notWorkbook = Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0])
            let broken = try await Self.postSurvey(client, app, cookie: cookie, csrf: csrf, file: notWorkbook, name: "hong.xlsx")
            #expect(broken.status == .unprocessableContent && broken.body.contains("không phải là tệp Excel .xlsx"))

            let good = try openpyxlWrite(#"[["unit", "criterion", "points"], ["A1", "2.2", 1.5], ["A2", "2.2", 1.25], ["B1", "2.2", "1,75"]]"#)
            let imported = try await Self.postSurvey(client, app, cookie: cookie, csrf: csrf, file: good, name: "dieu-tra.xlsx")
            #expect(imported.status == .found && imported.headers[.location] == "/admin/cycles/2026/survey?imported=3")
            #expect(try await Self.surveyed(app) == ["A1", "A2", "B1"])
            let scores = try await app.services.repository.read { db in try db.itemScores(cycle: "2026") }
            #expect(scores.first { $0.unitCode == "A2" && $0.score.criterion == "2.2" }?.score.finalPoints == Points(hundredths: 125))
            #expect(scores.first { $0.unitCode == "B1" && $0.score.criterion == "2.2" }?.score.finalPoints == Points(hundredths: 175))
        }
    }
}
