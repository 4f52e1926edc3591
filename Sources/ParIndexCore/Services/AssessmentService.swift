import Foundation

/// A unit's use cases: self entries, N/A, evidence, submission with a sealed receipt, answers.
public struct AssessmentService: Sendable {
    let services: Services

    /// Everything about one unit's assessment that the caller may see.
    public struct View: Sendable {
        public var cycle: Cycle
        public var framework: Framework
        public var unit: Unit
        public var assessment: Assessment?
        /// One entry per framework leaf, in framework order (items not yet written are empty).
        public var rows: [Row]
        public var totals: Totals
        /// What this view was read at: an equal revision later means an equal view.
        public var revision: Revision

        /// What a page of this view shows besides its rows.
        public var standing: Standing { Standing(revision: revision, cycle: cycle, unit: unit) }

        public struct Row: Sendable {
            public var leaf: Leaf
            public var item: Item
            public var evidence: [Evidence]
            public var thread: [ThreadMessage]
        }
    }

    /// Everything an assessment's view depends on, besides the caller: the pinned framework and the
    /// assessment's revision counter, which the database moves on every change to the assessment,
    /// its items, evidence and threads (decision 0009). A stored rendering of the view is still
    /// exact while the revision is equal.
    public struct Revision: Hashable, Sendable {
        public var frameworkSHA256: String
        public var assessment: Int64?
        public var counter: Int64

        public init(frameworkSHA256: String, assessment: Int64?, counter: Int64) {
            self.frameworkSHA256 = frameworkSHA256
            self.assessment = assessment
            self.counter = counter
        }

        init(_ found: UnitInCycle) {
            self.init(frameworkSHA256: found.cycle.frameworkSHA256, assessment: found.revision?.id, counter: found.revision?.counter ?? 0)
        }

        static func read(_ db: any RepositoryReader, cycle: Cycle, unitCode: String) throws -> Revision {
            let stored = try db.assessmentRevision(cycle: cycle.code, unit: unitCode)
            return Revision(frameworkSHA256: cycle.frameworkSHA256, assessment: stored?.id, counter: stored?.counter ?? 0)
        }
    }

    public struct Totals: Sendable, Equatable {
        public var selfScore: Score
        public var appraised: Score
        public var final: Score
    }

    /// `404` unless the caller may see this unit's assessment in this cycle.
    public func requireVisible(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws {
        try services.repository.glance { db in _ = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode) }
    }

    public func view(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> View {
        try await services.repository.read { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            return try Self.loadView(db, cycle: cycle, unitCode: unitCode)
        }
    }

    /// The revision `view` would now be read at, for a fraction of the reading (`404` as `view`).
    public func revision(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> Revision {
        try services.repository.glance { db in
            let found = try db.visibleUnitInCycle(caller, cycle: cycleCode, unit: unitCode)
            return Revision(found)
        }
    }

    /// Everything the assessment page shows besides the view's revision: the cycle (its phase,
    /// deadlines and name) and the unit's name. A page kept at an equal standing is still exact,
    /// until a deadline passes (decision 0010).
    public struct Standing: Equatable, Sendable {
        public var revision: Revision
        public var cycle: Cycle
        public var unit: Unit

        public init(revision: Revision, cycle: Cycle, unit: Unit) {
            self.revision = revision
            self.cycle = cycle
            self.unit = unit
        }
    }

    /// The standing a page of `view` would now show, for a fraction of the reading (`404` as `view`).
    public func standing(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> Standing {
        try services.repository.glance { db in
            let found = try db.visibleUnitInCycle(caller, cycle: cycleCode, unit: unitCode)
            guard let unit = try db.unit(unitCode) else { throw DomainError.notFound("đơn vị \"\(unitCode)\"") }
            return Standing(revision: Revision(found), cycle: found.cycle, unit: unit)
        }
    }

    /// One leaf's row as `view` would show it, reading only that item's rows: answering a write
    /// with the whole assessment cost a hundred items' worth of reading and presenting.
    public func row(cycle cycleCode: String, unit unitCode: String, criterion: String, by caller: Caller) async throws -> View.Row {
        try await services.repository.read { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            let leaf = try db.leaf(try db.requireFramework(of: cycle), criterion)
            let assessmentId = try db.assessment(cycle: cycleCode, unit: unitCode)?.id
            let item = try assessmentId.flatMap { try db.item(assessment: $0, criterion: criterion) }
            return try Self.row(db, leaf: leaf, item: item ?? Item(assessmentId: assessmentId ?? 0, criterion: criterion))
        }
    }

    /// A leaf's row: the item with its live evidence and its thread.
    static func row(_ db: any RepositoryReader, leaf: Leaf, item: Item) throws -> View.Row {
        guard let itemId = item.id else { return View.Row(leaf: leaf, item: item, evidence: [], thread: []) }
        return View.Row(
            leaf: leaf,
            item: item,
            evidence: try db.evidence(item: itemId).filter { $0.deleted == nil },
            thread: try db.messages(item: itemId)
        )
    }

    static func loadView(_ db: any RepositoryReader, cycle: Cycle, unitCode: String) throws -> View {
        let framework = try db.requireFramework(of: cycle)
        guard let unit = try db.unit(unitCode) else { throw DomainError.notFound("đơn vị \"\(unitCode)\"") }
        // Read first, inside the same read transaction as the rows: the view is exactly this revision.
        let revision = try Revision.read(db, cycle: cycle, unitCode: unitCode)
        let assessment = try db.assessment(cycle: cycle.code, unit: unitCode)
        let items = try assessment.flatMap { a in try a.id.map { try db.items(assessment: $0) } } ?? []
        let byCode = Dictionary(items.map { ($0.criterion, $0) }, uniquingKeysWith: { a, _ in a })
        let assessmentId = assessment?.id
        let evidence =
            try assessmentId.map { try Dictionary(grouping: db.evidence(assessment: $0).filter { $0.deleted == nil }, by: \.itemId) } ?? [:]
        let threads = try assessmentId.map { try Dictionary(grouping: db.messages(assessment: $0), by: \.itemId) } ?? [:]
        var rows: [View.Row] = []
        for leaf in framework.leaves {
            let item = byCode[leaf.code] ?? Item(assessmentId: assessmentId ?? 0, criterion: leaf.code)
            rows.append(
                View.Row(leaf: leaf, item: item, evidence: item.id.flatMap { evidence[$0] } ?? [], thread: item.id.flatMap { threads[$0] } ?? [])
            )
        }
        return View(
            cycle: cycle,
            framework: framework,
            unit: unit,
            assessment: assessment,
            rows: rows,
            totals: totals(rows, framework: framework),
            revision: revision
        )
    }

    static func totals(_ rows: [View.Row], framework: Framework) -> Totals {
        let calculator = IndexCalculator(framework: framework)
        func results(_ value: (Item, Leaf) -> Points?) -> [LeafResult] {
            rows.map { LeafResult(code: $0.leaf.code, applicable: $0.item.applicable, points: value($0.item, $0.leaf)) }
        }
        return Totals(
            selfScore: calculator.unitScore(results { item, _ in item.selfValue?.points }),
            appraised: calculator.unitScore(results { item, leaf in leaf.spec.source == .survey ? item.final?.points : item.appraised?.points }),
            final: calculator.unitScore(results { item, leaf in item.finalPoints(source: leaf.spec.source) })
        )
    }

    /// What a unit sends for one leaf.
    public struct SelfEntry: Sendable {
        public var entry: Entry?
        public var notApplicableReason: String?
        public var note: String?
        public var expectedVersion: Int?
        public init(entry: Entry? = nil, notApplicableReason: String? = nil, note: String? = nil, expectedVersion: Int? = nil) {
            self.entry = entry
            self.notApplicableReason = notApplicableReason
            self.note = note
            self.expectedVersion = expectedVersion
        }
    }

    /// Records the unit's own score for a leaf (or marks it N/A with a reason). Answers the leaf's
    /// row as it now stands, read inside the same transaction: reading it again afterwards cost a
    /// second database round trip on every save.
    public func setSelfEntry(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        _ input: SelfEntry,
        by caller: Caller
    )
        async throws -> View.Row
    {
        let note = try cleanText(input.note, field: "note", name: "ghi chú")
        let reason = try cleanText(input.notApplicableReason, field: "notApplicable.reason", name: "lý do không áp dụng", max: 1000)
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "đơn vị")
            let framework = try db.requireFramework(of: cycle)
            let leaf = try db.leaf(framework, criterion)
            var assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
            try WritingWindow.checkSelf(cycle, now: now, extensionUntil: assessment.extensionUntil)
            guard assessment.status == .draft else {
                throw DomainError.conflict("already_submitted", "Đơn vị đã nộp bản tự đánh giá; không thể sửa.")
            }
            guard leaf.spec.source == .selfAssessed else { throw Rule.surveyEntryRefused }
            if assessment.id == nil { assessment = try db.save(assessment) }
            var item = try db.item(assessment: assessment.id!, criterion: criterion) ?? Item(assessmentId: assessment.id!, criterion: criterion)
            if let expected = input.expectedVersion, expected != item.version {
                throw DomainError.conflict(
                    "stale_version",
                    "Tiêu chí \(criterion) đã được sửa ở nơi khác (phiên bản \(item.version)); hãy tải lại.",
                    details: ["version": .int(item.version)]
                )
            }
            let stamp = Stamp(by: caller.username, at: now)
            if input.notApplicableReason != nil {
                guard leaf.spec.applicability == .mayBeNA else {
                    throw DomainError.invalid("na_not_allowed", "Tiêu chí \(criterion) không được đánh dấu \"không áp dụng\".")
                }
                guard let reason else { throw DomainError.invalid("required", "Cần nêu lý do không áp dụng.") }
                guard input.entry == nil else {
                    throw DomainError.invalid("entry_shape", "Không nhập điểm cho tiêu chí không áp dụng.")
                }
                item.applicable = false
                item.notApplicableReason = reason
                item.selfValue = SelfValue(entry: nil, points: nil, note: note, stamp: stamp)
            } else if let entry = input.entry {
                let points = try leaf.spec.rule.points(for: entry, max: leaf.spec.max)
                item.applicable = true
                item.notApplicableReason = nil
                item.selfValue = SelfValue(entry: entry, points: points, note: note, stamp: stamp)
            } else {
                guard item.selfValue != nil || note != nil else {
                    throw DomainError.invalid("entry_shape", "Cần nhập điểm cho tiêu chí \(criterion): \(leaf.spec.rule.expectedEntry).")
                }
                let previous = item.selfValue
                item.selfValue = SelfValue(entry: previous?.entry, points: previous?.points, note: note, stamp: stamp)
            }
            item.version += 1
            let saved = try db.save(item)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "item.self",
                    subject: "cycle:\(cycleCode)/unit:\(unitCode)/item:\(criterion)",
                    payload: .fields([
                        "applicable": .bool(saved.applicable), "naReason": .optional(saved.notApplicableReason),
                        "entry": saved.selfValue?.entry?.document, "points": saved.selfValue?.points.map { .points($0) },
                        "note": .optional(saved.selfValue?.note), "version": .int(saved.version),
                    ])
                )
            )
            return try Self.row(db, leaf: leaf, item: saved)
        }
    }

    /// Seals the assessment. A unit submits while it may write (before its deadline or during its
    /// extension) with every applicable leaf entered and all required evidence. An admin may submit
    /// for a unit at any time from self-assessment until publication: a unit left behind must never
    /// hold the cycle back. Before the unit's deadline that needs a reason; after it the reason is
    /// optional, because the API contract lets programs submit late for a unit with no body. Such a
    /// submission is marked as made on behalf (and late after the unit's deadline), and a receipt it
    /// replaces is named as superseded.
    public func submit(cycle cycleCode: String, unit unitCode: String, reason: String? = nil, by caller: Caller) async throws -> Assessment {
        let now = services.clock.now()
        let byAdmin = AccessPolicy.canAdminister(caller)
        let reason = try byAdmin ? cleanReason(reason, required: false, missing: "") : nil
        return try await services.repository.write { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            try AccessPolicy.require(byAdmin || AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "đơn vị")
            var assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
            guard assessment.status == .draft else {
                throw DomainError.conflict(
                    "already_submitted",
                    "Bản tự đánh giá đã được nộp lúc \(assessment.submittedAt.map { Timestamp.vietnamese($0) } ?? "")."
                )
            }
            var late = false
            if byAdmin {
                guard cycle.phase >= .selfAssessment, cycle.phase < .published else {
                    throw DomainError.conflict(
                        "wrong_phase",
                        "Chỉ nộp thay đơn vị được từ giai đoạn \"\(Phase.selfAssessment.vietnamese)\" đến trước khi công bố."
                    )
                }
                late = now > Self.selfDeadline(cycle, assessment)
                if !late && reason == nil {
                    throw DomainError.invalid("reason_required", "Cần nêu lý do nộp thay đơn vị.", details: ["field": .string("reason")])
                }
            } else {
                try WritingWindow.checkSelf(cycle, now: now, extensionUntil: assessment.extensionUntil)
            }
            if assessment.id == nil { assessment = try db.save(assessment) }
            let view = try Self.loadView(db, cycle: cycle, unitCode: unitCode)
            if !byAdmin {
                let missingEntries = view.rows.filter {
                    $0.leaf.spec.source == .selfAssessed && $0.item.applicable && $0.item.selfValue?.points == nil
                }
                let missingEvidence = view.rows.filter {
                    $0.leaf.spec.evidence == .required && $0.leaf.spec.source == .selfAssessed && $0.item.applicable && $0.evidence.isEmpty
                }
                if !missingEntries.isEmpty || !missingEvidence.isEmpty {
                    throw DomainError.invalid(
                        "incomplete_submission",
                        "Chưa thể nộp: \(missingEntries.count) tiêu chí chưa chấm điểm, \(missingEvidence.count) tiêu chí thiếu tài liệu kiểm chứng bắt buộc.",
                        details: [
                            "missingEntries": .array(missingEntries.map { .string($0.leaf.code) }),
                            "missingEvidence": .array(missingEvidence.map { .string($0.leaf.code) }),
                        ]
                    )
                }
            }
            let supersedes = try db.receipts(assessment: assessment.id!).last?.sha256
            let manifest = Receipts.manifest(
                view: view,
                submittedAt: now,
                submittedBy: caller.username,
                late: late,
                onBehalfReason: reason,
                supersedes: supersedes
            )
            assessment.status = .submitted
            assessment.submittedAt = now
            assessment.submittedBy = caller.username
            assessment.late = late
            assessment.onBehalfReason = reason
            assessment.manifest = manifest.canonicalJSON
            assessment.receiptSHA256 = manifest.canonicalSHA256
            let saved = try db.save(assessment)
            try db.save(
                SubmissionReceipt(
                    assessmentId: saved.id!,
                    sha256: saved.receiptSHA256!,
                    manifest: saved.manifest!,
                    submitted: Stamp(by: caller.username, at: now),
                    late: late,
                    onBehalfReason: reason
                )
            )
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "assessment.submit",
                    subject: "cycle:\(cycleCode)/unit:\(unitCode)",
                    payload: .fields([
                        "receiptSha256": .string(saved.receiptSHA256!), "late": .bool(late), "onBehalf": reason.map { _ in .bool(true) },
                        "reason": reason.map { .string($0) }, "supersedes": supersedes.map { .string($0) },
                    ])
                )
            )
            return saved
        }
    }

    /// The moment the unit's own writing ends in self-assessment: its deadline, or its extension if later.
    static func selfDeadline(_ cycle: Cycle, _ assessment: Assessment?) -> Date {
        assessment?.extensionUntil.map { max($0, cycle.deadlines.selfAssessment) } ?? cycle.deadlines.selfAssessment
    }

    /// An admin sends a submitted assessment back to the unit, with a reason, until publication.
    /// The receipt stays, marked as reopened; the unit's next submission supersedes it.
    public func reopen(cycle cycleCode: String, unit unitCode: String, reason: String, by caller: Caller) async throws -> Assessment {
        guard AccessPolicy.canAdminister(caller) else { throw DomainError.forbidden() }
        let reason = try cleanReason(reason, required: true, missing: "Cần nêu lý do mở lại bản tự đánh giá.")
        return try await endSubmission(cycleCode, unitCode, .reopened, reason: reason, by: caller) { cycle, _ in
            guard cycle.phase < .published else { throw DomainError.conflict("published", "Kỳ đánh giá đã công bố.") }
        }
    }

    /// The unit takes its own submission back while it may still write (before its deadline or
    /// during its extension), to change it and submit again. The receipt stays, marked withdrawn.
    public func withdraw(cycle cycleCode: String, unit unitCode: String, reason: String? = nil, by caller: Caller) async throws -> Assessment {
        let reason = try cleanReason(reason, required: false, missing: "")
        let now = services.clock.now()
        return try await endSubmission(cycleCode, unitCode, .withdrawn, reason: reason, by: caller) { cycle, assessment in
            try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "đơn vị")
            try WritingWindow.checkSelf(cycle, now: now, extensionUntil: assessment.extensionUntil)
        }
    }

    /// Turns a submitted assessment back into a draft, in one transaction with its ledger event;
    /// `allowed` checks who may and when, against the stored cycle and assessment.
    private func endSubmission(
        _ cycleCode: String,
        _ unitCode: String,
        _ ending: SubmissionReceipt.Ending,
        reason: String?,
        by caller: Caller,
        allowed: @escaping @Sendable (Cycle, Assessment) throws -> Void
    ) async throws -> Assessment {
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            var assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
            try allowed(cycle, assessment)
            guard assessment.status == .submitted, let id = assessment.id, let sha = assessment.receiptSHA256, let manifest = assessment.manifest
            else {
                throw DomainError.conflict("not_submitted", "Đơn vị chưa nộp bản tự đánh giá.")
            }
            // The receipt handed out stays readable; only its ending is written.
            var receipt =
                try db.receipts(assessment: id).last { $0.sha256 == sha && $0.ended == nil }
                ?? SubmissionReceipt(
                    assessmentId: id,
                    sha256: sha,
                    manifest: manifest,
                    submitted: Stamp(by: assessment.submittedBy ?? "", at: assessment.submittedAt ?? now),
                    late: assessment.late,
                    onBehalfReason: assessment.onBehalfReason
                )
            receipt.ended = Stamp(by: caller.username, at: now)
            receipt.ending = ending
            receipt.endReason = reason
            try db.save(receipt)
            assessment.status = .draft
            assessment.submittedAt = nil
            assessment.submittedBy = nil
            assessment.late = false
            assessment.onBehalfReason = nil
            assessment.manifest = nil
            assessment.receiptSHA256 = nil
            let saved = try db.save(assessment)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "assessment.\(ending == .reopened ? "reopen" : "withdraw")",
                    subject: "cycle:\(cycleCode)/unit:\(unitCode)",
                    payload: .fields(["receiptSha256": .string(sha), "reason": reason.map { .string($0) }, "phase": .string(cycle.phase.rawValue)])
                )
            )
            return saved
        }
    }

    /// Every receipt the unit was given, oldest first: the current one last, ended ones with how
    /// and why they ended.
    public func receipts(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> [SubmissionReceipt] {
        try await services.repository.read { db in
            _ = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            guard let id = try db.assessment(cycle: cycleCode, unit: unitCode)?.id else { return [] }
            return try db.receipts(assessment: id)
        }
    }

    /// The sealed manifest, whose canonical JSON hashes to the receipt's SHA-256.
    public func receipt(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> (manifest: DocumentValue, sha256: String) {
        try await services.repository.read { db in
            _ = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            guard let assessment = try db.assessment(cycle: cycleCode, unit: unitCode) else {
                throw DomainError.notFound("biên nhận (đơn vị chưa nộp)")
            }
            if let text = assessment.manifest, let sha = assessment.receiptSHA256 { return (try DocumentValue.parseJSON(text), sha) }
            // Reopened or withdrawn: the last receipt handed out stays readable until a new one supersedes it.
            guard let id = assessment.id, let last = try db.receipts(assessment: id).last else {
                throw DomainError.notFound("biên nhận (đơn vị chưa nộp)")
            }
            return (try DocumentValue.parseJSON(last.manifest), last.sha256)
        }
    }
}

/// Submission receipts: the manifest of every self entry and every evidence file's hash.
public enum Receipts {
    public static func manifest(
        view: AssessmentService.View,
        submittedAt: Date,
        submittedBy: String,
        late: Bool,
        onBehalfReason: String? = nil,
        supersedes: String? = nil
    ) -> DocumentValue {
        var items: [DocumentValue] = []
        var files: [DocumentValue] = []
        for row in view.rows where row.leaf.spec.source == .selfAssessed {
            items.append(
                .fields([
                    "criterion": .string(row.leaf.code), "applicable": .bool(row.item.applicable),
                    "naReason": row.item.notApplicableReason.map { .string($0) },
                    "entry": row.item.selfValue?.entry?.document, "points": row.item.selfValue?.points.map { .points($0) },
                    "note": row.item.selfValue?.note.map { .string($0) },
                ])
            )
            for evidence in row.evidence {
                files.append(
                    .fields([
                        "criterion": .string(row.leaf.code), "id": .string(evidence.id), "kind": .string(evidence.kind.rawValue),
                        "filename": evidence.filename.map { .string($0) }, "size": evidence.size.map { .number(String($0)) },
                        "sha256": evidence.sha256.map { .string($0) }, "title": evidence.title.map { .string($0) },
                        "documentNumber": evidence.documentNumber.map { .string($0) }, "issuedOn": evidence.issuedOn.map { .string($0) },
                        "url": evidence.url.map { .string($0) },
                    ])
                )
            }
        }
        return .fields([
            "cycle": .string(view.cycle.code), "unit": .string(view.unit.code),
            "framework": .object([
                ("code", .string(view.framework.code)), ("version", .string(view.framework.version)),
                ("contentSha256", .string(view.cycle.frameworkSHA256)),
            ]),
            "submittedAt": .date(submittedAt), "submittedBy": .string(submittedBy), "late": .bool(late),
            "onBehalf": onBehalfReason.map { _ in .bool(true) }, "reason": onBehalfReason.map { .string($0) },
            "supersedes": supersedes.map { .string($0) }, "items": .array(items), "files": .array(files),
        ])
    }
}
