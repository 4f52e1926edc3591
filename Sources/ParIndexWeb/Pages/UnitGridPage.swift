import Foundation
import ParIndexCore

/// The cycle and unit heading of the unit's pages (grid, submission, receipt).
struct UnitHeading {
    var cycleCode: String
    var cycleName: String
    var unitCode: String
    var unitName: String
    var phaseName: String
    var hasDeadline: Bool
    var deadline: String
    var deadlineISO: String
    var formHref: String
    var submitHref: String
    /// The grid as an Excel workbook in the officials' columns.
    var gridXLSXHref: String
    var receiptHref: String
    var receiptJSON: String
    var extensionUntil: String?
    var submittedText: String?

    init(_ view: AssessmentService.View, _ words: PageWords) {
        let cycle = view.cycle
        let deadline = cycle.deadlines.deadline(for: cycle.phase)
        cycleCode = cycle.code
        cycleName = cycle.name
        unitCode = view.unit.code
        unitName = view.unit.name
        phaseName = words.phase(cycle.phase)
        hasDeadline = deadline != nil
        self.deadline = deadline.map { Timestamp.vietnamese($0) } ?? ""
        deadlineISO = deadline.map(Timestamp.format) ?? ""
        formHref = CycleURL.unitForm(cycle: cycle.code, unit: view.unit.code).path
        submitHref = CycleURL.unitSubmit(cycle: cycle.code, unit: view.unit.code).path
        gridXLSXHref = CycleURL.unitGridXLSX(cycle: cycle.code, unit: view.unit.code).path
        receiptHref = CycleURL.unitReceipt(cycle: cycle.code, unit: view.unit.code).path
        receiptJSON = CycleURL.unitAPI(cycle: cycle.code, unit: view.unit.code).path + "/receipt"
        extensionUntil = view.assessment?.extensionUntil.map { Timestamp.vietnamese($0) }
        if let assessment = view.assessment, assessment.status == .submitted {
            let at = assessment.submittedAt.map { Timestamp.vietnamese($0) } ?? ""
            submittedText = words["unit.page.submitted"].replacingOccurrences(of: "{at}", with: at)
        }
    }
}

/// One field in a grid's table of contents: its anchor, title and points so far.
struct FieldLink {
    var code: String
    var title: String
    var summary: String
    var href: String
}

/// The self-assessment grid: one dense row per criterion (the officials' spreadsheet), with the
/// rule and the evidence opened on demand, a sticky bar with the running totals, a field table of
/// contents and a jump to the next row still missing a score or required evidence.
struct UnitGridPage: PageModel {
    static let template = "unit-assessment"
    static let styles = ["unit"]
    static let scripts = ["drafts", "unit"]

    /// The words unit.js shows, carried as `data-msg-*` attributes.
    struct ScriptWords {
        var saving, saved, failed, incomplete, needReason, offline, uploading, uploaded: String
        var confirmDelete, deleteLabel, delete, hash, fieldSummary, entered, empty, na, expired, signIn: String
        var view, download, noneMissing, number, dated, evidenceMissing, evidencePresent: String

        init(_ words: PageWords) {
            saving = words["unit.js.saving"]
            saved = words["unit.js.saved"]
            failed = words["unit.js.failed"]
            incomplete = words["unit.js.incomplete"]
            needReason = words["unit.js.needReason"]
            offline = words["unit.js.offline"]
            uploading = words["unit.js.uploading"]
            uploaded = words["unit.js.uploaded"]
            confirmDelete = words["unit.evidence.confirmDelete"]
            deleteLabel = words["unit.evidence.deleteLabel"]
            delete = words["unit.evidence.delete"]
            hash = words["unit.evidence.hash"]
            fieldSummary = words["unit.field.summary"]
            entered = words["unit.draft.entered"]
            empty = words["unit.draft.empty"]
            na = words["unit.draft.na"]
            expired = words["unit.js.expired"]
            signIn = words["unit.js.signIn"]
            view = words["unit.evidence.view"]
            download = words["unit.evidence.download"]
            noneMissing = words["unit.next.none"]
            number = words["unit.evidence.documentNumber"]
            dated = words["unit.evidence.dated"]
            evidenceMissing = words["unit.evidence.requiredMissing"]
            evidencePresent = words["unit.evidence.requiredPresent"]
        }
    }

    /// What went wrong with one form, named at the top of the page.
    struct FailureNote {
        var code: String
        var message: String
    }

    struct Field {
        var code: String
        var title: String
        var summary: String
        var items: [Row]
    }

    /// One criterion's row. The form token is put on each row: Mustache looks a name up level by
    /// level, and the row is where most lookups happen.
    struct Row {
        var code: String
        var title: String
        var guidance: String?
        var max: String
        var maxHundredths: Int
        var kind: String
        var ruleJSON: String
        var counts: Bool
        var version: Int
        var selfPointsHundredths: String
        var notApplicable: Bool
        var survey: Bool
        var editable: Bool
        var readOnlyEntry: Bool
        var failed: Bool
        /// Applicable, self-scored, and without points or without its required evidence.
        var missing: Bool
        var method: [String]
        var stateName: String
        var stateClass: String
        var selfPoints: String
        var csrf: String
        var form: EntryForm?
        var entryText: String?
        var naReasonText: String?
        var noteText: String?
        var council: Council?
        var evidenceNeed: UnitPagesController.EvidenceNeed?
        var evidenceNotNeeded: Bool
        var evidence: [EvidenceLine]
        var evidenceCount: Int
        var evidenceSummary: String
        var evidenceListLabel: String
        /// The evidence disclosure starts open after a failed upload or reference.
        var evidenceOpen: Bool
        var upload: Upload?
        var reference: Reference?
        var explanation: Explanation?
    }

    /// A row's entry form (open rows only), starting from what was typed after a refusal.
    struct EntryForm {
        var id: String
        var action: String
        var saveLabel: String
        var points: PointsInput?
        var choice: ChoiceInput?
        var ratio: EntryInputs.Ratio?
        var na: NotApplicable?
        var note: String
        var noteLabel: String
        var entryError: String?
    }

    struct PointsInput {
        var value: String
        var label: String
        var hint: String
    }

    struct ChoiceInput {
        var label: String
        var options: [EntryInputs.Option]
    }

    struct NotApplicable {
        var checked: Bool
        var reason: String
    }

    /// The council's values as the unit may see them (never who decided).
    struct Council {
        var appraised: String?
        var councilNote: String?
        var final: String?
    }

    struct Upload {
        var action: String
        var fileHint: String
        var error: String?
    }

    struct Reference {
        var action: String
        var title: String
        var number: String
        var issuedOn: String
        var url: String
        var open: Bool
        var error: String?
    }

    struct Explanation {
        var thread: [Message]
        var hasThread: Bool
        var answer: Answer?
        var canSupplement: Bool
    }

    struct Message {
        var isQuestion: Bool
        var kindName: String
        var body: String
        var by: String?
        var at: String
        var atISO: String
    }

    struct Answer {
        var action: String
        var label: String
        var value: String
        var error: String?
    }

    var heading: UnitHeading
    var base: String
    var apiBase: String
    var messages: ScriptWords
    var readOnly: Bool
    var selfOpen: Bool
    var showClosed: Bool
    var showOverdue: Bool
    var closedText: String
    var capAt100: Bool
    var totals: UnitPagesController.Totals
    var explanationText: String?
    var toc: [FieldLink]
    /// The first row still missing a score or required evidence; nil when none is.
    var nextMissing: String?
    var fields: [Field]
    var failure: FailureNote?
}
