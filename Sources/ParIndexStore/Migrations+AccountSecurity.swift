import GRDB

extension Migrations {
    /// TOTP second factor, the inactivity rule's re-enabling time, admin-issued password resets,
    /// and the pending second step of a sign-in (SECURITY.md AU, AU-9).
    static func accountSecurity(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE user ADD COLUMN reactivatedAt TEXT;
                ALTER TABLE user ADD COLUMN totpSecret TEXT;
                ALTER TABLE user ADD COLUMN totpEnabledAt TEXT;
                ALTER TABLE user ADD COLUMN totpLastStep INTEGER;
                ALTER TABLE user ADD COLUMN passwordResetSha256 TEXT;
                ALTER TABLE user ADD COLUMN passwordResetExpiresAt TEXT;
                CREATE TABLE loginChallenge (
                    idSha256 TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL REFERENCES user(username) ON DELETE CASCADE,
                    createdAt TEXT NOT NULL
                ) STRICT;
                CREATE INDEX loginChallenge_createdAt ON loginChallenge(createdAt);
                """
        )
    }
}
