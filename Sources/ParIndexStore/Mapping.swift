import Foundation
import GRDB
import ParIndexCore

/// Foundation has a `Unit` (measurements) too; in this target the word means ours.
typealias Unit = ParIndexCore.Unit

/// Rows to domain values and back. Times are RFC 3339 text; points integer hundredths.
/// Users, cycles, assessments, items, evidence and messages are read here by position from
/// explicit column lists, not decoded as records: they are read on every page and every write, and
/// the measured costs of the write path and the grid (docs/decisions/0011) are with these reads.
enum Mapping {
    static func text(_ date: Date?) -> String? { date.map(Timestamp.format) }
    static func date(_ text: String?) -> Date? { text.flatMap(Timestamp.parse) }
    static func points(_ hundredths: Int?) -> Points? { hundredths.map { Points(hundredths: $0) } }

    static func entry(_ json: String?) -> Entry? {
        guard let json else { return nil }
        // Stored entries are canonical JSON, and nearly all are `{"points":N}`: read that shape
        // straight from the text; anything else goes through the parser.
        // A comma there would end the number in JSON, so it is left to the parser.
        let pointsPrefix = #"{"points":"#
        if json.hasPrefix(pointsPrefix), json.hasSuffix("}") {
            let number = json.dropFirst(pointsPrefix.count).dropLast()
            if !number.contains(","), let p = Points(parsing: String(number)) { return .points(p) }
        }
        guard let document = try? DocumentValue.parseJSON(json) else { return nil }
        if let p = document["points"]?.scalarText.flatMap(Points.init(parsing:)) { return .points(p) }
        if let c = document["choice"]?.scalarText.flatMap({ Int($0) }) { return .choice(c) }
        if let inputs = document["inputs"], let n = inputs["numerator"]?.scalarText.flatMap({ Int($0) }),
            let d = inputs["denominator"]?.scalarText.flatMap({ Int($0) })
        {
            return .ratio(numerator: n, denominator: d)
        }
        return nil
    }

    /// A stamp from its two columns by position: both set, or none.
    static func stamp(_ row: Row, by: Int, at: Int) -> Stamp? {
        guard let name: String = row[by], let time = date(row[at]) else { return nil }
        return Stamp(by: name, at: time)
    }

    // Users and cycles are read on every request (who is calling, may they see this unit), so they
    // are selected with these column lists and read by position: GRDB's by-name lookup lowercases
    // every column name on every access, a few hundred strings per request for these two rows.
    // The lists are constants, never values; values go in as arguments.

    /// `SELECT` of the columns `user(_:)` reads, in its order; add `FROM`, joins and `WHERE`.
    static let selectUser = """
        SELECT user.username, user.name, user.role, user.unitCode, user.passwordHash, user.disabled, user.failedLogins,
            user.failureWindowStart, user.lockedUntil, user.lastLoginAt, user.createdAt, user.reactivatedAt, user.totpSecret,
            user.totpEnabledAt, user.totpLastStep, user.passwordResetSha256, user.passwordResetExpiresAt, user.email
        """

    static func user(_ row: Row) -> User {
        User(
            username: row[0],
            name: row[1],
            role: Role(rawValue: row[2]) ?? .observer,
            unitCode: row[3],
            passwordHash: row[4],
            disabled: row[5],
            failedLogins: row[6],
            failureWindowStart: date(row[7]),
            lockedUntil: date(row[8]),
            lastLoginAt: date(row[9]),
            createdAt: date(row[10])!,
            reactivatedAt: date(row[11]),
            totpSecret: row[12],
            totpEnabledAt: date(row[13]),
            totpLastStep: row[14],
            passwordResetSHA256: row[15],
            passwordResetExpiresAt: date(row[16]),
            email: row[17]
        )
    }

    /// `SELECT` of the columns `cycle(_:)` reads, in its order.
    static let selectCycle = """
        SELECT code, name, year, frameworkCode, frameworkVersion, frameworkSha256, phase, selfAssessmentDeadline,
            appraisalDeadline, explanationDeadline, finalReviewDeadline, createdAt
        """

    static func cycle(_ row: Row) -> Cycle {
        Cycle(
            code: row[0],
            name: row[1],
            year: row[2],
            frameworkCode: row[3],
            frameworkVersion: row[4],
            frameworkSHA256: row[5],
            phase: Phase(rawValue: row[6])!,
            deadlines: Deadlines(
                selfAssessment: date(row[7])!,
                appraisal: date(row[8])!,
                explanation: date(row[9])!,
                finalReview: date(row[10])!
            ),
            createdAt: date(row[11])!
        )
    }

    // Assessments, items, evidence and messages are read on every score write and every rendering
    // of an assessment, so they too are selected with column lists and read by position.

    /// `SELECT` of the columns `assessment(_:)` reads, in its order.
    static let selectAssessment = """
        SELECT assessment.id, assessment.cycleCode, assessment.unitCode, assessment.status, assessment.submittedAt,
            assessment.submittedBy, assessment.late, assessment.manifest, assessment.receiptSha256, assessment.extensionUntil,
            assessment.extensionReason, assessment.onBehalfReason
        """

    static func assessment(_ row: Row) -> Assessment {
        Assessment(
            id: row[0],
            cycleCode: row[1],
            unitCode: row[2],
            status: AssessmentStatus(rawValue: row[3])!,
            submittedAt: date(row[4]),
            submittedBy: row[5],
            late: row[6],
            manifest: row[7],
            receiptSHA256: row[8],
            extensionUntil: date(row[9]),
            extensionReason: row[10],
            onBehalfReason: row[11]
        )
    }

    static let selectReceipt = """
        SELECT id, assessmentId, sha256, manifest, submittedAt, submittedBy, late, onBehalfReason, endedAt, endedBy, ending, endReason
        FROM receipt
        """

    static func receipt(_ row: Row) -> SubmissionReceipt {
        let endedAt = date(row[8])
        let endedBy: String? = row[9]
        let ending: String? = row[10]
        return SubmissionReceipt(
            id: row[0],
            assessmentId: row[1],
            sha256: row[2],
            manifest: row[3],
            submitted: Stamp(by: row[5], at: date(row[4])!),
            late: row[6],
            onBehalfReason: row[7],
            ended: endedAt.flatMap { at in endedBy.map { Stamp(by: $0, at: at) } },
            ending: ending.flatMap(SubmissionReceipt.Ending.init(rawValue:)),
            endReason: row[11]
        )
    }

    /// `SELECT` of the columns `item(_:)` reads, in its order.
    static let selectItem = """
        SELECT item.id, item.assessmentId, item.criterion, item.applicable, item.naReason,
            item.selfEntry, item.selfPoints, item.selfNote, item.selfBy, item.selfAt,
            item.appraisedEntry, item.appraisedPoints, item.appraisedNote, item.appraisedBy, item.appraisedAt,
            item.finalPoints, item.finalNote, item.finalDisposition, item.finalBy, item.finalAt, item.state, item.version
        """

    static func item(_ row: Row) -> Item {
        let selfValue = stamp(row, by: 8, at: 9).map {
            SelfValue(entry: entry(row[5]), points: points(row[6]), note: row[7], stamp: $0)
        }
        var appraised: AppraisedValue? = nil
        if let s = stamp(row, by: 13, at: 14), let e = entry(row[10]), let p = points(row[11]) {
            appraised = AppraisedValue(entry: e, points: p, note: row[12], stamp: s)
        }
        var final: FinalValue? = nil
        if let s = stamp(row, by: 18, at: 19), let p = points(row[15]) {
            final = FinalValue(
                points: p,
                note: row[16],
                disposition: (row[17] as String?).flatMap(Disposition.init(rawValue:)),
                stamp: s
            )
        }
        return Item(
            id: row[0],
            assessmentId: row[1],
            criterion: row[2],
            applicable: row[3],
            notApplicableReason: row[4],
            selfValue: selfValue,
            appraised: appraised,
            final: final,
            state: ItemState(rawValue: row[20])!,
            version: row[21]
        )
    }

    /// `SELECT` of the columns `evidence(_:)` reads, in its order.
    static let selectEvidence = """
        SELECT evidence.id, evidence.itemId, evidence.kind, evidence.filename, evidence.size, evidence.sha256, evidence.contentType,
            evidence.title, evidence.documentNumber, evidence.issuedOn, evidence.url, evidence.uploadedBy, evidence.uploadedAt,
            evidence.supplementary, evidence.deletedBy, evidence.deletedAt
        """

    static func evidence(_ row: Row) -> Evidence {
        Evidence(
            id: row[0],
            itemId: row[1],
            kind: Evidence.Kind(rawValue: row[2])!,
            filename: row[3],
            size: row[4],
            sha256: row[5],
            contentType: row[6],
            title: row[7],
            documentNumber: row[8],
            issuedOn: row[9],
            url: row[10],
            uploaded: stamp(row, by: 11, at: 12)!,
            supplementary: row[13],
            deleted: stamp(row, by: 14, at: 15)
        )
    }

    /// `SELECT` of the columns `message(_:)` reads, in its order.
    static let selectMessage = "SELECT message.id, message.itemId, message.kind, message.body, message.author, message.createdAt"

    static func message(_ row: Row) -> ThreadMessage {
        ThreadMessage(
            id: row[0],
            itemId: row[1],
            kind: ThreadMessage.Kind(rawValue: row[2])!,
            body: row[3],
            stamp: Stamp(by: row[4], at: date(row[5])!)
        )
    }

    static func arguments(_ e: Evidence) -> StatementArguments {
        [
            e.id, e.itemId, e.kind.rawValue, e.filename, e.size, e.sha256, e.contentType, e.title, e.documentNumber, e.issuedOn, e.url,
            e.uploaded.by, text(e.uploaded.at), e.supplementary, e.deleted?.by, text(e.deleted?.at),
        ]
    }

    static func publication(_ row: Row) -> Publication {
        Publication(
            cycleCode: row["cycleCode"],
            publishedAt: date(row["publishedAt"])!,
            publishedBy: row["publishedBy"],
            snapshot: row["snapshot"],
            snapshotSHA256: row["snapshotSha256"],
            auditHead: row["auditHead"],
            auditEvents: row["auditEvents"]
        )
    }
}
