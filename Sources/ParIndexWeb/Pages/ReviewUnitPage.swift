import Foundation
import ParIndexCore

/// One unit's items for the council, one dense row each: what the unit claimed (its evidence on
/// demand) beside the council's values and forms; a sticky bar with the totals, the jump to the
/// next item waiting for the council and the bulk acceptance; a field table of contents.
struct ReviewUnitPage: PageModel {
    static let template = "review-unit"
    static let styles = ["review"]
    static let scripts = ["drafts", "review"]

    struct FilterLink {
        var label: String
        var href: String
        var current: Bool
        var count: Int
    }

    struct Field {
        var code: String
        var title: String
        var items: [ReviewItem]
    }

    struct FailureNote {
        var code: String
        var message: String
    }

    /// The words review.js shows, carried as `data-msg-*` attributes.
    struct ScriptWords {
        var saving, offline, expired, signIn: String

        init(_ words: PageWords) {
            saving = words["review.js.saving"]
            offline = words["unit.js.offline"]
            expired = words["unit.js.expired"]
            signIn = words["unit.js.signIn"]
        }
    }

    var messages: ScriptWords
    var cycleCode: String
    var cycleName: String
    var phaseName: String
    var deadline: String?
    var deadlineISO: String
    var worklistHref: String
    /// The unit's grid as an Excel workbook in the officials' columns.
    var gridXLSXHref: String
    /// The printable council record (biên bản thẩm định): the council and admins, not observers.
    var recordHref: String?
    var unitName: String
    var unitCode: String
    var submittedAt: String?
    var notSubmitted: Bool
    var readOnly: Bool
    var phaseReadOnly: Bool
    var hasFilter: Bool
    var filterValue: String
    /// After a bulk acceptance: how many items it accepted.
    var acceptedText: String?
    var bar: ReviewBar
    var filters: [FilterLink]
    var toc: [FieldLink]
    var fields: [Field]
    var noItems: Bool
    var failure: FailureNote?
}

/// The review page's sticky bar: self, appraised and final totals, the next item waiting for the
/// council, and the bulk acceptance of the unit's scores. Sent again with each saved row.
struct ReviewBar {
    struct Total {
        var label: String
        var points: String
        var max: String
        var index: String
        var counted: String
    }

    struct BulkAccept {
        var action: String
        var allLabel: String
        /// Some unreviewed item has a self score to accept.
        var acceptable: Bool
    }

    var totals: [Total]
    /// The first item still waiting for the council; nil when none is.
    var nextWaiting: String?
    var bulk: BulkAccept?
}

/// One item's row on the review page.
struct ReviewItem {
    struct Message {
        var isQuestion: Bool
        var kindName: String
        var body: String
        var by: String
        var at: String
        var atISO: String
    }

    struct Appraised {
        var points: String
        var inputs: String?
        var note: String?
        var by: String
        var at: String
    }

    struct Final {
        var points: String
        var disposition: String?
        var note: String?
        var by: String
        var at: String
    }

    struct Choice {
        var options: [EntryInputs.Option]
    }

    struct AppraisalForm {
        var action: String
        var version: Int
        var pointsId: String
        var pointsValue: String?
        var pointsHint: String
        var choiceId: String
        var choice: Choice?
        var numeratorId: String
        var denominatorId: String
        var ratio: EntryInputs.Ratio?
        var noteId: String
        var noteValue: String
        var noteHint: String
        var appraisalError: String?
        /// The item already has an appraisal: changing it is one click away rather than in view.
        var reappraise: Bool
        var focusMain: Bool
        var focusNote: Bool
    }

    struct QuestionForm {
        var action: String
        var messageId: String
        var messageValue: String
        var questionError: String?
        var open: Bool
    }

    struct Disposition {
        var id: String
        var value: String
        var label: String
        var checked: Bool
    }

    struct SettleForm {
        var action: String
        var pointsId: String
        var noteId: String
        var pointsValue: String
        var noteValue: String
        var dispositions: [Disposition]
        var settleError: String?
        var focusMain: Bool
        var focusNote: Bool
    }

    var code: String
    var title: String
    var max: String
    var stateName: String
    var stateClass: String
    var guidance: String?
    var survey: Bool
    var evidenceRequired: Bool
    var failed: Bool
    var draftVersion: Int
    /// Waiting for the council: unreviewed, or answered (or still open) in the final review.
    var waiting: Bool
    /// May be ticked for the bulk acceptance of the unit's score.
    var pickable: Bool
    var pickLabel: String
    var csrf: String
    var conflict: ReviewConflictView?
    var notApplicable: Bool
    var naReason: String
    var selfPoints: String?
    var selfInputs: String?
    var selfNote: String?
    var noSelf: Bool
    var evidence: [EvidenceLine]
    var evidenceCount: Int
    var thread: [Message]
    var hasThread: Bool
    var appraised: Appraised?
    var notAppraised: Bool
    var final: Final?
    var surveyMissing: Bool
    var appraisalForm: AppraisalForm?
    var questionForm: QuestionForm?
    var settleForm: SettleForm?
    /// The same criterion across every unit the caller may see.
    var criterionHref = ""
    /// The council's internal notes; nil for a caller who may not read them.
    var councilNotes: CouncilNotesView?
}

/// A saved row sent back to the page's script: the row and the bar, rendered as on the page.
struct ReviewRowFragment: PageModel {
    static let template = "review-row"

    var item: ReviewItem
    var bar: ReviewBar
    var hasFilter: Bool
    var filterValue: String
}
