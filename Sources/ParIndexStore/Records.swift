import Foundation
import GRDB
import ParIndexCore

// The organisation's tables, frameworks, the ledger, notifications and the e-mail outbox, through
// GRDB's record protocols: columns by name, no position to keep in step with a `SELECT`. The rows
// read on every request (users, cycles, assessments, items, evidence, messages, publications) stay
// read by position in `Mapping`, and the ledger replay streams its joins by position
// (docs/decisions 0008–0014, 0027): those are the measured paths.

/// A row of `block`.
struct BlockRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "block"
    var code: String
    var name: String

    init(_ block: Block) { (code, name) = (block.code, block.name) }
    var block: Block { Block(code: code, name: name) }
}

/// A row of `unit`.
struct UnitRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "unit"
    var code: String
    var name: String
    var blockCode: String

    init(_ unit: Unit) { (code, name, blockCode) = (unit.code, unit.name, unit.blockCode) }
    var unit: Unit { Unit(code: code, name: name, blockCode: blockCode) }
}

/// A row of `reviewerAssignment`.
struct AssignmentRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "reviewerAssignment"
    var cycleCode: String
    var username: String
    var unitCode: String

    var assignment: ReviewerAssignment { ReviewerAssignment(cycleCode: cycleCode, username: username, unitCode: unitCode) }
}

/// A row of `framework`. The document is read only when the cache does not hold the framework
/// parsed (`FrameworkHead` reads the row without it).
struct FrameworkRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "framework"
    var code: String
    var version: String
    var contentSha256: String
    var document: String
    var importedAt: String

    init(_ stored: StoredFramework) {
        code = stored.framework.code
        version = stored.framework.version
        contentSha256 = stored.contentSHA256
        document = stored.framework.document.canonicalJSON
        importedAt = Timestamp.format(stored.importedAt)
    }
}

/// `framework` without its document: which versions exist, their hashes and import times.
struct FrameworkHead: Codable, FetchableRecord, TableRecord, Sendable {
    static let databaseTableName = "framework"
    static var databaseSelection: [any SQLSelectable] { [Column("code"), Column("version"), Column("contentSha256"), Column("importedAt")] }
    var code: String
    var version: String
    var contentSha256: String
    var importedAt: String
}

/// A row of `ledger`, as `LedgerEvent` holds it (`at` is the text the hash was computed over).
struct LedgerRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "ledger"
    var seq: Int64
    var at: String
    var actor: String
    var action: String
    var subject: String
    var payload: String
    var previousHash: String
    var hash: String

    init(_ event: LedgerEvent) {
        (seq, at, actor, action, subject) = (event.sequence, event.at, event.actor, event.action, event.subject)
        (payload, previousHash, hash) = (event.payload, event.previousHash, event.hash)
    }

    var event: LedgerEvent {
        LedgerEvent(sequence: seq, at: at, actor: actor, action: action, subject: subject, payload: payload, previousHash: previousHash, hash: hash)
    }
}

/// A row of `notification`; times as the store writes them (`Mapping.text`).
struct NotificationRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "notification"
    var id: Int64?
    var username: String
    var kind: String
    var page: String
    var cycleCode: String
    var unitCode: String?
    var criterion: String?
    var subject: String
    var body: String
    var createdAt: String
    var readAt: String?

    init(_ notification: UserNotification) {
        let target = notification.target
        (id, username, kind) = (notification.id, notification.username, notification.kind.rawValue)
        (page, cycleCode, unitCode, criterion) = (target.page, target.cycleCode, target.unitCode, target.criterion)
        (subject, body) = (notification.subject, notification.body)
        (createdAt, readAt) = (Timestamp.format(notification.createdAt), Mapping.text(notification.readAt))
    }

    /// Nil for a kind or page this version does not know.
    var notification: UserNotification? {
        guard let kind = NotificationKind(rawValue: kind),
            let target = NotificationTarget(page: page, cycle: cycleCode, unit: unitCode, criterion: criterion)
        else { return nil }
        return UserNotification(
            id: id,
            username: username,
            kind: kind,
            target: target,
            subject: subject,
            body: body,
            createdAt: Mapping.date(createdAt)!,
            readAt: Mapping.date(readAt)
        )
    }
}

/// A row of `outbox`; times as the store writes them (`Mapping.text`).
struct OutboxRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "outbox"
    var id: Int64?
    var recipient: String
    var subject: String
    var body: String
    var attempts: Int
    var lastError: String?
    var nextAttemptAt: String
    var sentAt: String?
    var createdAt: String

    init(_ mail: OutboxMail) {
        (id, recipient, subject, body) = (mail.id, mail.recipient, mail.subject, mail.body)
        (attempts, lastError) = (mail.attempts, mail.lastError)
        (nextAttemptAt, sentAt, createdAt) = (Timestamp.format(mail.nextAttemptAt), Mapping.text(mail.sentAt), Timestamp.format(mail.createdAt))
    }

    var mail: OutboxMail {
        OutboxMail(
            id: id,
            recipient: recipient,
            subject: subject,
            body: body,
            attempts: attempts,
            lastError: lastError,
            nextAttemptAt: Mapping.date(nextAttemptAt)!,
            sentAt: Mapping.date(sentAt),
            createdAt: Mapping.date(createdAt)!
        )
    }
}
