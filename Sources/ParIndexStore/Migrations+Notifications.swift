import GRDB

extension Migrations {
    /// Notifications inside the application, the e-mail outbox the background sender drains, the
    /// record of deadline reminders that keeps the periodic job from sending one twice, and an
    /// optional e-mail address per account.
    static func notifications(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE user ADD COLUMN email TEXT;

                CREATE TABLE notification (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username TEXT NOT NULL REFERENCES user(username) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('phase', 'question', 'answer', 'settlement', 'deadline', 'publication')),
                    page TEXT NOT NULL,
                    cycleCode TEXT NOT NULL REFERENCES cycle(code),
                    unitCode TEXT,
                    criterion TEXT,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    createdAt TEXT NOT NULL,
                    readAt TEXT
                ) STRICT;
                -- A person's list, newest first, and the header's unread count.
                CREATE INDEX notification_user ON notification(username, id);
                CREATE INDEX notification_unread ON notification(username) WHERE readAt IS NULL;

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    lastError TEXT,
                    nextAttemptAt TEXT NOT NULL,
                    sentAt TEXT,
                    createdAt TEXT NOT NULL
                ) STRICT;
                -- What the sender polls every few seconds: only unsent rows are in it.
                CREATE INDEX outbox_due ON outbox(nextAttemptAt) WHERE sentAt IS NULL;

                CREATE TABLE deadlineReminder (
                    cycleCode TEXT NOT NULL REFERENCES cycle(code),
                    phase TEXT NOT NULL,
                    unitCode TEXT NOT NULL REFERENCES unit(code),
                    deadline TEXT NOT NULL,
                    daysBefore INTEGER NOT NULL,
                    notified INTEGER NOT NULL,
                    decidedAt TEXT NOT NULL,
                    PRIMARY KEY (cycleCode, phase, deadline, daysBefore, unitCode)
                ) STRICT;
                """
        )
    }
}
