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

    func notifications(username: String, limit: Int) throws -> [UserNotification] {
        try NotificationRecord.filter(Column("username") == username).order(Column("id").desc).limit(limit).fetchAll(db)
            .compactMap(\.notification)
    }

    func notification(id: Int64) throws -> UserNotification? {
        try NotificationRecord.fetchOne(db, key: id)?.notification
    }

    func unreadNotificationCount(username: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM notification INDEXED BY notification_unread WHERE username = ? AND readAt IS NULL"),
            arguments: [username]
        ) ?? 0
    }

    func insert(_ notification: UserNotification) throws -> UserNotification {
        try NotificationRecord(notification).insert(db)
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

    func insert(_ mail: OutboxMail) throws -> OutboxMail {
        try OutboxRecord(mail).insert(db)
        var saved = mail
        saved.id = db.lastInsertedRowID
        return saved
    }

    func update(_ mail: OutboxMail) throws {
        try OutboxRecord(mail).update(db, columns: ["attempts", "lastError", "nextAttemptAt", "sentAt"])
    }

    func dueMail(at now: Date, maxAttempts: Int, limit: Int) throws -> [OutboxMail] {
        // The sender's poll: `outbox_due` holds only unsent rows, in `nextAttemptAt` order.
        try OutboxRecord.filter(Column("sentAt") == nil && Column("nextAttemptAt") <= Timestamp.format(now) && Column("attempts") < maxAttempts)
            .order(Column("nextAttemptAt"), Column("id")).limit(limit).fetchAll(db).map(\.mail)
    }

    func outbox(limit: Int) throws -> [OutboxMail] {
        try OutboxRecord.order(Column("sentAt") != nil, Column("id").desc).limit(limit).fetchAll(db).map(\.mail)
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
