import GRDB

extension Migrations {
    /// Submissions an admin made for a unit carry the reason, and a reopened or withdrawn
    /// submission keeps its receipt: a receipt once handed out is never erased, only superseded.
    /// Receipts already issued are copied in, so every assessment's history starts complete.
    static func submissionHistory(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE assessment ADD COLUMN onBehalfReason TEXT;

                CREATE TABLE receipt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    assessmentId INTEGER NOT NULL REFERENCES assessment(id),
                    sha256 TEXT NOT NULL,
                    manifest TEXT NOT NULL,
                    submittedAt TEXT NOT NULL,
                    submittedBy TEXT NOT NULL,
                    late INTEGER NOT NULL,
                    onBehalfReason TEXT,
                    endedAt TEXT,
                    endedBy TEXT,
                    ending TEXT CHECK (ending IN ('reopened', 'withdrawn')),
                    endReason TEXT
                ) STRICT;
                CREATE INDEX receipt_assessment ON receipt(assessmentId);

                INSERT INTO receipt (assessmentId, sha256, manifest, submittedAt, submittedBy, late)
                    SELECT id, receiptSha256, manifest, submittedAt, submittedBy, late FROM assessment
                    WHERE status = 'submitted' AND receiptSha256 IS NOT NULL AND manifest IS NOT NULL
                        AND submittedAt IS NOT NULL AND submittedBy IS NOT NULL;
                """
        )
    }
}
