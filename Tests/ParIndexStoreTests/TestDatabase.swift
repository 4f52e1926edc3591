import Foundation
import ParIndexCore
import ParIndexFormats
import ParIndexStore

/// A real SQLite database in a temporary file (the production WAL configuration), with a clock
/// that tests move by hand and cheap password hashing.
struct TestDatabase {
    let directory: URL
    let database: AppDatabase
    let clock: ManualClock
    let services: Services

    static let t0 = Timestamp.parse("2026-03-01T02:00:00Z")!

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = ManualClock(Self.t0)
        database = try AppDatabase.open(path: directory.appendingPathComponent("test.sqlite").path, clock: clock)
        services = Services(repository: database, clock: clock, passwords: ScryptPasswordHasher.forTesting, inspector: FileEvidenceInspector())
    }

    var path: String { directory.appendingPathComponent("test.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

let admin = Caller.commandLine("test")

func days(_ n: Double) -> TimeInterval { n * 86400 }

/// A small framework that uses every rule kind, with hand-checkable maxima (Tests/Fixtures/small-framework.json):
/// field 1 = 1.1 scale 2 + 1.2 choice 1 + 1.3 ratio_tiers 2 (N/A allowed, evidence required) = 5;
/// field 2 = 2.1 ratio_linear 3 + 2.2 survey 2 = 5; field 9 = bonus 1 + deduction 1. Max 10.
let smallFrameworkJSON = try! String(
    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/small-framework.json"),
    encoding: .utf8
)

extension TestDatabase {
    /// Blocks DEPT and DISTRICT, units A1, A2 (DEPT) and B1 (DISTRICT), the small framework, one
    /// user per unit, reviewers r1 (assigned A1, A2), r2 (assigned B1, belongs to A1), and cycle
    /// "2026" in `self_assessment` with deadlines t0+10d, +20d, +30d, +40d.
    func seedCycle() async throws {
        let s = services
        _ = try await s.admin.saveBlock(Block(code: "DEPT", name: "Khối sở"), by: admin)
        _ = try await s.admin.saveBlock(Block(code: "DISTRICT", name: "Khối quận, huyện"), by: admin)
        _ = try await s.admin.importUnits(
            [
                .init(line: 2, code: "A1", name: "Sở Tài chính", block: "DEPT"), .init(line: 3, code: "A2", name: "Sở Tư pháp", block: "DEPT"),
                .init(line: 4, code: "B1", name: "Quận Cầu Giấy", block: "DISTRICT"),
            ],
            by: admin
        )
        _ = try await s.admin.importFramework(try DocumentValue.parseJSON(smallFrameworkJSON), by: admin)
        for (user, unit) in [("u.a1", "A1"), ("u.a2", "A2"), ("u.b1", "B1")] {
            _ = try await s.admin.createUser(.init(username: user, name: user, role: .unit, unitCode: unit, password: "Mật-khẩu-dài-1"), by: admin)
        }
        _ = try await s.admin.createUser(
            .init(username: "r1", name: "Reviewer 1", role: .reviewer, unitCode: nil, password: "Mật-khẩu-dài-1"),
            by: admin
        )
        _ = try await s.admin.createUser(
            .init(username: "r2", name: "Reviewer 2", role: .reviewer, unitCode: "A1", password: "Mật-khẩu-dài-1"),
            by: admin
        )
        _ = try await s.admin.createCycle(
            .init(
                code: "2026",
                name: "Kỳ 2026",
                year: 2026,
                frameworkCode: "test-fw",
                frameworkVersion: "1",
                units: ["A1", "A2", "B1"],
                deadlines: Deadlines(
                    selfAssessment: Self.t0 + days(10),
                    appraisal: Self.t0 + days(20),
                    explanation: Self.t0 + days(30),
                    finalReview: Self.t0 + days(40)
                )
            ),
            by: admin
        )
        _ = try await s.admin.assignReviewer(cycle: "2026", username: "r1", units: ["A1", "A2"], by: admin)
        _ = try await s.admin.assignReviewer(cycle: "2026", username: "r2", units: ["B1"], by: admin)
        _ = try await s.admin.movePhase(cycle: "2026", to: .selfAssessment, by: admin)
    }

    func caller(_ username: String) async throws -> Caller {
        try await database.read { db in Caller(try db.user(username)!) }
    }
}
