import Foundation

/// A generated national dataset for the benchmarks (`parindex demo --scale national`): 3,321 units
/// per scale step in 3 blocks, a 100-leaf framework, a national cycle in final review with every item
/// settled (ready to publish), and a small cycle in self-assessment for units saving.
///
/// Structure (framework, units, cycles, phases, accounts, tokens, assignments) goes through the
/// services. The 332,100 items per scale step do not: one service transaction per item would take
/// hours. They are written in batches of units per transaction, and every unit's assessment — its
/// rows of items, evidence references and thread messages — gets its own ledger event
/// (`generate.assessment`) naming each item's points, so the ledger still accounts for every row
/// (docs/decisions/0007-benchmarks-and-national-dataset.md).
public struct NationalScenario: Sendable {
    public static let unitsPerScale = 3321
    public static let nationalCycle = "quocgia-2026"
    public static let selfCycle = "thunghiem-2026"
    /// Units in the self-assessment cycle, and how many of them get an account.
    public static let selfCycleUnits = 200
    public static let unitAccounts = 20

    public struct Account: Sendable {
        public var username: String
        public var role: Role
        public var unit: String?
        public var password: String
        public var token: String
    }

    public struct Summary: Sendable {
        public var units: Int
        public var items: Int
        public var accounts: [Account]
    }

    public let services: Services
    public let clock: ManualClock
    public let scale: Int

    public init(services: Services, clock: ManualClock, scale: Int) {
        self.services = services
        self.clock = clock
        self.scale = scale
    }

    static let blocks = [("SO", "Khối sở, ban, ngành"), ("HUYEN", "Khối quận, huyện, thị xã"), ("XA", "Khối xã, phường, thị trấn")]

    /// Unit codes block by block: SO00001…, HUYEN00001…, XA00001….
    public func unitRows() -> [AdminService.UnitRow] {
        let perBlock = Self.unitsPerScale * scale / Self.blocks.count
        var rows: [AdminService.UnitRow] = []
        for (code, name) in Self.blocks {
            for n in 1...perBlock {
                let unit = code + String(format: "%05d", n)
                rows.append(.init(line: rows.count + 2, code: unit, name: "\(name) — đơn vị \(n)", block: code))
            }
        }
        return rows
    }

    public func run(progress: (String) -> Void = { _ in }) async throws -> Summary {
        let admin = Caller.commandLine("demo")
        guard try await services.repository.read({ db in try db.cycles().count }) == 0 else {
            throw DomainError.conflict("not_empty", "Cơ sở dữ liệu đã có kỳ đánh giá; chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống.")
        }
        let end = clock.now()
        clock.set(end.addingTimeInterval(-40 * 86400))

        progress("Bộ tiêu chí 100 tiêu chí thành phần, \(Self.blocks.count) khối…")
        let framework = try await services.admin.importFramework(Self.frameworkDocument(), by: admin).framework
        let rows = unitRows()
        _ = try await services.admin.importUnits(rows, blockNames: Dictionary(uniqueKeysWithValues: Self.blocks), by: admin)
        let units = rows.map(\.code)
        // Every block is represented among the units that keep writing.
        let selfUnits = (0..<Self.selfCycleUnits).map { units[$0 * units.count / Self.selfCycleUnits] }

        progress("Kỳ đánh giá và tài khoản…")
        let deadlines = Deadlines(
            selfAssessment: end.addingTimeInterval(60 * 86400),
            appraisal: end.addingTimeInterval(70 * 86400),
            explanation: end.addingTimeInterval(80 * 86400),
            finalReview: end.addingTimeInterval(90 * 86400)
        )
        for (code, name, cycleUnits) in [
            (Self.nationalCycle, "Chỉ số CCHC năm 2026 — toàn quốc (dữ liệu sinh tự động)", units),
            (Self.selfCycle, "Thử nghiệm tự đánh giá 2026 (dữ liệu sinh tự động)", selfUnits),
        ] {
            _ = try await services.admin.createCycle(
                .init(
                    code: code,
                    name: name,
                    year: 2026,
                    frameworkCode: framework.code,
                    frameworkVersion: framework.version,
                    units: cycleUnits,
                    deadlines: deadlines
                ),
                by: admin
            )
            _ = try await services.admin.movePhase(cycle: code, to: .selfAssessment, by: admin)
        }
        var accounts: [Account] = []
        func account(_ username: String, _ role: Role, _ unit: String?) async throws {
            var unused = SplitMix64(seed: 0)
            let password = DemoScenario.password(&unused)
            _ = try await services.admin.createUser(
                .init(username: username, name: username, role: role, unitCode: unit, password: password),
                by: admin
            )
            let token = try await services.admin.createToken(for: username, by: admin)
            accounts.append(Account(username: username, role: role, unit: unit, password: password, token: token))
        }
        try await account("admin", .admin, nil)
        try await account("thamdinh", .reviewer, nil)
        for unit in selfUnits.prefix(Self.unitAccounts) { try await account("dv." + unit.lowercased(), .unit, unit) }
        _ = try await services.admin.assignReviewer(cycle: Self.nationalCycle, username: "thamdinh", units: selfUnits, by: admin)
        _ = try await services.admin.assignReviewer(cycle: Self.selfCycle, username: "thamdinh", units: selfUnits, by: admin)

        var random = SplitMix64(seed: 2026)
        progress("Kỳ \(Self.selfCycle): \(selfUnits.count) đơn vị đang tự đánh giá…")
        try await writeAssessments(cycle: Self.selfCycle, units: selfUnits, framework: framework, settled: false, random: &random)
        for phase in [Phase.appraisal, .explanation, .finalReview] {
            _ = try await services.admin.movePhase(cycle: Self.nationalCycle, to: phase, by: admin)
        }
        progress("Kỳ \(Self.nationalCycle): \(units.count) đơn vị × \(framework.leaves.count) tiêu chí, đã chốt…")
        try await writeAssessments(cycle: Self.nationalCycle, units: units, framework: framework, settled: true, random: &random) {
            progress("  \($0)/\(units.count) đơn vị")
        }
        clock.set(end)
        return Summary(units: units.count, items: (units.count + selfUnits.count) * framework.leaves.count, accounts: accounts)
    }

    /// Writes units' assessments, `batch` units per transaction, each unit with its ledger event.
    func writeAssessments(
        cycle cycleCode: String,
        units: [String],
        framework: Framework,
        settled: Bool,
        random: inout SplitMix64,
        batch: Int = 50,
        done: (Int) -> Void = { _ in }
    ) async throws {
        for start in stride(from: 0, to: units.count, by: batch) {
            let chunk = Array(units[start..<min(start + batch, units.count)])
            let seeds = chunk.map { _ in random.nextValue() }
            let now = clock.now()
            try await services.repository.write { db in
                let cycle = try db.requireCycle(cycleCode)
                for (unitCode, seed) in zip(chunk, seeds) {
                    var unitRandom = SplitMix64(seed: seed)
                    try Self.writeAssessment(
                        db,
                        cycle: cycle,
                        unitCode: unitCode,
                        framework: framework,
                        settled: settled,
                        at: now,
                        random: &unitRandom
                    )
                }
            }
            clock.advance(by: 60)
            if (start / batch) % 20 == 19 { done(start + chunk.count) }
        }
    }

    static func writeAssessment(
        _ db: any RepositoryWriter,
        cycle: Cycle,
        unitCode: String,
        framework: Framework,
        settled: Bool,
        at now: Date,
        random: inout SplitMix64
    ) throws {
        let unitUser = "dv." + unitCode.lowercased()
        let selfStamp = Stamp(by: unitUser, at: now.addingTimeInterval(-30 * 86400))
        let reviewStamp = Stamp(by: "thamdinh", at: now.addingTimeInterval(-10 * 86400))
        var assessment = try db.save(Assessment(cycleCode: cycle.code, unitCode: unitCode))
        let quality = 70 + Int(random.next(upTo: 28))
        // A third of the units went through a question and an answer on two items.
        let leafCount = UInt64(framework.leaves.count)
        let questioned: Set<Int> = settled && random.next(upTo: 3) == 0 ? [Int(random.next(upTo: leafCount)), Int(random.next(upTo: leafCount))] : []
        var rows: [AssessmentService.View.Row] = []
        var ledgerRows: [DocumentValue] = []
        for (index, leaf) in framework.leaves.enumerated() {
            var item = Item(assessmentId: assessment.id!, criterion: leaf.code, version: 1)
            if leaf.spec.source == .survey {
                if settled {
                    let points = Points(hundredths: leaf.spec.max.hundredths * (65 + Int(random.next(upTo: 33))) / 100)
                    item.final = FinalValue(points: points, note: nil, disposition: nil, stamp: reviewStamp)
                    item.state = .settled
                }
            } else {
                let entry = DemoScenario.entry(for: leaf, quality: quality, random: &random)
                let points = try leaf.spec.rule.points(for: entry, max: leaf.spec.max)
                item.selfValue = SelfValue(entry: entry, points: points, note: nil, stamp: selfStamp)
                if settled {
                    item.appraised = AppraisedValue(entry: entry, points: points, note: nil, stamp: reviewStamp)
                    item.state = .agreed
                    item.version = 2
                    if questioned.contains(index) {
                        item.final = FinalValue(points: points, note: "Đã giải trình đầy đủ.", disposition: .accepted, stamp: reviewStamp)
                        item.state = .settled
                        item.version = 3
                    }
                }
            }
            item = try db.save(item)
            var evidence: [Evidence] = []
            if leaf.spec.source == .selfAssessed, leaf.spec.evidence == .required || random.next(upTo: 3) == 0 {
                for _ in 0..<(1 + Int(random.next(upTo: 2))) {
                    let reference = DemoScenario.reference(for: leaf, unitCode: unitCode, random: &random)
                    let row = Evidence(
                        id: UUID().uuidString.lowercased(),
                        itemId: item.id!,
                        kind: .reference,
                        title: reference.title,
                        documentNumber: reference.documentNumber,
                        issuedOn: reference.issuedOn,
                        uploaded: selfStamp
                    )
                    try db.insert(row)
                    evidence.append(row)
                }
            }
            var thread: [ThreadMessage] = []
            if questioned.contains(index) {
                let question = DemoScenario.questions[Int(random.next(upTo: UInt64(DemoScenario.questions.count)))]
                thread.append(try db.insert(ThreadMessage(itemId: item.id!, kind: .question, body: question, stamp: reviewStamp)))
                thread.append(
                    try db.insert(ThreadMessage(itemId: item.id!, kind: .answer, body: "Đơn vị đã bổ sung văn bản kèm theo.", stamp: reviewStamp))
                )
            }
            rows.append(.init(leaf: leaf, item: item, evidence: evidence, thread: thread))
            ledgerRows.append(Self.ledgerRow(leaf.code, item: item, evidence: evidence, thread: thread))
        }
        var receipt: String? = nil
        if settled {
            // Sealed as on submission, so the receipt route answers for generated units too.
            let view = AssessmentService.View(
                cycle: cycle,
                framework: framework,
                unit: Unit(code: unitCode, name: unitCode, blockCode: ""),
                assessment: assessment,
                rows: rows,
                totals: AssessmentService.totals(rows, framework: framework),
                // Only the manifest is made from this view; it is never stored as a rendering.
                revision: .init(frameworkSHA256: cycle.frameworkSHA256, assessment: nil, counter: 0)
            )
            let manifest = Receipts.manifest(view: view, submittedAt: selfStamp.at, submittedBy: unitUser, late: false)
            assessment.status = .submitted
            assessment.submittedAt = selfStamp.at
            assessment.submittedBy = unitUser
            assessment.manifest = manifest.canonicalJSON
            assessment.receiptSHA256 = manifest.canonicalSHA256
            try db.save(assessment)
            receipt = manifest.canonicalSHA256
        }
        try db.record(
            LedgerEntry(
                actor: "demo",
                action: "generate.assessment",
                subject: "cycle:\(cycle.code)/unit:\(unitCode)",
                payload: .fields(["rows": .array(ledgerRows), "receiptSha256": receipt.map { .string($0) }])
            )
        )
    }

    /// Every value of one generated item with its evidence and thread, so that one event per unit
    /// lets the ledger replay rebuild each row the generator wrote.
    static func ledgerRow(_ criterion: String, item: Item, evidence: [Evidence], thread: [ThreadMessage]) -> DocumentValue {
        var fields: [(String, DocumentValue)] = [("criterion", .string(criterion))]
        fields += AuditedItem(item).document
        if !evidence.isEmpty { fields.append(("evidence", .array(evidence.map { .object(AuditedEvidence.payload($0)) }))) }
        if !thread.isEmpty {
            fields.append(
                (
                    "thread",
                    .array(
                        thread.map { .object([("kind", .string($0.kind.rawValue)), ("body", .string($0.body)), ("author", .string($0.stamp.by))]) }
                    )
                )
            )
        }
        return .object(fields)
    }

    /// A 100-leaf framework: 10 fields × 10 leaves of 1 point, every scoring kind but bonus and
    /// deduction, the tenth leaf of each field scored by the survey.
    public static func frameworkDocument() throws -> DocumentValue {
        var fields: [String] = []
        for f in 1...10 {
            var leaves: [String] = []
            for l in 1...10 {
                let rule: String
                switch l {
                case 1, 2, 3: rule = #"{"kind":"scale","step":0.25}"#
                case 4, 5:
                    rule =
                        #"{"kind":"choice","options":[{"label":"Đầy đủ, đúng hạn","points":1},{"label":"Chậm","points":0.5},{"label":"Không thực hiện","points":0}]}"#
                case 6, 7:
                    rule =
                        #"{"kind":"ratio_tiers","numerator":"Số việc hoàn thành","denominator":"Tổng số việc","tiers":[{"atLeast":100,"points":1},{"atLeast":80,"points":0.5},{"atLeast":0,"points":0}]}"#
                case 8, 9: rule = #"{"kind":"ratio_linear","numerator":"Số hồ sơ đúng hạn","denominator":"Tổng số hồ sơ"}"#
                default: rule = #"{"kind":"survey"}"#
                }
                let source = l == 10 ? "survey" : "self"
                let evidence = l == 10 ? "none" : l % 2 == 1 ? "required" : "optional"
                leaves.append(
                    #"{"code":"\#(f).\#(l)","title":"Tiêu chí thành phần \#(f).\#(l)","max":1,"evidence":"\#(evidence)","applicability":"always","source":"\#(source)","rule":\#(rule)}"#
                )
            }
            fields.append(#"{"code":"\#(f)","title":"Lĩnh vực \#(f)","children":[\#(leaves.joined(separator: ","))]}"#)
        }
        return try DocumentValue.parseJSON(
            #"{"code":"par-national-bench","version":"2026","title":"Bộ tiêu chí sinh tự động cho đo hiệu năng (100 tiêu chí thành phần)","capAt100":true,"bands":[{"label":"Nhóm A","atLeast":90},{"label":"Nhóm B","atLeast":80},{"label":"Nhóm C","atLeast":0}],"nodes":[\#(fields.joined(separator: ","))]}"#
        )
    }
}
