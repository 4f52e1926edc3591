import GRDB

extension Migrations {
    /// API tokens get a public id to be listed and revoked by, a label, their last use and an
    /// expiry; a disabled account keeps why, when and by whom, in columns of its own that only the
    /// disable and the enable write (SECURITY.md CR-1…CR-3, decision 0028).
    ///
    /// The token table is rebuilt (SQLite cannot add a primary key to a table). A token issued
    /// before this migration expires 180 days after it was made, the default of `auth.tokenDays`:
    /// the configured value is not known to a migration, and a token older than that is exactly
    /// what expiry is for. `AUTOINCREMENT`: a revoked token's id is never handed out again, so an
    /// id in the ledger names one token for good.
    static func credentialsLifecycle(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE apiTokenLifecycle (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tokenSha256 TEXT NOT NULL UNIQUE,
                    username TEXT NOT NULL REFERENCES user(username) ON DELETE CASCADE,
                    label TEXT,
                    createdAt TEXT NOT NULL,
                    lastUsedAt TEXT,
                    expiresAt TEXT NOT NULL
                ) STRICT;
                INSERT INTO apiTokenLifecycle (tokenSha256, username, createdAt, expiresAt)
                    SELECT tokenSha256, username, createdAt, strftime('%Y-%m-%dT%H:%M:%fZ', createdAt, '+180 days')
                    FROM apiToken ORDER BY createdAt, tokenSha256;
                DROP TABLE apiToken;
                ALTER TABLE apiTokenLifecycle RENAME TO apiToken;
                CREATE INDEX apiToken_username ON apiToken(username);
                ALTER TABLE user ADD COLUMN disabledAt TEXT;
                ALTER TABLE user ADD COLUMN disabledBy TEXT;
                ALTER TABLE user ADD COLUMN disabledReason TEXT;
                """
        )
    }
}
