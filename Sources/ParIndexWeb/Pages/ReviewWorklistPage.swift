import Foundation
import ParIndexCore

/// The council's worklist: the caller's units with their progress, and every item of those units
/// in one chosen state, each linked to its row on the unit's review page.
struct ReviewWorklistPage: PageModel {
    static let template = "review-worklist"
    static let styles = ["review"]

    struct UnitRow {
        var code: String
        var name: String
        /// Nil for a draft the caller may not open (DR-1).
        var href: String?
        var status: String
        /// Nil for a draft the caller may not read: the row says "not submitted yet", no counts.
        var progress: ReviewProgress?
    }

    /// One state of the filter with how many items are in it.
    struct StateLink {
        var label: String
        var href: String
        var current: Bool
        var count: Int
    }

    struct ItemRow {
        var unitName: String
        var unitCode: String
        var code: String
        var title: String
        var href: String
        var criterionHref: String
        var stateName: String
        var stateClass: String
        var selfPoints: String
        var appraisedPoints: String
        var evidenceCount: Int
    }

    var cycleName: String
    var phaseName: String
    var deadline: String?
    var deadlineISO: String
    var units: [UnitRow]
    var hasUnits: Bool
    var allHref: String
    var noState: Bool
    var states: [StateLink]
    /// The chosen state's name; nil while none is chosen.
    var chosenState: String?
    var items: [ItemRow]
    var noItems: Bool
}

/// One criterion across every submitted unit the caller may see.
struct ReviewCriterionPage: PageModel {
    static let template = "review-criterion"
    static let styles = ["review"]

    struct Row {
        var unitCode: String
        var unitName: String
        var href: String
        var selfPoints: String
        var appraisedPoints: String
        var finalPoints: String
        var stateName: String
        var stateClass: String
        var evidenceCount: Int
        var notes: CouncilNotesView?
    }

    var worklistHref: String
    var cycleName: String
    var code: String
    var title: String
    var max: String
    var rows: [Row]
    var noRows: Bool
}

/// The council's internal notes on one item, with the form that adds one when the caller may.
/// Never part of anything a unit is shown.
struct CouncilNotesView {
    struct Line {
        var body: String
        var by: String
        var at: String
        var atISO: String
    }

    struct Form {
        var action: String
        var fieldId: String
        var back: String
        var csrf: String
    }

    var code: String
    var lines: [Line]
    var count: Int
    var hasLines: Bool
    var form: Form?

    init(_ notes: [CouncilNote], code: String, form: Form?) {
        self.code = code
        lines = notes.map { .init(body: $0.body, by: $0.stamp.by, at: Timestamp.vietnamese($0.stamp.at), atISO: Timestamp.format($0.stamp.at)) }
        count = notes.count
        hasLines = !notes.isEmpty
        self.form = form
    }
}
