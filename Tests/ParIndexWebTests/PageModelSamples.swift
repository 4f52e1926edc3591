import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

@testable import ParIndexCore
@testable import ParIndexWeb

/// A sample of every page model, with every optional part filled in and every list holding a row,
/// so that rendering one reaches as much of its template as a page ever shows.
enum PageModelSamples {
    static let request = Request(
        head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/"),
        body: RequestBody(buffer: ByteBuffer())
    )
    static let words = AdminWords(request)
    static let now = Date(timeIntervalSince1970: 1_772_323_200)  // 2026-03-01
    static let cycle = Cycle(
        code: "2026",
        name: "Kỳ đánh giá 2026",
        year: 2026,
        frameworkCode: "par-hanoi-department",
        frameworkVersion: "2026",
        frameworkSHA256: String(repeating: "a", count: 64),
        phase: .finalReview,
        deadlines: Deadlines(
            selfAssessment: now + 10 * 86400,
            appraisal: now + 20 * 86400,
            explanation: now + 30 * 86400,
            finalReview: now + 40 * 86400
        ),
        createdAt: now
    )
    static let unit = ParIndexCore.Unit(code: "STC", name: "Sở Tài chính", blockCode: "DEPT")
    static let header = AdminCycleHeader(cycle, words)
    static let message = FormMessage(message: "Thông báo mẫu")

    static let leftBehind = LeftBehindView(
        LeftBehind(
            cycle: cycle,
            target: .published,
            units: [
                LeftBehind.UnitEntry(
                    unit: unit,
                    status: .draft,
                    hadReceipt: true,
                    extensionUntil: now + 86400,
                    reviewers: [],
                    unappraised: 3,
                    questionsOpen: 1,
                    answersUnsettled: 1,
                    ways: LeftBehind.Way.allCases
                )
            ],
            surveyMissing: 2,
            deadlinesAhead: [
                LeftBehind.DeadlineAhead(phase: .finalReview, unit: nil, at: now + 86400),
                LeftBehind.DeadlineAhead(phase: .finalReview, unit: unit, at: now + 2 * 86400),
            ]
        ),
        back: "publish",
        now: now,
        words: words
    )

    static let snapshot = try! PublishedResults(
        DocumentValue.parseJSON(
            #"""
            {"cycle": "2026", "name": "Kỳ đánh giá 2026", "year": 2026, "publishedAt": "2026-03-01T00:00:00Z",
             "framework": {"code": "par-hanoi-department", "version": "2026", "contentSha256": "abc"},
             "blocks": [{"block": "DEPT", "name": "Khối sở", "ranking": [
               {"rank": 1, "unit": "STC", "name": "Sở Tài chính", "points": 89.83, "max": 100, "index": 89.83, "band": "Nhóm B",
                "change": 1.5, "previous": {"cycle": "2025", "rank": 2, "index": 88.33},
                "fields": [{"code": "1", "title": "Chỉ đạo", "points": 9, "max": 10, "index": 90}]}]}]}
            """#
        )
    )
    static let publication = Publication(
        cycleCode: "2026",
        publishedAt: now,
        publishedBy: "admin",
        snapshot: "",
        snapshotSHA256: String(repeating: "b", count: 64),
        auditHead: String(repeating: "c", count: 64),
        auditEvents: 42
    )

    static var all: [PageSample] {
        [
            PageSample("error", ErrorPage(DomainError(.internalFailure, "internal", "Lỗi mẫu", details: ["reference": .string("abc123")]))),
            PageSample("home", HomePage(cycles: [HomePage.Cycle(name: "Kỳ 2026", publishedAt: "01/03/2026", href: SiteURL.results("2026").path)])),
            PageSample("results", ResultsPage(snapshot, publication, language: .vi)),
            PageSample("score card", scoreCard),
            PageSample(
                "login",
                LoginPage(username: "admin", signInReturn: SignInReturnField(next: "/admin"), failed: message)
            ),
            PageSample(
                "login code",
                LoginCodePage(
                    username: "admin",
                    signInReturn: SignInReturnField(next: "/admin"),
                    enrol: LoginCodePage.Enrol(secret: "ABCD EFGH", uri: "otpauth://totp/x", qr: "<svg></svg>"),
                    failed: message,
                    restartHref: SiteURL.login.path
                )
            ),
            PageSample("password reset", PasswordResetPage(username: "u.a1", minLength: 8, done: true, failed: message)),
            PageSample("account password", AccountPasswordPage(minLength: 8, done: true, failed: message)),
            PageSample("admin overview", overview),
            PageSample("admin new cycle", newCycle),
            PageSample("admin cycle", cyclePage),
            PageSample("admin phase", AdminPhasePage(cycle: header, error: message, target: phaseTarget)),
            PageSample("admin publish, pending", AdminPublishPage(cycle: header, error: message, pending: pending)),
            PageSample(
                "admin publish, done",
                AdminPublishPage(
                    cycle: header,
                    publication: AdminPublishPage.Done(at: "01/03/2026 09:00", atISO: "2026-03-01T02:00:00Z", by: "Văn phòng", sha: "b", head: "c")
                )
            ),
            PageSample("admin units", units),
            PageSample("admin users", users),
            PageSample("admin reviewers", reviewers),
            PageSample("admin frameworks", frameworks),
            PageSample(
                "admin survey",
                AdminSurveyPage(
                    cycle: header,
                    notice: message,
                    closed: false,
                    leaves: [AdminSurveyPage.Leaf(code: "8.1", title: "Hài lòng", max: "5,00")],
                    hasLeaves: true,
                    csv: "unit,criterion,points",
                    error: importError
                )
            ),
            PageSample("dashboard", template: "dashboard", model: dashboard),
        ] + workflow + council
    }

    static var dashboard: DashboardPage {
        let detail = CycleService.Detail(cycle: cycle, units: [(unit, .draft, false)], submitted: 0, unsettled: 1, pending: CycleService.Pending())
        let caller = Caller(username: "admin", role: .admin, unitCode: nil)
        let words = PageWords(request)
        var card = DashboardPage.Card(detail, caller: caller, now: now, words: words)
        card.toDo = DashboardPage.ToDoList([DashboardPage.ToDo(count: "3", text: "câu hỏi chờ trả lời", href: "/x", kind: "questions")], words: words)
        return DashboardPage(role: .admin, cards: [card], words: words)
    }

    static let importError = AdminImportError(message: "Có 1 dòng lỗi", rows: [AdminImportError.Line(line: 3, message: "mã sai")])

    static var overview: AdminOverviewPage {
        AdminOverviewPage([
            AdminOverviewPage.Card(
                CycleService.Detail(
                    cycle: cycle,
                    units: [(unit, .submitted, false)],
                    submitted: 1,
                    unsettled: 2,
                    pending: CycleService.Pending()
                ),
                unsettled: ResultsService.Unsettled(unitsNotSubmitted: [], items: [("STC", "1.1", "unreviewed")]),
                now: now,
                words: words
            )
        ])
    }

    static var newCycle: AdminNewCyclePage {
        AdminNewCyclePage(
            typed: NewCycleForm(csrf: "", code: "2027", framework: "par-hanoi-department|2026", units: ["STC"]),
            asked: nil,
            frameworks: [("par-hanoi-department", "2026", "sha")],
            blocks: [Block(code: "DEPT", name: "Khối sở")],
            units: [unit],
            frameworkBlocks: FrameworkBlocks(cycles: [], allBlocks: ["DEPT"]),
            now: now,
            error: DomainError.invalid("bad", "Sai")
        )
    }

    static var cyclePage: AdminCyclePage {
        let row = AdminCyclePage.UnitRow(
            code: "STC",
            name: "Sở Tài chính",
            block: "Khối sở",
            reviewHref: CycleURL.review(cycle: "2026", unit: "STC").path,
            submitted: true,
            late: true,
            status: "Đã nộp",
            hasSubmittedAt: true,
            submittedAt: "01/03/2026",
            submittedBy: "Cán bộ",
            onBehalf: true,
            onBehalfReason: "Lý do",
            hasExtension: true,
            extensionUntil: "05/03/2026",
            extensionReason: "Lý do",
            progress: AdminCyclePage.Bar(
                UnitProgress(leaves: 10, entered: 10, reviewed: 7, inQuestion: 2),
                phase: .finalReview,
                words: words
            ),
            error: AdminCyclePage.RowError(message: "Lỗi", id: "err-STC"),
            canExtend: true,
            failedOpen: true,
            extensionAction: CycleURL.extension_(cycle: "2026", unit: "STC").path,
            untilId: "until-STC",
            untilValue: "2026-03-05T17:00",
            reasonId: "reason-STC",
            reasonValue: "",
            canSubmitOnBehalf: true,
            submitOpen: true,
            submitAction: CycleURL.submitOnBehalf(cycle: "2026", unit: "STC").path,
            submitReasonId: "submit-reason-STC",
            submitReasonValue: "",
            canReopen: true,
            reopenOpen: true,
            reopenAction: CycleURL.reopen(cycle: "2026", unit: "STC").path,
            reopenReasonId: "reopen-reason-STC",
            reopenReasonValue: ""
        )
        return AdminCyclePage(
            cycle: header,
            failure: AdminCyclePage.Failure(unit: "STC", message: "Lỗi"),
            phases: [AdminCyclePage.Step(name: "Chuẩn bị", current: false, done: true)],
            next: AdminCyclePage.Next(phase: "published", name: "Đã công bố", isPublish: true, href: CycleURL.publish("2026").path),
            published: true,
            totals: AdminCyclePage.Totals(submitted: 1, units: 1, notSubmitted: 0, unsettled: 3),
            deadlines: AdminDeadlineRow.rows(cycle, words),
            units: [row],
            canPublish: true,
            nothingUnsettled: true
        )
    }

    static var phaseTarget: AdminPhasePage.Target {
        AdminPhasePage.Target(value: "appraisal", name: "Thẩm định", question: "Chắc chắn?", consequence: "Hệ quả", leftBehind: leftBehind)
    }

    static var pending: AdminPublishPage.Pending {
        AdminPublishPage.Pending(
            wrongPhase: true,
            wrongPhaseText: "Sai giai đoạn",
            unsettled: true,
            summary: "Tóm tắt",
            leftBehind: leftBehind,
            groups: AdminPublishPage.UnitGroup.groups(
                Array(repeating: ("STC", "1.1", "unreviewed"), count: AdminPublishPage.UnitGroup.listed + 1),
                cycle: "2026",
                names: ["STC": "Sở Tài chính"],
                words: words
            ),
            hasGroups: true,
            preview: AdminPublishPage.Preview(
                provisional: true,
                blocks: RankingBlock.blocks(snapshot, language: .vi) { CycleURL.review(cycle: "2026", unit: $0).path }
            ),
            ready: true,
            question: "Công bố?"
        )
    }

    static var units: AdminUnitsPage {
        AdminUnitsPage(
            notice: message,
            blocks: [
                AdminUnitsPage.BlockRow(
                    code: "DEPT",
                    name: "Khối sở",
                    units: 1,
                    renameId: "bn-DEPT",
                    nameValue: "Khối sở",
                    error: AdminUnitsPage.RowError(message: "Lỗi", id: "bn-DEPT-error")
                )
            ],
            hasBlocks: true,
            blockCode: "DEPT",
            blockName: "Khối sở",
            blockError: message,
            units: [AdminUnitsPage.UnitRow(code: "STC", name: "Sở Tài chính", block: "Khối sở", editHref: SiteURL.units(edit: "STC").path)],
            hasUnits: true,
            editing: true,
            unitCode: "STC",
            unitName: "Sở Tài chính",
            blockOptions: [SelectOption(value: "DEPT", label: "Khối sở (DEPT)", selected: true)],
            unitError: message,
            csv: "code,name,block",
            importError: importError
        )
    }

    static var users: AdminUsersPage {
        let roles = [SelectOption(value: "admin", label: "Quản trị", selected: true)]
        return AdminUsersPage(
            notice: message,
            error: message,
            username: "u.x",
            name: "Người X",
            email: "x@hanoi.gov.vn",
            roles: roles,
            unitOptions: [SelectOption(value: "STC", label: "Sở Tài chính (STC)", selected: true)],
            filter: AdminUsersPage.Filter(text: "tài", roles: roles, active: true, shown: "Hiển thị 1/2 tài khoản."),
            users: [
                AdminUsersPage.Row(
                    username: "admin",
                    name: "Văn phòng",
                    role: "Quản trị",
                    unit: "—",
                    state: "Đang hoạt động",
                    lastLogin: "—",
                    totp: "Đã bật",
                    canEnable: true,
                    enableLabel: "Bật lại tài khoản…",
                    canDisable: true,
                    hasTotp: true,
                    enableAction: SiteURL.userAction(username: "admin", .enable).path,
                    disableAction: SiteURL.userAction(username: "admin", .disable).path,
                    enable: AdminUsersPage.ReasonField(reasonId: "enable-admin", reasonValue: "Trở lại", reasonError: message),
                    disable: AdminUsersPage.ReasonField(reasonId: "disable-admin", reasonValue: "Chuyển công tác", reasonError: message),
                    totpResetAction: SiteURL.userAction(username: "admin", .totpReset).path,
                    passwordResetAction: SiteURL.userAction(username: "admin", .passwordReset).path,
                    emailAction: SiteURL.userEmail("admin").path,
                    emailId: "email-admin",
                    email: "admin@hanoi.gov.vn",
                    emailError: message
                )
            ],
            hasUsers: true,
            tokens: [
                AdminUsersPage.Token(
                    id: 3,
                    username: "admin",
                    label: "Đồng bộ một cửa",
                    created: "01/03/2026 09:00",
                    lastUsed: "chưa dùng",
                    expires: "đã hết hạn lúc 28/08/2026 09:00",
                    expired: true,
                    revokeAction: SiteURL.revokeToken(3).path,
                    revokeLabel: "Thu hồi mã số 3 của admin"
                )
            ],
            hasTokens: true,
            tokensLead: "Mỗi mã hết hạn sau 180 ngày."
        )
    }

    static var reviewers: AdminReviewersPage {
        AdminReviewersPage(
            cycle: header,
            notice: message,
            failure: AdminReviewersPage.Failure(username: "r1", message: "Lỗi"),
            closed: true,
            reviewers: [
                AdminReviewersPage.Reviewer(
                    username: "r1",
                    name: "Thẩm định viên",
                    id: "rv-r1",
                    action: CycleURL.assignReviewer(cycle: "2026", username: "r1").path,
                    hasUnit: true,
                    belongsTo: "Thuộc Sở Tài chính",
                    current: "Sở Tài chính",
                    open: true,
                    blocks: [
                        AdminReviewersPage.Group(
                            name: "Khối sở",
                            units: [
                                AdminReviewersPage.Box(
                                    id: "rv-r1-STC",
                                    code: "STC",
                                    name: "Sở Tài chính",
                                    checked: true,
                                    conflict: true,
                                    reason: "Xung đột"
                                )
                            ]
                        )
                    ],
                    error: message
                )
            ],
            hasReviewers: true
        )
    }

    static var frameworks: AdminFrameworksPage {
        let summary = AdminFrameworksPage.Summary(code: "fw", version: "1", title: "Bộ", leaves: 7, maxPoints: "10,00", sha: "sha")
        return AdminFrameworksPage(
            imported: summary,
            frameworks: [AdminFrameworksPage.Row(code: "fw", version: "1", sha: "sha", newCycleHref: SiteURL.newCycle(framework: "fw|1").path)],
            hasFrameworks: true,
            report: AdminFrameworksPage.Report(
                error: message,
                issues: [AdminFrameworksPage.Issue(path: "nodes[0]", code: "1.1", hasCode: true, message: "Thiếu")],
                hasIssues: true,
                count: "1 lỗi",
                valid: summary
            ),
            document: "code: fw"
        )
    }

    static var scoreCard: ScoreCardPage {
        ScoreCardPage(
            heading: DocumentHeading(
                DocumentIssuer(),
                date: Date(timeIntervalSince1970: 1_772_000_000),
                name: "PHIẾU ĐIỂM",
                subtitle: "Kỳ 2026",
                language: .vi
            ),
            signatures: [DocumentSignature(role: "Người lập", hint: "(Ký, ghi rõ họ tên)")],
            resultsHref: SiteURL.results("2026").path,
            cycleName: "Kỳ 2026",
            unitName: "Sở Tài chính",
            blockName: "Khối sở",
            rank: "1",
            rankCount: 2,
            index: "89,83",
            points: "89,83",
            max: "100,00",
            band: "Nhóm B",
            hasBand: true,
            change: "+1,50",
            hasChange: true,
            previousCycle: "2025",
            previousRank: "2",
            previousIndex: "88,33",
            publishedAt: "01/03/2026",
            fields: [ScoreCardPage.Field(code: "1", title: "Chỉ đạo", points: "9,00", max: "10,00", index: "90,00", hasIndex: true, showMax: true)],
            groups: [
                ScoreCardPage.Group(
                    code: "1",
                    title: "Chỉ đạo",
                    items: [
                        ScoreCardPage.Item(
                            code: "1.1",
                            title: "Kế hoạch",
                            kind: "điểm thưởng",
                            hasKind: true,
                            max: "1,00",
                            applicable: true,
                            selfPoints: "1,00",
                            appraised: "0,50",
                            final: "0,50",
                            changed: true,
                            reasons: [ScoreCardPage.Reason(label: "Thẩm định", text: "Thiếu", hasText: true)],
                            hasReasons: true
                        )
                    ]
                )
            ],
            totalSelf: "1,00",
            totalAppraised: "0,50",
            totalFinal: "0,50",
            check: SnapshotCheck(snapshot, publication)
        )
    }
}
