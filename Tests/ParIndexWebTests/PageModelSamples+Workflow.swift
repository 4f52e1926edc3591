import Foundation
import ParIndexCore

@testable import ParIndexWeb

/// Samples of the workflow's pages (receipt, council record, reuse of a document, notifications,
/// the outbox, the dashboard's to-do list), every optional part filled so the keys check sees it.
extension PageModelSamples {
    static var heading: DocumentHeading {
        DocumentHeading(DocumentIssuer(), date: now, name: "BIÊN NHẬN", subtitle: "Kỳ 2026", language: .vi)
    }

    static let signature = DocumentSignature(role: "NGƯỜI LẬP", title: "Chuyên viên", hint: "(Ký, ghi rõ họ tên)", name: "Nguyễn Văn A")

    static var workflow: [PageSample] {
        [
            PageSample("unit receipt", receipt),
            PageSample("council record", councilRecord),
            PageSample("evidence reuse", evidenceReuse),
            PageSample("notifications", notifications),
            PageSample("admin mail", adminMail),
        ]
    }

    static var receipt: ReceiptPage {
        ReceiptPage(
            heading: heading,
            signatures: [signature],
            unitName: "Sở Tài chính",
            unitCode: "STC",
            formHref: CycleURL.unitForm(cycle: "2026", unit: "STC").path,
            sha256: "a1",
            submittedAt: "01/03/2026 09:00",
            submittedAtISO: "2026-03-01T02:00:00Z",
            submittedBy: "Cán bộ STC",
            late: true,
            framework: "fw 1",
            itemCount: 1,
            fileCount: 1,
            items: [ReceiptPage.Item(code: "1.1", title: "Kế hoạch", entry: "2", points: "2,00", note: "ghi chú")],
            files: [
                ReceiptPage.File(code: "1.1", name: "QĐ.pdf", isFile: true, href: "/x", size: "1 KB", sha256: "b2", url: "https://x")
            ],
            hasFiles: true,
            receiptJSON: CycleURL.unitReceiptJSON(cycle: "2026", unit: "STC").path,
            downloadName: "bien-nhan.json",
            submission: ReceiptSubmissionView(
                onBehalf: true,
                onBehalfText: "Nộp thay",
                supersedes: true,
                supersedesSha: "c3",
                ended: true,
                endedText: "Đã rút",
                hasHistory: true,
                history: [ReceiptSubmissionView.Earlier(sha256: "d4", submitted: "01/02/2026", ended: "02/02/2026")],
                canWithdraw: true,
                withdrawAction: CycleURL.unitWithdraw(cycle: "2026", unit: "STC").path,
                hasError: true,
                error: "Lỗi mẫu"
            )
        )
    }

    static var councilRecord: CouncilRecordPage {
        CouncilRecordPage(
            heading: heading,
            signatures: [signature],
            memberSignatures: [signature],
            hasMemberSignatures: true,
            unitName: "Sở Tài chính",
            unitCode: "STC",
            reviewHref: CycleURL.review(cycle: "2026", unit: "STC").path,
            facts: [CouncilRecordPage.Fact(label: "Kỳ", value: "2026")],
            members: [CouncilRecordPage.Member(name: "Thẩm định viên", username: "r1")],
            hasMembers: true,
            groups: [
                CouncilRecordPage.Group(
                    code: "1",
                    title: "Chỉ đạo",
                    items: [
                        CouncilRecordPage.Item(
                            code: "1.1",
                            title: "Kế hoạch",
                            max: "2,00",
                            applicable: true,
                            selfPoints: "2,00",
                            appraised: "1,50",
                            final: "1,50",
                            state: "Điều chỉnh",
                            changed: true
                        )
                    ]
                )
            ],
            adjustments: [
                CouncilRecordPage.Adjustment(code: "1.1", title: "Kế hoạch", stage: "Thẩm định", change: "2,00 → 1,50", reason: "Thiếu", by: "r1")
            ],
            hasAdjustments: true,
            rounds: [CouncilRecordPage.Round(label: "Thẩm định", points: "1,50", max: "2,00", index: "75,00")]
        )
    }

    static var evidenceReuse: EvidenceReusePage {
        EvidenceReusePage(
            documentName: "QĐ.pdf",
            documentDetail: "12/QĐ · 2026-01-02",
            fromCode: "1.1",
            unitName: "Sở Tài chính",
            cycleName: "Kỳ 2026",
            action: CycleURL.evidenceReuse(cycle: "2026", unit: "STC", evidence: "e1").path,
            backHref: CycleURL.unitItem(cycle: "2026", unit: "STC", criterion: "1.1").path,
            error: "Lỗi mẫu",
            fields: [
                EvidenceReusePage.FieldGroup(
                    code: "1",
                    title: "Chỉ đạo",
                    choices: [
                        EvidenceReusePage.Choice(code: "1.1", title: "Kế hoạch", inputID: "reuse-1-1", attached: true, ticked: true, isSource: true),
                        EvidenceReusePage.Choice(code: "1.2", title: "Báo cáo", inputID: "reuse-1-2", attached: false, ticked: true, isSource: false),
                    ]
                )
            ]
        )
    }

    static var notifications: NotificationsPage {
        NotificationsPage(
            [
                UserNotification(
                    id: 1,
                    username: "u.a1",
                    kind: .question,
                    target: .assessment(cycle: "2026", unit: "STC", criterion: "1.1"),
                    subject: "Câu hỏi",
                    body: "Đề nghị giải trình",
                    createdAt: now
                )
            ],
            words: PageWords(request)
        )
    }

    static var adminMail: AdminMailPage {
        let mail = OutboxMail(
            recipient: "a@b.vn",
            subject: "Chủ đề",
            body: "Nội dung",
            attempts: 2,
            lastError: "từ chối",
            nextAttemptAt: now,
            createdAt: now
        )
        let outbox = NotificationService.Outbox(
            counts: OutboxCounts(sent: 1, waiting: 1, failing: 1, givenUp: 0),
            mails: [mail],
            maxAttempts: 24,
            mailEnabled: true
        )
        return AdminMailPage(
            outbox,
            status: MailStatus(enabled: true, summary: "127.0.0.1:25", problem: { "Lỗi mẫu" }),
            words: words,
            now: now,
            retried: 1
        )
    }
}
