import GRDB

extension AppDatabase {
    /// Every evidence file's SHA-256 that a row names, deleted rows included (their bytes stay for
    /// the record): what the evidence directory must keep (UP-10, A11).
    public func referencedEvidenceHashes() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM evidence WHERE kind = 'file' AND sha256 IS NOT NULL"))
        }
    }
}
