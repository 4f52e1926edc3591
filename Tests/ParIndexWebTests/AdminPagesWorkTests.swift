import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ParIndexCore
@testable import ParIndexWeb

/// What the admin pages show to make the secretariat's work lighter and safer: the rankings before
/// publishing exactly as published, unfinished criteria grouped by unit, each unit's progress, the
/// users filter, the new-cycle form's ticks, irreversible buttons, and people's names.
@Suite struct AdminPagesWorkTests {
    static let password = "Mật-khẩu-dài-2026"

    /// The text of every cell of the ranking row of each unit, preview or published.
    static func ranking(_ html: String, units: [String]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: units.map { ($0, ScoreCardPagesTests.cells(html, row: "rank-\($0)")) })
    }

    // MARK: - Publication

    @Test("the publish page previews each block's ranking; publishing then stores and shows exactly that")
    func previewIsWhatIsPublished() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        let units = ["A1", "A2", "B1", "B2"]
        let previewDocument = try await app.services.results.preview(cycle: "2026", by: .commandLine())
        try await app.application.test(.router) { client in
            let (cookie, csrf) = try await browserSession(client, app, "admin")
            let page = try await AdminPagesTests.get(client, app, "/admin/cycles/2026/publish", cookie: cookie)
            #expect(page.body.contains("Xem trước kết quả sẽ công bố"))
            #expect(!page.body.contains("có thể còn thay đổi"), "nothing is unsettled: the preview is final")
            let preview = Self.ranking(page.body, units: units)
            // A first cycle has no change since last year: rank, unit, index, points, band, no empty sixth column.
            for unit in units { #expect(preview[unit]?.count == 5, "\(unit): \(preview[unit] ?? [])") }
            #expect(!page.body.contains("Thay đổi so với năm trước"))
            // The hand-computed figures of FullCycleTests: A1 85,00 first in its block.
            #expect(preview["A1"]?.prefix(4) == ["1", "Sở Tài chính", "85,00", "8,50/10,00"])

            let published = try await postForm(
                client,
                app,
                "/admin/cycles/2026/publish",
                cookie: cookie,
                [("_csrf", csrf), ("password", Self.password)]
            )
            #expect(published.status == .found)
            let results = try await client.call(.get, "/results/2026", as: nil, app: app)
            #expect(Self.ranking(results.body, units: units) == preview)
        }
        // The stored snapshot is canonical JSON: everything but the publication time is the preview's.
        let (stored, _) = try await app.services.results.results(cycle: "2026")
        for key in ["cycle", "name", "year", "framework", "blocks"] {
            #expect(previewDocument[key]?.canonicalJSON == stored[key]?.canonicalJSON, "\(key)")
        }
    }

    @Test("while criteria are unsettled the preview says it may change, and each unit's unfinished criteria are grouped with counts")
    func unsettledGroupedByUnit() async throws {
        let app = try await AdminPagesTests.prepared()
        for phase in [Phase.appraisal, .explanation, .finalReview] {
            _ = try await app.services.admin.movePhase(cycle: "2026", to: phase, by: .commandLine())
        }
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/admin/cycles/2026/publish", as: "admin", app: app)
            #expect(page.body.contains("có thể còn thay đổi"))
            // Each unit: six self-scored criteria never appraised, and the survey criterion without a value.
            for unit in ["A1", "A2", "B1", "B2"] {
                let group = try #require(Self.element(page.body, id: "unsettled-\(unit)"), "\(unit)")
                #expect(group.contains(#"<span class="group-count">7</span>"#), "\(unit)")
                #expect(group.contains(#"Chưa thẩm định: <span class="state-count">6</span>"#), "\(unit)")
                #expect(group.contains(#"Chưa có kết quả điều tra: <span class="state-count">1</span>"#), "\(unit)")
                #expect(group.components(separatedBy: "<li><a href=\"/review/2026/units/\(unit)#item-").count == 8, "\(unit): 7 links")
            }
            // Groups in Vietnamese order of the units' names: Quận Ba Đình, Quận Cầu Giấy, Sở Tài chính, Sở Tư pháp.
            let order = try ["B2", "B1", "A1", "A2"].map { try #require(page.body.range(of: "id=\"unsettled-\($0)\"")).lowerBound }
            #expect(order == order.sorted())
        }
    }

    @Test("a national cycle's unfinished criteria: every one counted, at most 500 listed on the page")
    func groupsAreBounded() {
        let items = (0..<3).flatMap { unit in (0..<300).map { ("U\(unit)", "1.\($0)", "unreviewed") } }
        let groups = AdminPublishPage.UnitGroup.groups(items, cycle: "2026", names: [:], words: PageModelSamples.words)
        #expect(groups.map(\.count) == [300, 300, 300])
        #expect(groups.map(\.items.count) == [300, 200, 0])
        #expect(groups.map(\.hasMore) == [false, true, true])
        #expect(groups[1].more == "… và 100 tiêu chí khác.")
    }

    // MARK: - Progress per unit

    @Test("the cycle page shows each unit's progress: entries before appraisal, finished reviews after, as a bar and counts")
    func progressPerUnit() async throws {
        let app = try await AdminPagesTests.prepared()
        let a1 = Caller(username: "u.a1", role: .unit, unitCode: "A1")
        _ = try await app.services.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.1", .init(entry: .points(Points(2))), by: a1)
        _ = try await app.services.assessments.setSelfEntry(cycle: "2026", unit: "A1", criterion: "1.2", .init(entry: .choice(0)), by: a1)
        _ = try await app.services.assessments.setSelfEntry(
            cycle: "2026",
            unit: "A1",
            criterion: "1.3",
            .init(notApplicableReason: "Không có"),
            by: a1
        )
        try await app.application.test(.router) { client in
            let page = try await client.call(.get, "/admin/cycles/2026", as: "admin", app: app)
            let row = try #require(Self.element(page.body, id: "unit-A1"))
            #expect(row.contains(#"<progress id="bar-A1" max="6" value="3""#))
            #expect(row.contains("Đã tự chấm 3/6 tiêu chí"))
            #expect(try #require(Self.element(page.body, id: "unit-B1")).contains("Đã tự chấm 0/6 tiêu chí"))
        }

        let reviewed = try await ScoreCardPagesTests.finalReview()
        try await reviewed.application.test(.router) { client in
            let page = try await client.call(.get, "/admin/cycles/2026", as: "admin", app: reviewed)
            for unit in ["A1", "A2", "B1", "B2"] {
                let row = try #require(Self.element(page.body, id: "unit-\(unit)"))
                #expect(row.contains(#"max="6" value="6""#) && row.contains(#"class="complete""#), "\(unit)")
                #expect(row.contains("Đã thẩm định xong 6/6 tiêu chí"), "\(unit)")
            }
        }
    }

    @Test("progress counts: entered, out of review (N/A counts), and in question, per unit")
    func progressCounts() throws {
        let framework = try FrameworkReader.read(try DocumentValue.parseJSON(smallFrameworkJSON))
        func score(_ code: String, _ state: ItemState, applicable: Bool = true) -> ItemScore {
            ItemScore(criterion: code, applicable: applicable, state: state, appraisedPoints: nil, finalPoints: nil)
        }
        let scores = CycleScores(byUnit: [
            "A1": [
                "1.1": score("1.1", .agreed), "1.2": score("1.2", .questionOpen), "1.3": score("1.3", .unreviewed, applicable: false),
                "2.1": score("2.1", .answered), "2.2": score("2.2", .settled), "9.1": score("9.1", .settled),
            ]
        ])
        let progress = UnitProgress.of(framework, units: ["A1", "A2"], scores: scores)
        // Six self-scored leaves (2.2 is the survey's); 9.2 never written.
        #expect(progress["A1"] == UnitProgress(leaves: 6, entered: 5, reviewed: 3, inQuestion: 2))
        #expect(progress["A2"] == UnitProgress(leaves: 6, entered: 0, reviewed: 0, inQuestion: 0))
        let bar = AdminCyclePage.Bar(progress["A1"], phase: .explanation, words: PageModelSamples.words)
        #expect(bar.value == 3 && bar.max == 6 && !bar.complete)
        #expect(bar.label == "Đã thẩm định xong 3/6 tiêu chí · 2 đang giải trình")
    }

    // MARK: - Users

    @Test("users: the create form comes first; the filter narrows by words (diacritics folded) and role, without JavaScript")
    func usersFilter() async throws {
        let app = try await AdminPagesTests.prepared()
        try await app.application.test(.router) { client in
            func rows(_ query: String) async throws -> (usernames: [String], body: String) {
                let page = try await client.call(.get, "/admin/users\(query)", as: "admin", app: app)
                #expect(page.status == .ok, "\(query)")
                let table = Self.element(page.body, id: "user-table") ?? ""
                let names = table.matches(of: /<tr><td>([^<]+)<\/td>/).map { String($0.output.1) }
                return (names, page.body)
            }
            let all = try await rows("")
            #expect(all.usernames.count == 9)
            let form = try #require(all.body.range(of: #"id="new-user-h""#))
            let table = try #require(all.body.range(of: #"id="user-table""#))
            #expect(form.lowerBound < table.lowerBound, "the create form is above the list")
            #expect(all.body.contains("Hiển thị 9/9 tài khoản."))

            let reviewers = try await rows("?role=reviewer")
            #expect(reviewers.usernames == ["r1", "r2", "r3"])
            #expect(reviewers.body.contains("Hiển thị 3/9 tài khoản.") && reviewers.body.contains(#"<option value="reviewer" selected>"#))
            // Words without diacritics find "Người dùng r2"; the unit's name finds its people.
            #expect(try await rows("?q=nguoi+dung+r2").usernames == ["r2"])
            #expect(try await rows("?q=T%C3%80I+CH%C3%8DNH").usernames == ["r2", "u.a1"])
            #expect(try await rows("?q=tai+chinh&role=unit").usernames == ["u.a1"])
            let none = try await rows("?q=kh%C3%B4ng-c%C3%B3-ai")
            #expect(none.usernames == [] && none.body.contains("Không có tài khoản nào khớp bộ lọc."))
            #expect(none.body.contains(#"value="không-có-ai""#), "the filter keeps what was typed")
        }
    }

    // MARK: - New cycle

    @Test("new cycle: the chosen framework ticks the units of the blocks it was used for; an unused one ticks every block")
    func frameworkTicksItsBlocks() async throws {
        let app = try await AdminPagesTests.prepared()
        let admin = Caller.commandLine("test")
        let deptOnly = smallFrameworkJSON.replacingOccurrences(of: #""code": "test-fw""#, with: #""code": "dept-fw""#)
        _ = try await app.services.admin.importFramework(try DocumentValue.parseJSON(deptOnly), by: admin)
        let unused = smallFrameworkJSON.replacingOccurrences(of: #""code": "test-fw""#, with: #""code": "new-fw""#)
        _ = try await app.services.admin.importFramework(try DocumentValue.parseJSON(unused), by: admin)
        _ = try await app.services.admin.createCycle(
            .init(
                code: "2026-so",
                name: "Kỳ khối sở",
                year: 2026,
                frameworkCode: "dept-fw",
                frameworkVersion: "1",
                units: ["A1", "A2"],
                deadlines: Deadlines(
                    selfAssessment: TestApp.t0 + 10 * 86400,
                    appraisal: TestApp.t0 + 20 * 86400,
                    explanation: TestApp.t0 + 30 * 86400,
                    finalReview: TestApp.t0 + 40 * 86400
                )
            ),
            by: admin
        )
        try await app.application.test(.router) { client in
            func ticked(_ query: String) async throws -> [String] {
                let page = try await client.call(.get, "/admin/cycles/new\(query)", as: "admin", app: app)
                return page.body.matches(of: /id="cu-([A-Z0-9]+)" name="units" value="[A-Z0-9]+" checked/).map { String($0.output.1) }
            }
            #expect(try await ticked("") == [], "no framework chosen, nothing ticked")
            #expect(try await ticked("?framework=dept-fw%7C1") == ["A1", "A2"])
            // Blocks in Vietnamese order: Khối quận, huyện before Khối sở.
            #expect(try await ticked("?framework=test-fw%7C1") == ["B2", "B1", "A1", "A2"])
            #expect(try await ticked("?framework=new-fw%7C1") == ["B2", "B1", "A1", "A2"])
            #expect(try await ticked("?framework=nope%7C9") == [], "an unknown framework is not chosen")
            let page = try await client.call(.get, "/admin/cycles/new?framework=dept-fw%7C1", as: "admin", app: app)
            #expect(page.body.contains(#"<option value="dept-fw|1" selected>"#))
            // What the script re-ticks from: each block names the frameworks it is for.
            #expect(page.body.contains(#"<fieldset class="checks" data-check-group data-frameworks="dept-fw new-fw test-fw">"#))
            #expect(page.body.contains(#"<fieldset class="checks" data-check-group data-frameworks="new-fw test-fw">"#))
            // The frameworks page links each framework to the form with it chosen.
            let frameworks = try await client.call(.get, "/admin/frameworks", as: "admin", app: app)
            #expect(frameworks.body.contains(#"href="/admin/cycles/new?framework=dept-fw%7C1""#))
        }
    }

    // MARK: - Irreversible steps and names

    @Test("a phase move and publication are irreversible buttons, set apart from Huỷ")
    func irreversibleButtons() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        try await app.application.test(.router) { client in
            let publish = try await client.call(.get, "/admin/cycles/2026/publish", as: "admin", app: app)
            #expect(publish.body.contains(#"<button type="submit" class="irreversible">Đồng ý công bố</button>"#))
            #expect(publish.body.contains(#"<a class="button cancel" href="/admin/cycles/2026">Huỷ, quay lại</a>"#))
            #expect(publish.body.contains("Bước này không thể hoàn tác."))
        }
        let early = try await AdminPagesTests.prepared()
        try await early.application.test(.router) { client in
            let phase = try await client.call(.get, "/admin/cycles/2026/phase?to=appraisal", as: "admin", app: early)
            #expect(phase.body.contains(#"<button type="submit" class="irreversible">"#))
            #expect(phase.body.contains(#"<a class="button cancel" href="/admin/cycles/2026">Huỷ, quay lại</a>"#))
        }
        let css = try String(contentsOfFile: TestApp.publicDirectory + "/css/admin.css", encoding: .utf8)
        let irreversible = try #require(css.firstMatch(of: /button\.irreversible \{ background: ([^;]+);/)?.output.1)
        let cancel = try #require(css.firstMatch(of: /a\.button\.cancel \{ background: ([^;]+);/)?.output.1)
        #expect(irreversible != cancel)
    }

    @Test("people's names where an actor's id was: who submitted, who published (the command line said in words)")
    func actorNames() async throws {
        let app = try await ScoreCardPagesTests.finalReview()
        _ = try await app.services.results.publish(cycle: "2026", by: .commandLine("test"))
        try await app.application.test(.router) { client in
            let cycle = try await client.call(.get, "/admin/cycles/2026", as: "admin", app: app)
            let row = try #require(Self.element(cycle.body, id: "unit-A1"))
            #expect(row.contains("· Người dùng u.a1</span>"), "\(row)")
            #expect(!row.contains("· u.a1<"))
            let publish = try await client.call(.get, "/admin/cycles/2026/publish", as: "admin", app: app)
            #expect(publish.body.contains("<dd>Quản trị hệ thống (dòng lệnh: test)</dd>"))
            #expect(!publish.body.contains("cli:test"))
            let english = try await client.call(.get, "/admin/cycles/2026/publish?lang=en", as: "admin", app: app)
            #expect(english.body.contains("<dd>System operator (command line: test)</dd>"))
        }
    }

    /// The element whose `id` is given, from its tag to the matching close of the same tag name.
    static func element(_ html: String, id: String) -> String? {
        guard let attribute = html.range(of: "id=\"\(id)\""),
            let open = html.range(of: "<", options: .backwards, range: html.startIndex..<attribute.lowerBound)
        else { return nil }
        let name = html[open.upperBound...].prefix { $0.isLetter }
        var depth = 0
        var index = open.lowerBound
        while let close = html.range(of: "</\(name)>", range: index..<html.endIndex) {
            if let next = html.range(of: "<\(name)", range: index..<close.lowerBound) {
                depth += 1
                index = next.upperBound
            } else {
                depth -= 1
                index = close.upperBound
                if depth == 0 { return String(html[open.lowerBound..<close.upperBound]) }
            }
        }
        return nil
    }
}
