import GRDB

extension Migrations {
    /// A publication records how many events the ledger held, beside the head's hash, so a ledger
    /// cut back below that event is caught: the hash alone cannot say where the head stood. The
    /// covering index for a publication's short fields is rebuilt to carry the count too.
    static func ledgerReplay(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE publication ADD COLUMN auditEvents INTEGER;
                DROP INDEX publication_header;
                CREATE INDEX publication_header ON publication (cycleCode, publishedAt, publishedBy, snapshotSha256, auditHead, auditEvents);
                """
        )
    }
}
