import Foundation
import ParIndexCore

/// `/admin/cycles/:cycle`: the phase and the next step, deadlines, and each unit's submission and
/// progress (a bar and its counts), with the forms that extend, submit for, or reopen a unit.
struct AdminCyclePage: PageModel {
    static let template = "admin-cycle"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Step {
        var name: String
        var current: Bool
        var done: Bool
    }

    struct Next {
        var phase: String
        var name: String
        var isPublish: Bool
        var href: String
    }

    struct Totals {
        var submitted: Int
        var units: Int
        var notSubmitted: Int
        var unsettled: Int
    }

    /// A unit's progress through the current phase's work: a `<progress>` bar and its counts.
    struct Bar {
        var value: Int
        var max: Int
        var label: String
        var complete: Bool
    }

    struct RowError {
        var message: String
        var id: String
    }

    struct UnitRow {
        var code: String
        var name: String
        var block: String
        var reviewHref: String
        var submitted: Bool
        var late: Bool
        var status: String
        var hasSubmittedAt: Bool
        var submittedAt: String
        var submittedBy: String
        var onBehalf: Bool
        var onBehalfReason: String
        var hasExtension: Bool
        var extensionUntil: String
        var extensionReason: String
        var progress: Bar
        var error: RowError?
        var canExtend: Bool
        var failedOpen: Bool
        var extensionAction: String
        var untilId: String
        var untilValue: String
        var reasonId: String
        var reasonValue: String
        var canSubmitOnBehalf: Bool
        var submitOpen: Bool
        var submitAction: String
        var submitReasonId: String
        var submitReasonValue: String
        var canReopen: Bool
        var reopenOpen: Bool
        var reopenAction: String
        var reopenReasonId: String
        var reopenReasonValue: String
    }

    struct Failure {
        var unit: String
        var message: String
    }

    var cycle: AdminCycleHeader
    var failure: Failure?
    var phases: [Step]
    var next: Next?
    var published: Bool
    var totals: Totals
    var deadlines: [AdminDeadlineRow]
    var units: [UnitRow]
    var canPublish: Bool
    var nothingUnsettled: Bool
}

extension AdminCyclePage.Bar {
    /// Before appraisal the work is the unit's own entries; from appraisal on, the council's review.
    init(_ progress: UnitProgress?, phase: Phase, words: AdminWords) {
        let p = progress ?? UnitProgress(leaves: 0, entered: 0, reviewed: 0, inQuestion: 0)
        let entering = phase <= .selfAssessment
        let done = entering ? p.entered : p.reviewed
        var label = words.fill(entering ? "admin.cycle.barEntered" : "admin.cycle.barReviewed", ["done": String(done), "total": String(p.leaves)])
        if !entering && p.inQuestion > 0 { label += " · " + words.fill("admin.cycle.barQuestions", ["count": String(p.inQuestion)]) }
        self.init(value: done, max: Swift.max(p.leaves, 1), label: label, complete: done == p.leaves)
    }
}
