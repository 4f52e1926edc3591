import Foundation

/// One unit's scores in one cycle (bản tự đánh giá).
public struct Assessment: Sendable, Equatable {
    public var id: Int64?
    public var cycleCode: String
    public var unitCode: String
    public var status: AssessmentStatus
    public var submittedAt: Date?
    public var submittedBy: String?
    public var late: Bool
    /// Canonical JSON of the sealed manifest, and its SHA-256 (the receipt).
    public var manifest: String?
    public var receiptSHA256: String?
    /// An admin's extension of this unit's current deadline, with the reason.
    public var extensionUntil: Date?
    public var extensionReason: String?
    /// Set when an admin submitted for the unit: why. Nil for the unit's own submission.
    public var onBehalfReason: String?

    public init(
        id: Int64? = nil,
        cycleCode: String,
        unitCode: String,
        status: AssessmentStatus = .draft,
        submittedAt: Date? = nil,
        submittedBy: String? = nil,
        late: Bool = false,
        manifest: String? = nil,
        receiptSHA256: String? = nil,
        extensionUntil: Date? = nil,
        extensionReason: String? = nil,
        onBehalfReason: String? = nil
    ) {
        self.id = id
        self.cycleCode = cycleCode
        self.unitCode = unitCode
        self.status = status
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.late = late
        self.manifest = manifest
        self.receiptSHA256 = receiptSHA256
        self.extensionUntil = extensionUntil
        self.extensionReason = extensionReason
        self.onBehalfReason = onBehalfReason
    }
}

/// Every receipt an assessment was ever given. A reopened or withdrawn submission keeps its
/// receipt here, marked with how and why it ended; the next submission's receipt supersedes it.
public struct SubmissionReceipt: Sendable, Equatable {
    public enum Ending: String, Sendable, CaseIterable {
        /// An admin sent the submission back to the unit.
        case reopened
        /// The unit took its own submission back before its deadline.
        case withdrawn
    }

    public var id: Int64?
    public var assessmentId: Int64
    public var sha256: String
    public var manifest: String
    public var submitted: Stamp
    public var late: Bool
    public var onBehalfReason: String?
    public var ended: Stamp?
    public var ending: Ending?
    public var endReason: String?

    public init(
        id: Int64? = nil,
        assessmentId: Int64,
        sha256: String,
        manifest: String,
        submitted: Stamp,
        late: Bool,
        onBehalfReason: String?,
        ended: Stamp? = nil,
        ending: Ending? = nil,
        endReason: String? = nil
    ) {
        self.id = id
        self.assessmentId = assessmentId
        self.sha256 = sha256
        self.manifest = manifest
        self.submitted = submitted
        self.late = late
        self.onBehalfReason = onBehalfReason
        self.ended = ended
        self.ending = ending
        self.endReason = endReason
    }
}

/// Who set a value, and when.
public struct Stamp: Sendable, Equatable {
    public var by: String
    public var at: Date
    public init(by: String, at: Date) {
        self.by = by
        self.at = at
    }
}

/// The unit's claim for a leaf.
public struct SelfValue: Sendable, Equatable {
    public var entry: Entry?
    public var points: Points?
    public var note: String?
    public var stamp: Stamp
    public init(entry: Entry?, points: Points?, note: String?, stamp: Stamp) {
        self.entry = entry
        self.points = points
        self.note = note
        self.stamp = stamp
    }
}

/// The council's appraisal of a leaf.
public struct AppraisedValue: Sendable, Equatable {
    public var entry: Entry
    public var points: Points
    public var note: String?
    public var stamp: Stamp
    public init(entry: Entry, points: Points, note: String?, stamp: Stamp) {
        self.entry = entry
        self.points = points
        self.note = note
        self.stamp = stamp
    }
}

/// The settled value after the explanation round, or an imported survey value.
public struct FinalValue: Sendable, Equatable {
    public var points: Points
    public var note: String?
    public var disposition: Disposition?
    public var stamp: Stamp
    public init(points: Points, note: String?, disposition: Disposition?, stamp: Stamp) {
        self.points = points
        self.note = note
        self.disposition = disposition
        self.stamp = stamp
    }
}

/// One leaf of one assessment. Self, appraised and final are kept apart: no role overwrites
/// another's value. `version` increases with every write (optimistic concurrency).
public struct Item: Sendable, Equatable {
    public var id: Int64?
    public var assessmentId: Int64
    public var criterion: String
    public var applicable: Bool
    public var notApplicableReason: String?
    public var selfValue: SelfValue?
    public var appraised: AppraisedValue?
    public var final: FinalValue?
    public var state: ItemState
    public var version: Int

    public init(
        id: Int64? = nil,
        assessmentId: Int64,
        criterion: String,
        applicable: Bool = true,
        notApplicableReason: String? = nil,
        selfValue: SelfValue? = nil,
        appraised: AppraisedValue? = nil,
        final: FinalValue? = nil,
        state: ItemState = .unreviewed,
        version: Int = 0
    ) {
        self.id = id
        self.assessmentId = assessmentId
        self.criterion = criterion
        self.applicable = applicable
        self.notApplicableReason = notApplicableReason
        self.selfValue = selfValue
        self.appraised = appraised
        self.final = final
        self.state = state
        self.version = version
    }

    /// The points that count in results (`ItemScore.finalPoints`).
    public func finalPoints(source: LeafSource) -> Points? { ItemScore(self).finalPoints(source: source) }
}

/// What results need of an item, without its entries, notes or stamps: publishing reads one for
/// every leaf of every unit in the cycle (332,100 in the national dataset), and reading whole
/// items (entries parsed from JSON, stamps, notes) was three quarters of publishing's time.
public struct ItemScore: Sendable, Equatable {
    public var criterion: String
    public var applicable: Bool
    public var state: ItemState
    public var appraisedPoints: Points?
    public var finalPoints: Points?

    public init(criterion: String, applicable: Bool, state: ItemState, appraisedPoints: Points?, finalPoints: Points?) {
        self.criterion = criterion
        self.applicable = applicable
        self.state = state
        self.appraisedPoints = appraisedPoints
        self.finalPoints = finalPoints
    }

    public init(_ item: Item) {
        self.init(
            criterion: item.criterion,
            applicable: item.applicable,
            state: item.state,
            appraisedPoints: item.appraised?.points,
            finalPoints: item.final?.points
        )
    }

    /// The points that count in results: settled if the item went through a question, else the
    /// appraised points; survey leaves take the imported (final) points.
    public func finalPoints(source: LeafSource) -> Points? {
        if source == .survey { return finalPoints }
        if state == .settled, let finalPoints { return finalPoints }
        return appraisedPoints
    }
}

/// A file or a document reference attached to an item (tài liệu kiểm chứng).
public struct Evidence: Sendable, Equatable {
    public enum Kind: String, Sendable { case file, reference }
    public var id: String
    public var itemId: Int64
    public var kind: Kind
    public var filename: String?
    public var size: Int64?
    public var sha256: String?
    public var contentType: String?
    public var title: String?
    public var documentNumber: String?
    public var issuedOn: String?
    public var url: String?
    public var uploaded: Stamp
    /// Added in answer to a question (giải trình, bổ sung).
    public var supplementary: Bool
    public var deleted: Stamp?

    public init(
        id: String,
        itemId: Int64,
        kind: Kind,
        filename: String? = nil,
        size: Int64? = nil,
        sha256: String? = nil,
        contentType: String? = nil,
        title: String? = nil,
        documentNumber: String? = nil,
        issuedOn: String? = nil,
        url: String? = nil,
        uploaded: Stamp,
        supplementary: Bool = false,
        deleted: Stamp? = nil
    ) {
        self.id = id
        self.itemId = itemId
        self.kind = kind
        self.filename = filename
        self.size = size
        self.sha256 = sha256
        self.contentType = contentType
        self.title = title
        self.documentNumber = documentNumber
        self.issuedOn = issuedOn
        self.url = url
        self.uploaded = uploaded
        self.supplementary = supplementary
        self.deleted = deleted
    }

    /// The same document: the same bytes for a file, the same title, number, date and address
    /// for a reference.
    public func isSameDocument(as other: Evidence) -> Bool {
        kind == other.kind
            && (kind == .file
                ? sha256 == other.sha256
                : (title, documentNumber, issuedOn, url) == (other.title, other.documentNumber, other.issuedOn, other.url))
    }

    /// This document attached elsewhere: a new row, same content.
    public func copy(id: String, itemId: Int64, uploaded: Stamp, supplementary: Bool) -> Evidence {
        var copy = self
        copy.id = id
        copy.itemId = itemId
        copy.uploaded = uploaded
        copy.supplementary = supplementary
        copy.deleted = nil
        return copy
    }
}

/// A reviewer's question or the unit's answer on an item.
public struct ThreadMessage: Sendable, Equatable {
    public enum Kind: String, Sendable { case question, answer }
    public var id: Int64?
    public var itemId: Int64
    public var kind: Kind
    public var body: String
    public var stamp: Stamp
    public init(id: Int64? = nil, itemId: Int64, kind: Kind, body: String, stamp: Stamp) {
        self.id = id
        self.itemId = itemId
        self.kind = kind
        self.body = body
        self.stamp = stamp
    }
}
