import GRDB

extension Migrations {
    /// A covering index for a publication's short fields. In the table they sit after the snapshot
    /// (megabytes of text in overflow pages), so reading the hash walked the snapshot's whole page
    /// chain: every public request read ~4 MB (a quarter of the server's time under mixed traffic).
    /// The index answers `publicationWithoutSnapshot` without touching the row.
    static func publicationHeader(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX publication_header ON publication (cycleCode, publishedAt, publishedBy, snapshotSha256, auditHead)
                """
        )
    }
}
