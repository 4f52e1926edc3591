import Foundation
import GRDB
import ParIndexCore
import Testing

@testable import ParIndexStore

/// UP-10 / A11: bytes are renamed into place before their row commits, so a crash between the two
/// leaves a file no row names. scripts/crash-test found such files after SIGKILL; start-up now
/// removes them (`removeOrphans`) and keeps every file a row names, deleted rows included.
@Suite struct EvidenceCrashTests {
    func store(_ base: TestDatabase, _ bytes: String) throws -> String {
        let storage = try FileEvidenceStorage(directory: base.directory.appendingPathComponent("evidence").path)
        let upload = try storage.beginUpload()
        try Array(bytes.utf8).withUnsafeBytes { try upload.write($0) }
        let (sha256, _) = try upload.finish()
        try upload.commit()
        return sha256
    }

    @Test func startUpRemovesFilesWhoseRowNeverCommittedUP10() async throws {
        let base = try TestDatabase()
        defer { base.remove() }
        try await base.seedCycle()
        let storage = try FileEvidenceStorage(directory: base.directory.appendingPathComponent("evidence").path)
        let kept = try store(base, "%PDF-1.4 kept")
        let deletedButKept = try store(base, "%PDF-1.4 deleted row")
        let orphan = try store(base, "%PDF-1.4 crash between rename and commit")
        let unit = try await base.caller("u.a1")
        for sha256 in [kept, deletedButKept] {
            _ = try await base.services.evidence.addFile(
                cycle: "2026",
                unit: "A1",
                criterion: "1.1",
                filename: "\(sha256.prefix(6)).pdf",
                size: 10,
                sha256: sha256,
                contentType: "application/pdf",
                by: unit
            )
        }
        let deletedId = try await base.database.databaseWriter.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM evidence WHERE sha256 = ?", arguments: [deletedButKept])!
        }
        try await base.services.evidence.delete(deletedId, by: unit)
        let operatorNote = storage.directory + "/README.txt"
        try "not evidence".write(toFile: operatorNote, atomically: true, encoding: .utf8)

        let referenced = try base.database.referencedEvidenceHashes()
        #expect(referenced == [kept, deletedButKept])
        #expect(storage.removeOrphans(keeping: referenced) == [orphan])
        #expect(storage.path(sha256: kept) != nil)
        #expect(storage.path(sha256: deletedButKept) != nil)
        #expect(storage.path(sha256: orphan) == nil)
        #expect(FileManager.default.fileExists(atPath: operatorNote))
        #expect(storage.removeOrphans(keeping: referenced).isEmpty)
    }
}

/// A11: "uploaded evidence files are backed up in step with the DB". `parindex backup` used to copy
/// only the database (scripts/backup-test found no files beside the copy); the files the copy names
/// now go to FILE.evidence, and a missing one fails the backup instead of passing silently.
@Suite struct EvidenceBackupTests {
    @Test func backupCarriesEveryFileTheCopyNamesA11() async throws {
        let base = try TestDatabase()
        defer { base.remove() }
        try await base.seedCycle()
        let live = base.directory.appendingPathComponent("evidence").path
        let named = try EvidenceCrashTests().store(base, "%PDF-1.4 named by a row")
        let unnamed = try EvidenceCrashTests().store(base, "%PDF-1.4 named by no row")
        _ = try await base.services.evidence.addFile(
            cycle: "2026",
            unit: "A1",
            criterion: "1.1",
            filename: "a.pdf",
            size: 23,
            sha256: named,
            contentType: "application/pdf",
            by: try await base.caller("u.a1")
        )
        let copy = base.directory.appendingPathComponent("copy.sqlite").path
        #expect(try base.database.backup(to: copy) == "ok")
        let result = try AppDatabase.backupEvidence(referencedBy: copy, from: live, to: copy + ".evidence")
        #expect(result.files == 1)
        let backedUp = try FileEvidenceStorage(directory: copy + ".evidence")
        #expect(backedUp.path(sha256: named).map { FileManager.default.contents(atPath: $0) } == Data("%PDF-1.4 named by a row".utf8))
        #expect(backedUp.path(sha256: unnamed) == nil)

        // The live file gone: the backup reports it rather than producing a copy with a dangling row.
        try FileManager.default.removeItem(atPath: FileEvidenceStorage(directory: live).path(sha256: named)!)
        #expect(throws: DomainError.self) {
            try AppDatabase.backupEvidence(referencedBy: copy, from: live, to: base.directory.appendingPathComponent("other").path)
        }
    }
}
