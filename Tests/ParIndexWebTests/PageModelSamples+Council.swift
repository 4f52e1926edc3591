import Foundation
import ParIndexCore

@testable import ParIndexWeb

/// Samples of the council's pages across units, every optional part filled.
extension PageModelSamples {
    static var council: [PageSample] {
        [PageSample("council worklist", worklist), PageSample("criterion across units", criterionAcrossUnits)]
    }

    static var notes: CouncilNotesView {
        ReviewPagesController.councilNotes(
            [CouncilNote(cycleCode: "2026", unitCode: "STC", criterion: "1.1", body: "Ghi chú nội bộ", stamp: Stamp(by: "r1", at: now))],
            cycle: "2026",
            unit: "STC",
            code: "1.1",
            back: .criterion,
            csrf: "t"
        )
    }

    static var worklist: ReviewWorklistPage {
        ReviewWorklistPage(
            cycleName: "Kỳ 2026",
            phaseName: "Thẩm định",
            deadline: "01/03/2026",
            deadlineISO: "2026-03-01T00:00:00Z",
            units: [.init(code: "STC", name: "Sở Tài chính", href: "/review/2026/units/STC", status: "Đã nộp", progress: ReviewProgress([]))],
            hasUnits: true,
            allHref: "/review/2026",
            noState: false,
            states: [.init(label: "Chưa thẩm định", href: "/review/2026?state=unreviewed#items", current: true, count: 1)],
            chosenState: "Chưa thẩm định",
            items: [
                .init(
                    unitName: "Sở Tài chính",
                    unitCode: "STC",
                    code: "1.1",
                    title: "Kế hoạch CCHC",
                    href: "/review/2026/units/STC#item-1.1",
                    criterionHref: "/review/2026/criteria/1.1",
                    stateName: "Chưa thẩm định",
                    stateClass: "unreviewed",
                    selfPoints: "2,00",
                    appraisedPoints: "—",
                    evidenceCount: 1
                )
            ],
            noItems: false
        )
    }

    static var criterionAcrossUnits: ReviewCriterionPage {
        ReviewCriterionPage(
            worklistHref: "/review/2026",
            cycleName: "Kỳ 2026",
            code: "1.1",
            title: "Kế hoạch CCHC",
            max: "2,00",
            rows: [
                .init(
                    unitCode: "STC",
                    unitName: "Sở Tài chính",
                    href: "/review/2026/units/STC#item-1.1",
                    selfPoints: "2,00",
                    appraisedPoints: "1,50",
                    finalPoints: "1,50",
                    stateName: "Điều chỉnh",
                    stateClass: "adjusted",
                    evidenceCount: 2,
                    notes: notes
                )
            ],
            noRows: false
        )
    }
}
