import Foundation
import GRDB
import ParIndexCore

/// Foundation has a `Unit` (measurements) too; in this target the word means ours.
typealias Unit = ParIndexCore.Unit

/// Rows to domain values and back. Times are RFC 3339 text; points integer hundredths.
enum Mapping {
    static func text(_ date: Date?) -> String? { date.map(Timestamp.format) }
    static func date(_ text: String?) -> Date? { text.flatMap(Timestamp.parse) }
    static func points(_ hundredths: Int?) -> Points? { hundredths.map { Points(hundredths: $0) } }

    static func entry(_ json: String?) -> Entry? {
        guard let json, let document = try? DocumentValue.parseJSON(json) else { return nil }
        if let p = document["points"]?.scalarText.flatMap(Points.init(parsing:)) { return .points(p) }
        if let c = document["choice"]?.scalarText.flatMap({ Int($0) }) { return .choice(c) }
        if let inputs = document["inputs"], let n = inputs["numerator"]?.scalarText.flatMap({ Int($0) }),
            let d = inputs["denominator"]?.scalarText.flatMap({ Int($0) })
        {
            return .ratio(numerator: n, denominator: d)
        }
        return nil
    }

    static func stamp(_ row: Row, _ prefix: String) -> Stamp? {
        guard let by: String = row["\(prefix)By"], let at = date(row["\(prefix)At"]) else { return nil }
        return Stamp(by: by, at: at)
    }

    // Users and cycles are read on every request (who is calling, may they see this unit), so they
    // are selected with these column lists and read by position: GRDB's by-name lookup lowercases
    // every column name on every access, a few hundred strings per request for these two rows.
    // The lists are constants, never values; values go in as arguments.

    /// `SELECT` of the columns `user(_:)` reads, in its order; add `FROM`, joins and `WHERE`.
    static let selectUser = """
        SELECT user.username, user.name, user.role, user.unitCode, user.passwordHash, user.disabled, user.failedLogins,
            user.failureWindowStart, user.lockedUntil, user.lastLoginAt, user.createdAt, user.reactivatedAt, user.totpSecret,
            user.totpEnabledAt, user.totpLastStep, user.passwordResetSha256, user.passwordResetExpiresAt
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
            passwordResetExpiresAt: date(row[16])
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

    static func assessment(_ row: Row) -> Assessment {
        Assessment(
            id: row["id"],
            cycleCode: row["cycleCode"],
            unitCode: row["unitCode"],
            status: AssessmentStatus(rawValue: row["status"])!,
            submittedAt: date(row["submittedAt"]),
            submittedBy: row["submittedBy"],
            late: row["late"],
            manifest: row["manifest"],
            receiptSHA256: row["receiptSha256"],
            extensionUntil: date(row["extensionUntil"]),
            extensionReason: row["extensionReason"]
        )
    }

    static func item(_ row: Row) -> Item {
        let selfValue = stamp(row, "self").map {
            SelfValue(entry: entry(row["selfEntry"]), points: points(row["selfPoints"]), note: row["selfNote"], stamp: $0)
        }
        var appraised: AppraisedValue? = nil
        if let s = stamp(row, "appraised"), let e = entry(row["appraisedEntry"]), let p = points(row["appraisedPoints"]) {
            appraised = AppraisedValue(entry: e, points: p, note: row["appraisedNote"], stamp: s)
        }
        var final: FinalValue? = nil
        if let s = stamp(row, "final"), let p = points(row["finalPoints"]) {
            final = FinalValue(
                points: p,
                note: row["finalNote"],
                disposition: (row["finalDisposition"] as String?).flatMap(Disposition.init(rawValue:)),
                stamp: s
            )
        }
        return Item(
            id: row["id"],
            assessmentId: row["assessmentId"],
            criterion: row["criterion"],
            applicable: row["applicable"],
            notApplicableReason: row["naReason"],
            selfValue: selfValue,
            appraised: appraised,
            final: final,
            state: ItemState(rawValue: row["state"])!,
            version: row["version"]
        )
    }

    static func evidence(_ row: Row) -> Evidence {
        Evidence(
            id: row["id"],
            itemId: row["itemId"],
            kind: Evidence.Kind(rawValue: row["kind"])!,
            filename: row["filename"],
            size: row["size"],
            sha256: row["sha256"],
            contentType: row["contentType"],
            title: row["title"],
            documentNumber: row["documentNumber"],
            issuedOn: row["issuedOn"],
            url: row["url"],
            uploaded: stamp(row, "uploaded")!,
            supplementary: row["supplementary"],
            deleted: stamp(row, "deleted")
        )
    }

    static func message(_ row: Row) -> ThreadMessage {
        ThreadMessage(
            id: row["id"],
            itemId: row["itemId"],
            kind: ThreadMessage.Kind(rawValue: row["kind"])!,
            body: row["body"],
            stamp: Stamp(by: row["author"], at: date(row["createdAt"])!)
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
            auditHead: row["auditHead"]
        )
    }
}
