import Foundation
import GRDB
import ParIndexCore

#if canImport(Glibc)
import Glibc
#endif

extension AppDatabase {
    /// Every evidence file's SHA-256 that a row names, deleted rows included (their bytes stay for
    /// the record): what the evidence directory must keep (UP-10, A11).
    public func referencedEvidenceHashes() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM evidence WHERE kind = 'file' AND sha256 IS NOT NULL"))
        }
    }
}

extension AppDatabase {
    /// What a backup holds besides the database file.
    public struct EvidenceBackup: Sendable {
        public var files: Int
        public var bytes: Int64
        public var directory: String
    }

    /// Puts the evidence files that the backup at `backupPath` names into `destination` (the same
    /// `ab/cd/<sha256>` layout), so the copy and its files travel together (A11: "list the files
    /// referenced by the backup and check that they exist"). Files are content-addressed and never
    /// rewritten, so a hard link is as good as a copy on the same file system (and costs no space);
    /// elsewhere it copies. Reading the list from the copy, not the live database, means every row
    /// in the copy has its file; rows are never removed, so the live directory still has them.
    public static func backupEvidence(
        referencedBy backupPath: String,
        from evidenceDirectory: String,
        to destination: String
    ) throws
        -> EvidenceBackup
    {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let copy = try DatabaseQueue(path: backupPath, configuration: configuration)
        let files = try copy.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT sha256, size FROM evidence WHERE kind = 'file' AND sha256 IS NOT NULL")
                .map { (sha256: $0["sha256"] as String, size: ($0["size"] as Int64?) ?? 0) }
        }
        try copy.close()
        let manager = FileManager.default
        var missing: [String] = []
        var bytes: Int64 = 0
        for file in files {
            let source = FileEvidenceStorage.address(evidenceDirectory, file.sha256)
            let target = FileEvidenceStorage.address(destination, file.sha256)
            guard manager.fileExists(atPath: source) else {
                missing.append(file.sha256)
                continue
            }
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if !manager.fileExists(atPath: target), link(source, target) != 0 {
                try manager.copyItem(atPath: source, toPath: target)
            }
            bytes += file.size
        }
        guard missing.isEmpty else {
            throw DomainError.internalFailure(
                "Thiếu \(missing.count) tệp tài liệu mà bản sao lưu ghi nhận (ví dụ \(missing[0])); bản sao lưu chưa đầy đủ."
            )
        }
        return EvidenceBackup(files: files.count, bytes: bytes, directory: destination)
    }
}
