import Foundation
import ParIndexCore

/// One unit's assessment: status, receipt, extension, totals and every item (API.md).
struct AssessmentAnswer: Encodable {
    var cycle: String
    var unit: String
    var status: String
    var late: Bool
    var submittedAt: Date?
    var receipt: ReceiptAnswer?
    var `extension`: ExtensionInfo?
    var totals: Totals
    var items: [ItemAnswer]

    struct ExtensionInfo: Encodable {
        var until: Date
        var reason: String?
    }

    struct Totals: Encodable {
        var selfPoints: Points
        var appraised: Points
        var final: Points
        var max: Points
        var index: Points?

        enum CodingKeys: String, CodingKey {
            case selfPoints = "self"
            case appraised, final, max, index
        }
    }

    init(_ view: AssessmentService.View, caller: Caller?) {
        let a = view.assessment
        cycle = view.cycle.code
        unit = view.unit.code
        status = (a?.status ?? .draft).rawValue
        late = a?.late ?? false
        submittedAt = a?.submittedAt
        receipt = a.flatMap(ReceiptAnswer.init)
        `extension` = a?.extensionUntil.map { ExtensionInfo(until: $0, reason: a?.extensionReason) }
        totals = Totals(
            selfPoints: view.totals.selfScore.points,
            appraised: view.totals.appraised.points,
            final: view.totals.final.points,
            max: view.totals.final.max,
            index: view.totals.final.index?.rounded
        )
        items = view.rows.map { ItemAnswer($0, caller: caller) }
    }

    /// Reviewer identities are hidden from units (SECURITY.md RV): a unit sees what was decided and
    /// why, not which council member decided it.
    static func hidesReviewers(_ caller: Caller?) -> Bool { caller?.role == .unit }
}

/// One criterion's item, in the same shape alone as inside the assessment.
struct ItemAnswer: Encodable {
    var criterion: String
    var title: String
    var field: String
    var kind: String
    var max: Points
    var applicable: Bool
    var naReason: String?
    var selfValue: SelfAnswer?
    var appraisal: AppraisalAnswer?
    var final: FinalAnswer?
    var state: String
    var version: Int
    var evidence: [EvidenceAnswer]
    var thread: [MessageAnswer]

    enum CodingKeys: String, CodingKey {
        case selfValue = "self"
        case criterion, title, field, kind, max, applicable, naReason, appraisal, final, state, version, evidence, thread
    }

    /// The unit's own entry; its author is always shown.
    struct SelfAnswer: Encodable {
        var points: Points?
        @OmittedIfNil var choice: Int?
        @OmittedIfNil var inputs: RatioAnswer?
        var note: String?
        var by: String
        var at: Date
    }

    struct AppraisalAnswer: Encodable {
        var points: Points
        @OmittedIfNil var choice: Int?
        @OmittedIfNil var inputs: RatioAnswer?
        var note: String?
        var by: String?
        var at: Date
    }

    struct FinalAnswer: Encodable {
        var points: Points
        var note: String?
        var disposition: String?
        var by: String?
        var at: Date
    }

    struct RatioAnswer: Encodable {
        var numerator: Int
        var denominator: Int
    }

    init(_ row: AssessmentService.View.Row, caller: Caller?) {
        let item = row.item
        let hide = AssessmentAnswer.hidesReviewers(caller)
        criterion = row.leaf.code
        title = row.leaf.title
        field = row.leaf.fieldCode
        kind = row.leaf.spec.rule.kind
        max = row.leaf.spec.max
        applicable = item.applicable
        naReason = item.notApplicableReason
        selfValue = item.selfValue.map { s in
            SelfAnswer(points: s.points, choice: Self.choice(s.entry), inputs: Self.inputs(s.entry), note: s.note, by: s.stamp.by, at: s.stamp.at)
        }
        appraisal = item.appraised.map { a in
            AppraisalAnswer(
                points: a.points,
                choice: Self.choice(a.entry),
                inputs: Self.inputs(a.entry),
                note: a.note,
                by: hide ? nil : a.stamp.by,
                at: a.stamp.at
            )
        }
        final = item.final.map { f in
            FinalAnswer(points: f.points, note: f.note, disposition: f.disposition?.rawValue, by: hide ? nil : f.stamp.by, at: f.stamp.at)
        }
        state = item.state.rawValue
        version = item.version
        evidence = row.evidence.map(EvidenceAnswer.init)
        thread = row.thread.map { MessageAnswer($0, caller: caller) }
    }

    static func choice(_ entry: Entry?) -> Int? {
        if case .choice(let choice)? = entry { return choice }
        return nil
    }

    static func inputs(_ entry: Entry?) -> RatioAnswer? {
        if case .ratio(let numerator, let denominator)? = entry { return RatioAnswer(numerator: numerator, denominator: denominator) }
        return nil
    }
}

/// A file or a document reference; it names only the fields of its kind.
struct EvidenceAnswer: Encodable {
    var id: String
    var kind: String
    @OmittedIfNil var filename: String?
    @OmittedIfNil var size: Int64?
    @OmittedIfNil var sha256: String?
    @OmittedIfNil var contentType: String?
    @OmittedIfNil var title: String?
    @OmittedIfNil var documentNumber: String?
    @OmittedIfNil var issuedOn: String?
    @OmittedIfNil var url: String?
    var uploadedBy: String
    var uploadedAt: Date
    var supplementary: Bool

    init(_ e: Evidence) {
        id = e.id
        kind = e.kind.rawValue
        filename = e.filename
        size = e.size
        sha256 = e.sha256
        contentType = e.contentType
        title = e.title
        documentNumber = e.documentNumber
        issuedOn = e.issuedOn
        url = e.url
        uploadedBy = e.uploaded.by
        uploadedAt = e.uploaded.at
        supplementary = e.supplementary
    }
}

/// A question or an answer on an item's thread; a unit is not told which reviewer asked.
struct MessageAnswer: Encodable {
    var id: Int64
    var kind: String
    var message: String
    var by: String?
    var at: Date

    init(_ m: ThreadMessage, caller: Caller?) {
        id = m.id ?? 0
        kind = m.kind.rawValue
        message = m.body
        by = m.kind == .question && AssessmentAnswer.hidesReviewers(caller) ? nil : m.stamp.by
        at = m.stamp.at
    }
}

/// A submission's receipt: the manifest's hash and how many items and files it lists.
struct ReceiptAnswer: Encodable {
    var sha256: String
    var submittedAt: Date
    var items: Int
    var files: Int

    init?(_ a: Assessment) {
        guard let sha = a.receiptSHA256, let at = a.submittedAt, let manifest = a.manifest,
            let counts = ReceiptCounts.shared.counts(sha256: sha, manifest: manifest)
        else { return nil }
        sha256 = sha
        submittedAt = at
        items = counts.items
        files = counts.files
    }
}

/// A submission: the new status and its receipt.
struct SubmitAnswer: Encodable {
    var status: String
    var receipt: ReceiptAnswer?
}
