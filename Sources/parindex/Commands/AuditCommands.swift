import ArgumentParser
import Foundation
import ParIndexCore
import ParIndexStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check the audit ledger.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain, replay the ledger against every stored row, and check a copied head; exit 1 on any difference."
        )
        @OptionGroup var common: CommonOptions
        @Option(help: "A head copied earlier (GET /api/v1/audit/head): event --events must still have this hash.") var head: String?
        @Option(help: "The event count copied with --head.") var events: Int64?

        func validate() throws {
            guard (head == nil) == (events == nil) else { throw ValidationError("--head and --events go together.") }
        }

        func run() async throws {
            let environment = try await AppEnvironment.open(common)
            let copied = head.flatMap { head in events.map { AuditService.CopiedHead(head: head, events: $0) } }
            let result = try await environment.services.audit.verify(copied: copied)
            if let broken = result.firstBroken {
                print("Sổ nhật ký BỊ SỬA ĐỔI: liên kết hỏng đầu tiên ở sự kiện số \(broken) (đã kiểm tra \(result.events) sự kiện trước đó).")
            }
            for mismatch in result.mismatches { print(Self.line(mismatch)) }
            if result.ok {
                print("Sổ nhật ký toàn vẹn: \(result.events) sự kiện, đầu chuỗi \(result.head); mọi dòng dữ liệu khớp với sổ.")
            } else {
                print("Kiểm tra KHÔNG đạt: \(result.mismatches.count) chỗ khác nhau giữa sổ nhật ký và dữ liệu đang lưu.")
                throw ExitCode(1)
            }
        }

        /// One mismatch per line: where, which field, what the ledger implies, what is stored.
        static func line(_ mismatch: AuditMismatch) -> String {
            let place = [
                mismatch.table, mismatch.cycle.map { "cycle=\($0)" }, mismatch.unit.map { "unit=\($0)" },
                mismatch.criterion.map { "criterion=\($0)" },
            ]
            .compactMap { $0 }.joined(separator: " ")
            return "Khác nhau: \(place) field=\(mismatch.field) ledger=\(mismatch.ledger.canonicalJSON) stored=\(mismatch.stored.canonicalJSON)"
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
