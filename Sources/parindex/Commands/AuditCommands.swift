import ArgumentParser
import Foundation
import ParIndexCore
import ParIndexStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check the audit ledger.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the hash chain; names the first broken link.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let environment = try await AppEnvironment.open(common)
            let result = try await environment.services.audit.verify()
            if result.ok {
                print("Sổ nhật ký toàn vẹn: \(result.events) sự kiện, đầu chuỗi \(result.head).")
            } else {
                print(
                    "Sổ nhật ký BỊ SỬA ĐỔI: liên kết hỏng đầu tiên ở sự kiện số \(result.firstBroken!) (đã kiểm tra \(result.events) sự kiện trước đó)."
                )
                throw ExitCode(1)
            }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Online backup to FILE, then integrity_check on the copy; the evidence files it names go to FILE.evidence/."
    )
    @OptionGroup var common: CommonOptions
    @Argument(help: "Destination file (must not exist).") var file: String

    func run() async throws {
        try await operatorAction {
            let environment = try await AppEnvironment.open(common)
            let check = try environment.database.backup(to: file)
            print("Đã sao lưu vào \(file); integrity_check: \(check).")
            // The files the copy names, taken after the copy so each of its rows has its bytes (A11).
            let evidence = try AppDatabase.backupEvidence(
                referencedBy: file,
                from: environment.settings.evidenceDirectory,
                to: file + ".evidence"
            )
            print("Đã sao lưu \(evidence.files) tệp tài liệu (\(evidence.bytes) byte) vào \(evidence.directory).")
        }
    }
}
