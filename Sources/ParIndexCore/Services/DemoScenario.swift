import Foundation

/// A demo city built through the same services people use (so every ledger event is real): two
/// blocks, the units given, a cycle per block in the appraisal phase with realistic self and
/// appraised scores, a few questions, survey values, and an account for every role. Cycles of an
/// earlier year are played through to publication first, so the public pages show a past year's
/// rankings and every unit's change since then.
public struct DemoScenario: Sendable {
    public struct Account: Sendable {
        public var username: String
        public var role: Role
        public var unit: String?
        public var password: String
    }

    public struct CycleSpec: Sendable {
        public var code: String
        public var name: String
        public var block: String
        public var framework: DocumentValue
        public var year: Int
        public init(code: String, name: String, block: String, framework: DocumentValue, year: Int = 2026) {
            self.code = code
            self.name = name
            self.block = block
            self.framework = framework
            self.year = year
        }
    }

    public let services: Services
    public let clock: ManualClock
    public var seed: UInt64 = 2026

    public init(services: Services, clock: ManualClock) {
        self.services = services
        self.clock = clock
    }

    /// Builds the demo; returns the accounts with their one-time passwords. `earlier` cycles (of
    /// earlier years, oldest first) are published before `cycles` open.
    public func run(
        units: [AdminService.UnitRow],
        blockNames: [String: String],
        cycles: [CycleSpec],
        earlier: [CycleSpec] = [],
        progress: (String) -> Void = { _ in }
    )
        async throws -> [Account]
    {
        let admin = Caller.commandLine("demo")
        let existing = try await services.repository.read { db in try db.cycles().count }
        guard existing == 0 else {
            throw DomainError.conflict("not_empty", "Cơ sở dữ liệu đã có kỳ đánh giá; chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống.")
        }
        var random = SplitMix64(seed: seed)
        let end = clock.now()
        // Each earlier year starts a year before the next; the ledger's times only move forward.
        let thisYear = cycles.map(\.year).max() ?? 2026
        func startOf(_ year: Int) -> Date { end.addingTimeInterval(-Double(40 + 365 * (thisYear - year)) * 86400) }
        clock.set(startOf(earlier.map(\.year).min() ?? thisYear))

        progress("Khối và đơn vị…")
        for (code, name) in blockNames.sorted(by: { $0.key < $1.key }) {
            _ = try await services.admin.saveBlock(Block(code: code, name: name), by: admin)
        }
        _ = try await services.admin.importUnits(units, by: admin)

        progress("Tài khoản…")
        var accounts: [Account] = []
        func account(_ username: String, _ name: String, _ role: Role, _ unit: String?) async throws -> Caller {
            let password = DemoScenario.password(&random)
            let user = try await services.admin.createUser(
                .init(username: username, name: name, role: role, unitCode: unit, password: password),
                by: admin
            )
            accounts.append(Account(username: username, role: role, unit: unit, password: password))
            return Caller(user)
        }
        _ = try await account("admin", "Văn phòng Sở Nội vụ", .admin, nil)
        _ = try await account("quansat", "Thanh tra Sở Nội vụ", .observer, nil)
        let unitCallers = try await units.asyncMap { row in
            try await account("dv." + row.code.lowercased(), "Cán bộ đầu mối CCHC — \(row.name)", .unit, row.code)
        }

        var reviewersByCycle: [String: [Caller]] = [:]
        for (n, spec) in cycles.enumerated() {
            var reviewers: [Caller] = []
            for i in 1...2 {
                reviewers.append(try await account("thamdinh\(n + 1).\(i)", "Thành viên Tổ thẩm định \(i) — \(spec.name)", .reviewer, nil))
            }
            reviewersByCycle[spec.code] = reviewers
        }
        // A reviewer who works in the first unit: never assigned to it (conflict of interest).
        let firstUnit = units.first!.code
        let conflicted = try await account("thamdinh.\(firstUnit.lowercased())", "Thẩm định viên thuộc \(firstUnit)", .reviewer, firstUnit)

        // This year's council of the same block served in earlier years too.
        for spec in earlier {
            let reviewers = cycles.first { $0.block == spec.block }.flatMap { reviewersByCycle[$0.code] } ?? []
            clock.set(max(clock.now(), startOf(spec.year)))
            try await publishedCycle(spec, units: units, reviewers: reviewers, unitCallers: unitCallers, admin: admin, progress: progress)
        }
        clock.set(max(clock.now(), startOf(thisYear)))
        if !earlier.isEmpty {
            // Accounts unused for longer than the inactivity limit are refused at sign-in; the
            // secretariat re-enables everyone's account as this year's cycles open.
            for account in accounts {
                try await services.accounts.enable(account.username, reason: "mở kỳ đánh giá năm \(thisYear)", by: admin)
            }
        }

        // Phase by phase across the cycles, so the ledger's times only move forward.
        var prepared: [(spec: CycleSpec, cycle: Cycle, framework: Framework, units: [String])] = []
        for spec in cycles {
            progress("Kỳ \(spec.code): bộ tiêu chí và kỳ đánh giá…")
            let (cycle, framework, cycleUnits) = try await open(spec, units: units, by: admin) { start in
                Deadlines(
                    selfAssessment: start.addingTimeInterval(28 * 86400),
                    appraisal: end.addingTimeInterval(14 * 86400),
                    explanation: end.addingTimeInterval(24 * 86400),
                    finalReview: end.addingTimeInterval(34 * 86400)
                )
            }
            prepared.append((spec, cycle, framework, cycleUnits))
        }

        // Every unit but the last of each cycle fills in its assessment and submits it.
        for (spec, cycle, framework, cycleUnits) in prepared {
            progress("Kỳ \(spec.code): tự đánh giá của \(cycleUnits.count) đơn vị…")
            for (position, unitCode) in cycleUnits.enumerated() {
                let caller = unitCallers.first { $0.unitCode == unitCode }!
                try await selfAssess(cycle: cycle.code, framework: framework, unit: unitCode, by: caller, random: &random)
                if position < cycleUnits.count - 1 {
                    _ = try await services.assessments.submit(cycle: cycle.code, unit: unitCode, by: caller)
                }
                clock.advance(by: 3600)
            }
        }

        // After the deadline the secretariat submits for the units that did not (recorded as late),
        // and the council starts.
        clock.set(prepared.map(\.cycle.deadlines.selfAssessment).max()!.addingTimeInterval(3600))
        for (_, cycle, _, cycleUnits) in prepared {
            _ = try await services.assessments.submit(
                cycle: cycle.code,
                unit: cycleUnits.last!,
                reason: "Đơn vị không nộp trước hạn tự đánh giá.",
                by: admin
            )
            _ = try await services.admin.movePhase(cycle: cycle.code, to: .appraisal, by: admin)
        }

        for (spec, cycle, framework, cycleUnits) in prepared {
            progress("Kỳ \(spec.code): phân công và thẩm định…")
            let reviewers = reviewersByCycle[spec.code]!
            let half = (cycleUnits.count + 1) / 2
            _ = try await services.admin.assignReviewer(
                cycle: cycle.code,
                username: reviewers[0].username,
                units: Array(cycleUnits.prefix(half)),
                by: admin
            )
            _ = try await services.admin.assignReviewer(
                cycle: cycle.code,
                username: reviewers[1].username,
                units: Array(cycleUnits.dropFirst(half)),
                by: admin
            )
            if cycleUnits.contains(conflicted.unitCode!) {
                _ = try await services.admin.assignReviewer(
                    cycle: cycle.code,
                    username: conflicted.username,
                    units: Array(cycleUnits.filter { $0 != conflicted.unitCode }.prefix(3)),
                    by: admin
                )
            }
            for (position, unitCode) in cycleUnits.enumerated() {
                let reviewer = position < half ? reviewers[0] : reviewers[1]
                // Most units are mostly appraised; every fifth not yet started, as in a real council's week.
                let share = position % 5 == 4 ? 0 : 60 + Int(random.next(upTo: 40))
                try await appraise(cycle: cycle.code, unit: unitCode, share: share, questions: 2, by: reviewer, random: &random)
                clock.advance(by: 1800)
            }

            progress("Kỳ \(spec.code): kết quả điều tra xã hội học…")
            try await survey(cycle: cycle.code, framework: framework, units: cycleUnits, by: admin, random: &random)
        }
        clock.set(end)
        return accounts
    }

    /// The cycle of `spec` for the units of its block, open for self-assessment from now, with its
    /// framework imported (once: an identical framework imports as the one already there).
    func open(
        _ spec: CycleSpec,
        units: [AdminService.UnitRow],
        by admin: Caller,
        deadlines: (Date) -> Deadlines
    ) async throws -> (Cycle, Framework, [String]) {
        let framework = try await services.admin.importFramework(spec.framework, by: admin).framework
        let cycleUnits = units.filter { $0.block == spec.block }.map(\.code)
        let cycle = try await services.admin.createCycle(
            .init(
                code: spec.code,
                name: spec.name,
                year: spec.year,
                frameworkCode: framework.code,
                frameworkVersion: framework.version,
                units: cycleUnits,
                deadlines: deadlines(clock.now())
            ),
            by: admin
        )
        _ = try await services.admin.movePhase(cycle: cycle.code, to: .selfAssessment, by: admin)
        return (cycle, framework, cycleUnits)
    }

    /// A unit's self-assessment: a value (or "not applicable") for every self-assessed criterion,
    /// some notes, and evidence wherever it is required.
    func selfAssess(cycle: String, framework: Framework, unit unitCode: String, by caller: Caller, random: inout SplitMix64) async throws {
        let quality = 70 + Int(random.next(upTo: 28))
        for leaf in framework.leaves where leaf.spec.source == .selfAssessed {
            if leaf.spec.applicability == .mayBeNA && random.next(upTo: 100) < 15 {
                _ = try await services.assessments.setSelfEntry(
                    cycle: cycle,
                    unit: unitCode,
                    criterion: leaf.code,
                    .init(notApplicableReason: "Trong năm không phát sinh nội dung này tại đơn vị."),
                    by: caller
                )
                continue
            }
            let entry = DemoScenario.entry(for: leaf, quality: quality, random: &random)
            let note = random.next(upTo: 4) == 0 ? DemoScenario.notes[Int(random.next(upTo: UInt64(DemoScenario.notes.count)))] : nil
            _ = try await services.assessments.setSelfEntry(
                cycle: cycle,
                unit: unitCode,
                criterion: leaf.code,
                .init(entry: entry, note: note),
                by: caller
            )
            if leaf.spec.evidence == .required || random.next(upTo: 3) == 0 {
                _ = try await services.evidence.addReference(
                    cycle: cycle,
                    unit: unitCode,
                    criterion: leaf.code,
                    DemoScenario.reference(for: leaf, unitCode: unitCode, random: &random),
                    by: caller
                )
            }
        }
    }

    /// A reviewer's pass over a unit: `share` percent of the items appraised, some lowered with a
    /// reason, up to `questions` of them asked about instead.
    func appraise(cycle: String, unit unitCode: String, share: Int, questions: Int, by reviewer: Caller, random: inout SplitMix64) async throws {
        let view = try await services.assessments.view(cycle: cycle, unit: unitCode, by: reviewer)
        var asked = 0
        for row in view.rows where row.leaf.spec.source == .selfAssessed && row.item.applicable {
            guard Int(random.next(upTo: 100)) < share, let selfEntry = row.item.selfValue?.entry else { continue }
            if asked < questions && random.next(upTo: 12) == 0 {
                asked += 1
                _ = try await services.review.ask(
                    cycle: cycle,
                    unit: unitCode,
                    criterion: row.leaf.code,
                    message: DemoScenario.questions[Int(random.next(upTo: UInt64(DemoScenario.questions.count)))],
                    by: reviewer
                )
                continue
            }
            var entry = selfEntry
            var note: String? = nil
            if random.next(upTo: 100) < 18, let lower = DemoScenario.lower(selfEntry, leaf: row.leaf),
                (try? row.leaf.spec.rule.points(for: lower, max: row.leaf.spec.max)) != row.item.selfValue?.points
            {
                entry = lower
                note = DemoScenario.adjustments[Int(random.next(upTo: UInt64(DemoScenario.adjustments.count)))]
            }
            _ = try await services.review.appraise(
                cycle: cycle,
                unit: unitCode,
                criterion: row.leaf.code,
                .init(entry: entry, note: note),
                by: reviewer
            )
        }
    }

    /// The survey's results for every survey criterion of every unit, imported as the secretariat would.
    func survey(cycle: String, framework: Framework, units: [String], by admin: Caller, random: inout SplitMix64) async throws {
        var surveyRows: [ResultsService.SurveyRow] = []
        for unitCode in units {
            for leaf in framework.leaves where leaf.spec.source == .survey {
                let share = 65 + Int(random.next(upTo: 33))
                let points = Points(hundredths: leaf.spec.max.hundredths * share / 100)
                surveyRows.append(.init(row: surveyRows.count + 2, unit: unitCode, criterion: leaf.code, points: points.description))
            }
        }
        _ = try await services.results.importSurvey(cycle: cycle, rows: surveyRows, by: admin)
    }

    /// A cycle played through every phase to publication: every unit submits on time, every item is
    /// appraised, the survey is imported, and the secretariat publishes. It has a generator of its
    /// own, so adding an earlier year leaves this year's figures as they were.
    func publishedCycle(
        _ spec: CycleSpec,
        units: [AdminService.UnitRow],
        reviewers: [Caller],
        unitCallers: [Caller],
        admin: Caller,
        progress: (String) -> Void
    ) async throws {
        var random = SplitMix64(seed: seed &+ UInt64(spec.year))
        progress("Kỳ \(spec.code): cả năm, đến khi công bố…")
        let day: TimeInterval = 86400
        let (cycle, framework, cycleUnits) = try await open(spec, units: units, by: admin) { start in
            Deadlines(
                selfAssessment: start.addingTimeInterval(30 * day),
                appraisal: start.addingTimeInterval(60 * day),
                explanation: start.addingTimeInterval(75 * day),
                finalReview: start.addingTimeInterval(90 * day)
            )
        }
        for unitCode in cycleUnits {
            let caller = unitCallers.first { $0.unitCode == unitCode }!
            try await selfAssess(cycle: cycle.code, framework: framework, unit: unitCode, by: caller, random: &random)
            _ = try await services.assessments.submit(cycle: cycle.code, unit: unitCode, by: caller)
            clock.advance(by: 3600)
        }
        clock.set(cycle.deadlines.selfAssessment.addingTimeInterval(3600))
        _ = try await services.admin.movePhase(cycle: cycle.code, to: .appraisal, by: admin)
        let half = (cycleUnits.count + 1) / 2
        let shares = [Array(cycleUnits.prefix(half)), Array(cycleUnits.dropFirst(half))]
        for (reviewer, assigned) in zip(reviewers, shares) {
            _ = try await services.admin.assignReviewer(cycle: cycle.code, username: reviewer.username, units: assigned, by: admin)
            for unitCode in assigned {
                try await appraise(cycle: cycle.code, unit: unitCode, share: 100, questions: 0, by: reviewer, random: &random)
                clock.advance(by: 1800)
            }
        }
        try await survey(cycle: cycle.code, framework: framework, units: cycleUnits, by: admin, random: &random)
        for phase in [Phase.explanation, .finalReview] {
            clock.advance(by: 7 * day)
            _ = try await services.admin.movePhase(cycle: cycle.code, to: phase, by: admin)
        }
        clock.advance(by: day)
        _ = try await services.results.publish(cycle: cycle.code, by: admin)
    }

    // MARK: realistic values

    static func entry(for leaf: Leaf, quality: Int, random: inout SplitMix64) -> Entry {
        let good = Int(random.next(upTo: 100)) < quality
        switch leaf.spec.rule {
        case .scale(let step):
            let steps = leaf.spec.max.hundredths / step.hundredths
            let taken = good ? steps : Int(random.next(upTo: UInt64(steps + 1)))
            return .points(Points(hundredths: taken * step.hundredths))
        case .bonus(let step):
            let steps = leaf.spec.max.hundredths / step.hundredths
            return .points(Points(hundredths: (random.next(upTo: 3) == 0 ? Int(random.next(upTo: UInt64(steps + 1))) : 0) * step.hundredths))
        case .deduction(let step):
            return .points(random.next(upTo: 6) == 0 ? step : .zero)
        case .choice(let options):
            let best = options.indices.max { options[$0].points < options[$1].points }!
            return .choice(good ? best : Int(random.next(upTo: UInt64(options.count))))
        case .ratioTiers, .ratioLinear:
            let denominator = 20 + Int(random.next(upTo: 480))
            let numerator =
                good ? denominator - Int(random.next(upTo: UInt64(denominator / 20 + 1))) : denominator * (60 + Int(random.next(upTo: 40))) / 100
            return .ratio(numerator: numerator, denominator: denominator)
        case .survey:
            return .points(.zero)
        }
    }

    /// A slightly lower appraisal of a unit's entry, as a council corrects an over-claim.
    static func lower(_ entry: Entry, leaf: Leaf) -> Entry? {
        switch (entry, leaf.spec.rule) {
        case (.points(let p), .scale(let step)), (.points(let p), .bonus(let step)):
            return p >= step ? .points(p - step) : nil
        case (.choice(let c), .choice(let options)):
            return options.indices.first { options[$0].points < options[c].points }.map { .choice($0) }
        case (.ratio(let n, let d), _):
            return n > 0 ? .ratio(numerator: n - max(1, n / 10), denominator: d) : nil
        default:
            return nil
        }
    }

    static func reference(for leaf: Leaf, unitCode: String, random: inout SplitMix64) -> EvidenceService.Reference {
        let number = 10 + Int(random.next(upTo: 480))
        let kinds = ["KH", "QĐ", "BC", "TB", "CV"]
        let kind = kinds[Int(random.next(upTo: UInt64(kinds.count)))]
        let month = 1 + Int(random.next(upTo: 11))
        let day = 1 + Int(random.next(upTo: 27))
        let titles = ["Kế hoạch", "Quyết định", "Báo cáo", "Thông báo", "Công văn"]
        return .init(
            title: "\(titles[kinds.firstIndex(of: kind)!]) về \(leaf.title.prefix(1).lowercased() + leaf.title.dropFirst())",
            documentNumber: "\(number)/\(kind)-\(unitCode)",
            issuedOn: String(format: "2026-%02d-%02d", month, day)
        )
    }

    static let notes = [
        "Số liệu tổng hợp từ phần mềm một cửa điện tử của đơn vị.",
        "Đã ban hành đúng hạn, có văn bản kèm theo.",
        "Số liệu tính đến ngày 15/12.",
        "Đơn vị đã triển khai đầy đủ theo kế hoạch của UBND Thành phố.",
    ]
    static let questions = [
        "Đề nghị đơn vị bổ sung văn bản chứng minh việc ban hành đúng thời hạn.",
        "Số liệu tử số chưa khớp với báo cáo định kỳ quý IV; đề nghị giải trình.",
        "Tài liệu kiểm chứng chưa thể hiện kết quả thực hiện; đề nghị bổ sung.",
    ]
    static let adjustments = [
        "Tài liệu kiểm chứng không thể hiện đầy đủ nội dung; trừ điểm theo hướng dẫn.",
        "Số liệu thực tế theo hệ thống thông tin giải quyết TTHC thấp hơn số đơn vị báo cáo.",
        "Văn bản ban hành chậm so với thời hạn quy định.",
    ]

    static func password(_ random: inout SplitMix64) -> String {
        // Random, not memorable: shown once; demo data only. System randomness, not the seed.
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<14).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

/// A small seeded generator, so the demo's figures are the same on every machine.
public struct SplitMix64: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func nextValue() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func next(upTo bound: UInt64) -> UInt64 { bound == 0 ? 0 : nextValue() % bound }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
