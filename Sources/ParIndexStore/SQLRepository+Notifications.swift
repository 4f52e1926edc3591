import Foundation
import GRDB
import ParIndexCore

/// Notifications, the e-mail outbox and deadline reminders (migration 0008).
extension SQLRepository {
    func users(unit unitCode: String) throws -> [User] {
        try Row.fetchAll(db.cachedStatement(sql: Mapping.selectUser + " FROM user WHERE unitCode = ? ORDER BY username"), arguments: [unitCode])
            .map(Mapping.user)
    }

    func reviewers(cycle cycleCode: String, unit unitCode: String) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT username FROM reviewerAssignment WHERE cycleCode = ? AND unitCode = ? ORDER BY username"),
            arguments: [cycleCode, unitCode]
        )
    }

    func extensions(cycle cycleCode: String) throws -> [String: Date] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT unitCode, extensionUntil FROM assessment WHERE cycleCode = ? AND extensionUntil IS NOT NULL"),
            arguments: [cycleCode]
        )
        var found: [String: Date] = [:]
        for row in rows { found[row[0]] = Mapping.date(row[1]) }
        return found
    }

    static let selectNotification =
        "SELECT id, username, kind, page, cycleCode, unitCode, criterion, subject, body, createdAt, readAt FROM notification"

    static func notification(_ row: Row) -> UserNotification? {
        guard let kind = NotificationKind(rawValue: row[2]),
            let target = NotificationTarget(page: row[3], cycle: row[4], unit: row[5], criterion: row[6])
        else { return nil }
        return UserNotification(
            id: row[0],
            username: row[1],
            kind: kind,
            target: target,
            subject: row[7],
            body: row[8],
            createdAt: Mapping.date(row[9])!,
            readAt: Mapping.date(row[10])
        )
    }

    func notifications(username: String, limit: Int) throws -> [UserNotification] {
        try Row.fetchAll(
            db.cachedStatement(sql: Self.selectNotification + " WHERE username = ? ORDER BY id DESC LIMIT ?"),
            arguments: [username, limit]
        ).compactMap(Self.notification)
    }

    func notification(id: Int64) throws -> UserNotification? {
        try Row.fetchOne(db.cachedStatement(sql: Self.selectNotification + " WHERE id = ?"), arguments: [id]).flatMap(Self.notification)
    }

    func unreadNotificationCount(username: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM notification INDEXED BY notification_unread WHERE username = ? AND readAt IS NULL"),
            arguments: [username]
        ) ?? 0
    }

    func insert(_ notification: UserNotification) throws -> UserNotification {
        let target = notification.target
        try db.cachedStatement(
            sql: """
                INSERT INTO notification (username, kind, page, cycleCode, unitCode, criterion, subject, body, createdAt, readAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            notification.username, notification.kind.rawValue, target.page, target.cycleCode, target.unitCode, target.criterion,
            notification.subject, notification.body, Mapping.text(notification.createdAt), Mapping.text(notification.readAt),
        ])
        var saved = notification
        saved.id = db.lastInsertedRowID
        return saved
    }

    func markNotificationsRead(username: String, id: Int64?, at: Date) throws -> Int {
        if let id {
            try db.execute(
                sql: "UPDATE notification SET readAt = ? WHERE username = ? AND id = ? AND readAt IS NULL",
                arguments: [Mapping.text(at), username, id]
            )
        } else {
            try db.execute(sql: "UPDATE notification SET readAt = ? WHERE username = ? AND readAt IS NULL", arguments: [Mapping.text(at), username])
        }
        return db.changesCount
    }

    func remindedUnits(cycle cycleCode: String, phase: Phase, deadline: Date, daysBefore: Int) throws -> Set<String> {
        Set(
            try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT unitCode FROM deadlineReminder WHERE cycleCode = ? AND phase = ? AND deadline = ? AND daysBefore = ?"
                ),
                arguments: [cycleCode, phase.rawValue, Mapping.text(deadline), daysBefore]
            )
        )
    }

    func record(_ reminder: DeadlineReminder, notified: Bool, at: Date) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT INTO deadlineReminder (cycleCode, phase, unitCode, deadline, daysBefore, notified, decidedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """
        ).execute(arguments: [
            reminder.cycleCode, reminder.phase.rawValue, reminder.unitCode, Mapping.text(reminder.deadline), reminder.daysBefore, notified,
            Mapping.text(at),
        ])
        return db.changesCount > 0
    }

    static let selectMail = "SELECT id, recipient, subject, body, attempts, lastError, nextAttemptAt, sentAt, createdAt FROM outbox"

    static func mail(_ row: Row) -> OutboxMail {
        OutboxMail(
            id: row[0],
            recipient: row[1],
            subject: row[2],
            body: row[3],
            attempts: row[4],
            lastError: row[5],
            nextAttemptAt: Mapping.date(row[6])!,
            sentAt: Mapping.date(row[7]),
            createdAt: Mapping.date(row[8])!
        )
    }

    func insert(_ mail: OutboxMail) throws -> OutboxMail {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (recipient, subject, body, attempts, lastError, nextAttemptAt, sentAt, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            mail.recipient, mail.subject, mail.body, mail.attempts, mail.lastError, Mapping.text(mail.nextAttemptAt), Mapping.text(mail.sentAt),
            Mapping.text(mail.createdAt),
        ])
        var saved = mail
        saved.id = db.lastInsertedRowID
        return saved
    }

    func update(_ mail: OutboxMail) throws {
        try db.execute(
            sql: "UPDATE outbox SET attempts = ?, lastError = ?, nextAttemptAt = ?, sentAt = ? WHERE id = ?",
            arguments: [mail.attempts, mail.lastError, Mapping.text(mail.nextAttemptAt), Mapping.text(mail.sentAt), mail.id]
        )
    }

    func dueMail(at now: Date, maxAttempts: Int, limit: Int) throws -> [OutboxMail] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: Self.selectMail + " WHERE sentAt IS NULL AND nextAttemptAt <= ? AND attempts < ? ORDER BY nextAttemptAt, id LIMIT ?"
            ),
            arguments: [Mapping.text(now), maxAttempts, limit]
        ).map(Self.mail)
    }

    func outbox(limit: Int) throws -> [OutboxMail] {
        try Row.fetchAll(
            db.cachedStatement(sql: Self.selectMail + " ORDER BY sentAt IS NOT NULL, id DESC LIMIT ?"),
            arguments: [limit]
        ).map(Self.mail)
    }

    func outboxCounts(maxAttempts: Int) throws -> OutboxCounts {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(sentAt), COALESCE(SUM(sentAt IS NULL AND attempts < ?1), 0),
                        COALESCE(SUM(sentAt IS NULL AND attempts > 0 AND attempts < ?1), 0), COALESCE(SUM(sentAt IS NULL AND attempts >= ?1), 0)
                    FROM outbox
                    """
            ),
            arguments: [maxAttempts]
        )
        guard let row else { return OutboxCounts() }
        return OutboxCounts(sent: row[0], waiting: row[1], failing: row[2], givenUp: row[3])
    }

    func retryUnsentMail(at now: Date) throws -> Int {
        try db.execute(sql: "UPDATE outbox SET attempts = 0, nextAttemptAt = ? WHERE sentAt IS NULL", arguments: [Mapping.text(now)])
        return db.changesCount
    }
}
