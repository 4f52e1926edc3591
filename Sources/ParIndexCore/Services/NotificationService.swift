import Foundation

/// A person's notifications (the list, the header's count, marking read), the periodic deadline
/// reminders, and the e-mail outbox: its sender and the admin's view of it. Notifications of
/// changes are written by the services that make the changes (`Notifier`), not here.
public struct NotificationService: Sendable {
    let services: Services

    /// The latest notifications of the caller, newest first.
    public func list(by caller: Caller, limit: Int = 100) async throws -> [UserNotification] {
        try await services.repository.read { db in try db.notifications(username: caller.username, limit: limit) }
    }

    /// Unread notifications of a person: one indexed count, read on the caller's own thread for
    /// the header of every page.
    public func unreadCount(_ username: String) throws -> Int {
        try services.repository.glance { db in try db.unreadNotificationCount(username: username) }
    }

    /// Whether a notification is the caller's: one indexed read, for the gate before a form is read.
    public func isOwn(_ id: Int64, by caller: Caller) throws -> Bool {
        try services.repository.glance { db in try db.notification(id: id)?.username == caller.username }
    }

    /// Marks one of the caller's notifications read; another person's is `404`, as if it did not exist.
    public func markRead(_ id: Int64, by caller: Caller) async throws {
        let now = services.clock.now()
        try await services.repository.write { db in
            guard let found = try db.notification(id: id), found.username == caller.username else {
                throw DomainError.notFound("thông báo \(id)")
            }
            try db.markNotificationsRead(username: caller.username, id: id, at: now)
        }
    }

    /// Marks every notification of the caller read; returns how many were unread.
    @discardableResult public func markAllRead(by caller: Caller) async throws -> Int {
        let now = services.clock.now()
        return try await services.repository.write { db in try db.markNotificationsRead(username: caller.username, id: nil, at: now) }
    }

    // MARK: - The outbox, for admins

    public struct Outbox: Sendable {
        public var counts: OutboxCounts
        public var mails: [OutboxMail]
        public var maxAttempts: Int
        /// Whether mail is configured at all (without it nothing is queued).
        public var mailEnabled: Bool

        public init(counts: OutboxCounts, mails: [OutboxMail], maxAttempts: Int, mailEnabled: Bool) {
            self.counts = counts
            self.mails = mails
            self.maxAttempts = maxAttempts
            self.mailEnabled = mailEnabled
        }
    }

    public func outbox(by caller: Caller, limit: Int = 200) async throws -> Outbox {
        guard AccessPolicy.canAdminister(caller) else { throw DomainError.forbidden() }
        let settings = services.notificationSettings
        return try await services.repository.read { db in
            Outbox(
                counts: try db.outboxCounts(maxAttempts: settings.retry.maxAttempts),
                mails: try db.outbox(limit: limit),
                maxAttempts: settings.retry.maxAttempts,
                mailEnabled: settings.mail
            )
        }
    }

    /// Every unsent e-mail, given up or waiting, is tried again at the sender's next pass, with its
    /// tries counted afresh: what an admin does once the mail server is fixed.
    @discardableResult public func retryUnsent(by caller: Caller) async throws -> Int {
        guard AccessPolicy.canAdminister(caller) else { throw DomainError.forbidden() }
        let now = services.clock.now()
        return try await services.repository.write { db in try db.retryUnsentMail(at: now) }
    }

    /// Sends what is due through `transport`, one message at a time, each outcome stored at once:
    /// sent, or the error with the next try pushed back (`MailRetry`). Returns how many were sent
    /// and how many failed. Never runs inside a request: the background sender calls it.
    public func sendDueMail(through transport: any MailTransport, limit: Int = 50) async throws -> (sent: Int, failed: Int) {
        let retry = services.notificationSettings.retry
        let due = try await services.repository.read { [now = services.clock.now()] db in
            try db.dueMail(at: now, maxAttempts: retry.maxAttempts, limit: limit)
        }
        var sent = 0
        var failed = 0
        for var mail in due {
            mail.attempts += 1
            do {
                try await transport.send(mail)
                mail.sentAt = services.clock.now()
                sent += 1
            } catch {
                let now = services.clock.now()
                mail.lastError = String(String(describing: error).prefix(1000))
                mail.nextAttemptAt = now.addingTimeInterval(retry.wait(afterAttempts: mail.attempts))
                failed += 1
            }
            try await services.repository.write { [mail] db in try db.update(mail) }
        }
        return (sent, failed)
    }
}
