import Foundation

/// Survey import, publication and the published results.
public struct ResultsService: Sendable {
    let services: Services

    /// One survey row: `unit,criterion,points`, with its row number for error reports.
    public struct SurveyRow: Sendable {
        public var row: Int
        public var unit: String
        public var criterion: String
        public var points: String
        public init(row: Int, unit: String, criterion: String, points: String) {
            self.row = row
            self.unit = unit
            self.criterion = criterion
            self.points = points
        }
    }

    /// Imports survey points all or nothing; any bad row refuses the whole file, listing row numbers.
    public func importSurvey(cycle cycleCode: String, rows: [SurveyRow], by caller: Caller) async throws -> Int {
        guard AccessPolicy.canAdminister(caller) else { throw DomainError.forbidden() }
        guard !rows.isEmpty else { throw DomainError.invalid("empty_survey", "Tệp kết quả điều tra không có dòng dữ liệu nào.") }
        let now = services.clock.now()
        return try await services.repository.write { db in
            let cycle = try db.requireCycle(cycleCode)
            guard cycle.phase != .published else { throw DomainError.conflict("published", "Kỳ đánh giá đã công bố; không nhập thêm.") }
            let framework = try db.requireFramework(of: cycle)
            let units = Set(try db.cycleUnits(cycleCode))
            var problems: [DocumentValue] = []
            var accepted: [(unit: String, criterion: String, points: Points)] = []
            var seen: Set<String> = []
            for row in rows {
                func bad(_ message: String) { problems.append(.fields(["row": .int(row.row), "message": .string(message)])) }
                guard units.contains(row.unit) else {
                    bad("đơn vị \"\(row.unit)\" không thuộc kỳ đánh giá")
                    continue
                }
                guard let leaf = framework.leaf(row.criterion), leaf.spec.source == .survey else {
                    bad("\"\(row.criterion)\" không phải tiêu chí điều tra xã hội học")
                    continue
                }
                guard let points = Points(parsing: row.points), points >= .zero, points <= leaf.spec.max else {
                    bad("điểm \"\(row.points)\" không hợp lệ (0 đến \(leaf.spec.max.vietnamese), tối đa 2 chữ số thập phân)")
                    continue
                }
                guard seen.insert("\(row.unit)|\(row.criterion)").inserted else {
                    bad("trùng đơn vị và tiêu chí với một dòng trước")
                    continue
                }
                accepted.append((row.unit, row.criterion, points))
            }
            guard problems.isEmpty else {
                throw DomainError.invalid(
                    "invalid_rows",
                    "Có \(problems.count) dòng lỗi; chưa nhập dòng nào.",
                    details: ["rows": .array(problems)]
                )
            }
            var rowsDocument: [DocumentValue] = []
            for (unitCode, criterion, points) in accepted {
                var assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
                if assessment.id == nil { assessment = try db.save(assessment) }
                var item = try db.item(assessment: assessment.id!, criterion: criterion) ?? Item(assessmentId: assessment.id!, criterion: criterion)
                item.final = FinalValue(points: points, note: nil, disposition: nil, stamp: Stamp(by: caller.username, at: now))
                item.state = .settled
                item.version += 1
                try db.save(item)
                rowsDocument.append(.array([.string(unitCode), .string(criterion), .points(points)]))
            }
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "survey.import",
                    subject: "cycle:\(cycleCode)",
                    payload: .fields(["rows": .array(rowsDocument)])
                )
            )
            return accepted.count
        }
    }

    /// What blocks publication: applicable self leaves still unreviewed or in explanation, survey
    /// leaves without a value, and units that have not submitted.
    public struct Unsettled: Sendable {
        public var unitsNotSubmitted: [String]
        public var items: [(unit: String, criterion: String, state: String)]
        public var isEmpty: Bool { unitsNotSubmitted.isEmpty && items.isEmpty }
    }

    public func unsettled(cycle cycleCode: String, by caller: Caller) async throws -> Unsettled {
        try await services.repository.read { db in
            guard caller.role == .admin || caller.role == .observer else { throw DomainError.forbidden() }
            return try Self.unsettled(db, cycle: try db.requireCycle(cycleCode))
        }
    }

    static func unsettled(_ db: any RepositoryReader, cycle: Cycle, scores: CycleScores? = nil) throws -> Unsettled {
        let framework = try db.requireFramework(of: cycle)
        let statuses = try db.assessmentStatuses(cycle: cycle.code)
        let byUnit = try (scores ?? CycleScores.read(db, cycle: cycle)).byUnit
        var notSubmitted: [String] = []
        var items: [(String, String, String)] = []
        let leaves = framework.leaves
        for unit in try db.cycleUnits(cycle.code).sorted() {
            if statuses[unit] != .submitted { notSubmitted.append(unit) }
            for leaf in leaves {
                let item = byUnit[unit]?[leaf.code]
                if leaf.spec.source == .survey {
                    if item?.finalPoints == nil { items.append((unit, leaf.code, "no_survey_value")) }
                } else if item?.applicable ?? true, (item?.state ?? .unreviewed).isUnsettled {
                    items.append((unit, leaf.code, (item?.state ?? .unreviewed).rawValue))
                }
            }
        }
        return Unsettled(unitsNotSubmitted: notSubmitted, items: items)
    }

    /// What is unsettled and how far each unit has come, from one read of the cycle's scores.
    public func standing(cycle cycleCode: String, by caller: Caller) async throws -> (unsettled: Unsettled, units: [String: UnitProgress]) {
        try await services.repository.read { db in
            guard caller.role == .admin || caller.role == .observer else { throw DomainError.forbidden() }
            let cycle = try db.requireCycle(cycleCode)
            let scores = try CycleScores.read(db, cycle: cycle)
            let progress = UnitProgress.of(try db.requireFramework(of: cycle), units: try db.cycleUnits(cycleCode), scores: scores)
            return (try Self.unsettled(db, cycle: cycle, scores: scores), progress)
        }
    }

    /// The results document publishing would store now, computed by the same builder from the
    /// same scores, for the admin to see before the step that cannot be taken back. Nothing is
    /// written; only the publication time differs from what `publish` stores.
    public func preview(cycle cycleCode: String, by caller: Caller) async throws -> DocumentValue {
        guard AccessPolicy.canAdminister(caller) else { throw DomainError.forbidden() }
        let now = services.clock.now()
        return try await services.repository.read { db in
            let cycle = try db.requireCycle(cycleCode)
            return try ResultsBuilder.snapshot(db, cycle: cycle, publishedAt: now)
        }
    }

    /// Publishes the cycle: results computed here, stored as an immutable canonical-JSON snapshot
    /// with its SHA-256 and the ledger head, and the cycle moved to `published`.
    public func publish(cycle cycleCode: String, by caller: Caller) async throws -> Publication {
        guard AccessPolicy.canAdminister(caller) else { throw DomainError.forbidden() }
        let now = services.clock.now()
        return try await services.repository.write { db in
            var cycle = try db.requireCycle(cycleCode)
            if try cycle.phase == .published || db.publication(cycle: cycleCode) != nil {
                throw DomainError.conflict("already_published", "Kỳ đánh giá \"\(cycleCode)\" đã được công bố.")
            }
            guard cycle.phase == .finalReview else {
                throw DomainError.conflict("wrong_phase", "Chỉ công bố được trong giai đoạn \"\(Phase.finalReview.vietnamese)\".")
            }
            // Read once for both the check and the results: the national cycle has 332,100 items.
            let scores = try CycleScores.read(db, cycle: cycle)
            let unsettled = try Self.unsettled(db, cycle: cycle, scores: scores)
            guard unsettled.isEmpty else {
                throw DomainError.conflict(
                    "unsettled",
                    "Chưa thể công bố: \(unsettled.unitsNotSubmitted.count) đơn vị chưa nộp, \(unsettled.items.count) tiêu chí chưa hoàn tất.",
                    details: [
                        "unitsNotSubmitted": .array(unsettled.unitsNotSubmitted.map { .string($0) }),
                        "items": .array(
                            unsettled.items.prefix(500).map {
                                .object([("unit", .string($0.unit)), ("criterion", .string($0.criterion)), ("state", .string($0.state))])
                            }
                        ),
                    ]
                )
            }
            let snapshot = try ResultsBuilder.snapshot(db, cycle: cycle, publishedAt: now, scores: scores)
            let ledgerHead = try db.ledgerHead()
            let head = ledgerHead?.hash ?? LedgerChain.genesis
            // Written once and hashed as written: `canonicalSHA256` would write the 4 MB again.
            let text = snapshot.canonicalJSON
            let publication = Publication(
                cycleCode: cycleCode,
                publishedAt: now,
                publishedBy: caller.username,
                snapshot: text,
                snapshotSHA256: Digests.sha256Hex(text),
                auditHead: head,
                auditEvents: ledgerHead?.sequence ?? 0
            )
            try db.insert(publication)
            cycle.phase = .published
            try db.update(cycle)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "cycle.publish",
                    subject: "cycle:\(cycleCode)",
                    payload: .fields([
                        "snapshotSha256": .string(publication.snapshotSHA256), "auditHead": .string(head),
                        "auditEvents": .number(String(ledgerHead?.sequence ?? 0)),
                    ])
                )
            )
            try services.notifier(db, at: now).published(cycle, by: caller.username)
            return publication
        }
    }

    /// The published results: the stored snapshot plus its hash. `404` before publication.
    /// Every public page asks for this, so the publication's short fields are read first and the
    /// snapshot's megabytes only when no parsed copy of its hash is held. The publication returned
    /// has its `snapshot` text empty: the parsed snapshot is the first value.
    public func results(cycle cycleCode: String) async throws -> (snapshot: DocumentValue, publication: Publication) {
        let notFound = DomainError.notFound("kết quả công bố của kỳ \"\(cycleCode)\"")
        guard let publication = try services.repository.glance({ db in try db.publicationWithoutSnapshot(cycle: cycleCode) }) else {
            throw notFound
        }
        let snapshot = try await PublishedSnapshots.shared.document(publication.snapshotSHA256) { [services] in
            try await services.repository.read { db in
                guard let whole = try db.publication(cycle: cycleCode) else { throw notFound }
                return whole
            }
        }
        return (snapshot, publication)
    }

    /// The published cycles with their publications (`snapshot` text empty), newest year first.
    /// Anyone may read them: they are public.
    public func publishedCycles() async throws -> [(cycle: Cycle, publication: Publication)] {
        try await services.repository.read { db in
            try db.publicationHeaders().compactMap { p in try db.cycle(p.cycleCode).map { (cycle: $0, publication: p) } }
        }
        .sorted { $0.cycle.year > $1.cycle.year }
    }

    /// The published results read into `PublishedResults`, for the pages and exports that show
    /// its figures; read once per snapshot, like the parsed document.
    public func publishedResults(cycle cycleCode: String) async throws -> (results: PublishedResults, publication: Publication) {
        let (snapshot, publication) = try await results(cycle: cycleCode)
        return (try await PublishedSnapshots.shared.results(publication.snapshotSHA256, of: snapshot), publication)
    }
}

/// Parsed snapshots by their SHA-256. Parsing a national cycle's snapshot (≈ 4 MB of JSON) took 83 %
/// of the server's time under mixed traffic (docs/decisions/0007); a snapshot never changes once
/// published and the key is its content hash, so a parsed copy can be shared by every request.
final class PublishedSnapshots: Sendable {
    static let shared = PublishedSnapshots()
    /// A few cycles' results are read at a time; older entries go first.
    static let capacity = 4

    private let documents = ReadOnce<DocumentValue>(capacity: capacity)
    private let results = ReadOnce<PublishedResults>(capacity: capacity)

    /// The parsed snapshot with this hash: held, or being read for another request (then that one
    /// is awaited), or else read with `load` and parsed now. Read once however many ask at the same
    /// time: without this, twenty score cards asked for right after publication each read and
    /// parsed the national snapshot (~0.15 s of CPU) for itself.
    func document(_ sha256: String, load: @escaping @Sendable () async throws -> Publication) async throws -> DocumentValue {
        try await documents.value(sha256) { try DocumentValue.parseJSON(try await load().snapshot) }
    }

    /// The snapshot with this hash read into `PublishedResults`, once however many ask at the same
    /// time, as `document` is: right after publication every public page asks for it at once, and
    /// each reading the national snapshot for itself held the mixed traffic's p99 near 200 ms.
    func results(_ sha256: String, of document: DocumentValue) async throws -> PublishedResults {
        try await results.value(sha256) { try PublishedResults(document) }
    }
}

/// Values by content hash, each made once however many ask at the same time: held, or being made
/// for another request (then that one is awaited), or made now. A failure is reported to everyone
/// waiting for it and not kept.
private final class ReadOnce<Value: Sendable>: @unchecked Sendable {
    private let capacity: Int
    private let lock = NSLock()
    private var held: [(sha256: String, value: Value)] = []
    private var making: [String: Task<Value, any Error>] = [:]

    init(capacity: Int) { self.capacity = capacity }

    private enum Step {
        case held(Value)
        case wait(Task<Value, any Error>)
    }

    func value(_ sha256: String, make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let step: Step = lock.withLock {
            if let hit = held.first(where: { $0.sha256 == sha256 }) { return .held(hit.value) }
            if let task = making[sha256] { return .wait(task) }
            // Not a child task: a reader that goes away must not cancel the others' reading. It
            // takes the lock only after this block has registered it.
            let task = Task<Value, any Error> { [self] in
                let made: Result<Value, any Error>
                do { made = .success(try await make()) } catch { made = .failure(error) }
                lock.withLock {
                    making[sha256] = nil
                    if case .success(let value) = made {
                        held.append((sha256, value))
                        if held.count > capacity { held.removeFirst() }
                    }
                }
                return try made.get()
            }
            making[sha256] = task
            return .wait(task)
        }
        switch step {
        case .held(let value): return value
        case .wait(let task): return try await task.value
        }
    }
}
