import Foundation

/// Evidence metadata: document references now, files (whose bytes live in the evidence store) too.
public struct EvidenceService: Sendable {
    let services: Services

    public struct Reference: Sendable {
        public var title: String
        public var documentNumber: String?
        public var issuedOn: String?
        public var url: String?
        public init(title: String, documentNumber: String? = nil, issuedOn: String? = nil, url: String? = nil) {
            self.title = title
            self.documentNumber = documentNumber
            self.issuedOn = issuedOn
            self.url = url
        }
    }

    /// Attaches a document reference (number, date, title, URL) to an item.
    public func addReference(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        _ reference: Reference,
        by caller: Caller
    )
        async throws -> Evidence
    {
        let title = try cleanText(reference.title, field: "title", name: "tên tài liệu", max: 500, required: true, shape: .line)!
        let number = try cleanText(reference.documentNumber, field: "documentNumber", name: "số văn bản", max: 100, shape: .line)
        let issuedOn = try cleanText(reference.issuedOn, field: "issuedOn", name: "ngày ban hành", max: 10, shape: .line)
        // A day that exists, not just its shape: 2027-02-30 would be stored and served as a date.
        if let issuedOn, !Timestamp.isDay(issuedOn) {
            throw DomainError.invalid(
                "invalid_date",
                "Ngày ban hành phải là một ngày có thật, dạng YYYY-MM-DD.",
                details: ["field": .string("issuedOn")]
            )
        }
        let url = try cleanText(reference.url, field: "url", name: "đường dẫn", max: 2000, shape: .line)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw DomainError.invalid("invalid_url", "Đường dẫn phải bắt đầu bằng http:// hoặc https://.", details: ["field": .string("url")])
        }
        return try await attach(cycle: cycleCode, unit: unitCode, criterion: criterion, by: caller) { itemId, stamp, supplementary in
            Evidence(
                id: UUID().uuidString.lowercased(),
                itemId: itemId,
                kind: .reference,
                title: title,
                documentNumber: number,
                issuedOn: issuedOn,
                url: url,
                uploaded: stamp,
                supplementary: supplementary
            )
        }
    }

    /// Records an evidence file whose bytes are already safely stored under their SHA-256.
    public func addFile(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        filename: String,
        size: Int64,
        sha256: String,
        contentType: String,
        by caller: Caller
    ) async throws -> Evidence {
        let name = try cleanText(filename, field: "filename", name: "tên tệp", max: 255, required: true, shape: .line)!
        return try await attach(cycle: cycleCode, unit: unitCode, criterion: criterion, by: caller) { itemId, stamp, supplementary in
            Evidence(
                id: UUID().uuidString.lowercased(),
                itemId: itemId,
                kind: .file,
                filename: name,
                size: size,
                sha256: sha256,
                contentType: contentType,
                uploaded: stamp,
                supplementary: supplementary
            )
        }
    }

    /// Checks who and when, then inserts the evidence row and its ledger event in one transaction.
    func attach(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        by caller: Caller,
        make: @escaping @Sendable (Int64, Stamp, Bool) -> Evidence
    ) async throws -> Evidence {
        let now = services.clock.now()
        let quota = services.security.quota
        return try await services.repository.write { db in
            try Self.attach(db, cycle: cycleCode, unit: unitCode, criterion: criterion, now: now, quota: quota, by: caller, make: make)
        }
    }

    /// One document, uploaded or referenced once, attached to more criteria of the same assessment:
    /// a decree that proves several criteria is listed under each of them, its bytes stored once
    /// (files are kept under their SHA-256) and counted once against the quota. Criteria that
    /// already list it are left as they are; each new attachment is its own row, so removing the
    /// document from one criterion leaves the others. All of it is one transaction.
    public func reuse(_ id: String, for criteria: [String], by caller: Caller) async throws -> [Evidence] {
        let now = services.clock.now()
        let quota = services.security.quota
        return try await services.repository.write { db in
            let (source, cycleCode, unitCode, from) = try Self.locate(db, id, caller)
            try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "tài liệu")
            let assessment = try db.assessment(cycle: cycleCode, unit: unitCode)
            var added: [Evidence] = []
            for criterion in Set(criteria).subtracting([from]).sorted() {
                let listed = try db.item(assessment: assessment?.id ?? -1, criterion: criterion).map { try db.evidence(item: $0.id!) } ?? []
                if listed.contains(where: { $0.deleted == nil && $0.isSameDocument(as: source) }) { continue }
                added.append(
                    try Self.attach(db, cycle: cycleCode, unit: unitCode, criterion: criterion, now: now, quota: quota, by: caller, reusing: id) {
                        itemId,
                        stamp,
                        supplementary in
                        source.copy(id: UUID().uuidString.lowercased(), itemId: itemId, uploaded: stamp, supplementary: supplementary)
                    }
                )
            }
            return added
        }
    }

    /// Units add evidence while drafting, or in the explanation phase on an item with an open question.
    static func attach(
        _ db: any RepositoryWriter,
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        now: Date,
        quota: EvidenceQuota,
        by caller: Caller,
        reusing: String? = nil,
        make: (Int64, Stamp, Bool) -> Evidence
    ) throws -> Evidence {
        let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
        try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "đơn vị")
        let leaf = try db.leaf(try db.requireFramework(of: cycle), criterion)
        guard leaf.spec.source == .selfAssessed else { throw Rule.surveyEntryRefused }
        var assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
        let supplementary = try Self.checkAttachWindow(cycle, assessment, now: now)
        if assessment.id == nil { assessment = try db.save(assessment) }
        var item = try db.item(assessment: assessment.id!, criterion: criterion) ?? Item(assessmentId: assessment.id!, criterion: criterion)
        if supplementary {
            guard item.state == .questionOpen || item.state == .answered else {
                throw DomainError.conflict("no_open_question", "Chỉ bổ sung tài liệu cho tiêu chí đang được yêu cầu giải trình.")
            }
        } else if assessment.status != .draft {
            throw DomainError.conflict("already_submitted", "Đơn vị đã nộp bản tự đánh giá; không thể thêm tài liệu.")
        }
        if item.id == nil { item = try db.save(item) }
        let evidence = make(item.id!, Stamp(by: caller.username, at: now), supplementary)
        if evidence.kind == .file, reusing == nil {
            // Checked again here, in the transaction that inserts the row, so parallel uploads cannot slip past it.
            try quota.check(try db.evidenceUsage(assessment: assessment.id!), adding: [evidence.size ?? 0])
        }
        try db.insert(evidence)
        try db.record(
            LedgerEntry(
                actor: caller.username,
                action: "evidence.add",
                subject: "cycle:\(cycleCode)/unit:\(unitCode)/item:\(criterion)",
                // Every column of the row, so the ledger replay can rebuild it.
                payload: .object(AuditedEvidence.payload(evidence) + (reusing.map { [("reusedFrom", .string($0))] } ?? []))
            )
        )
        return evidence
    }
}

extension EvidenceService {
    /// Checks, before any byte is read, that the caller may attach evidence to this item now.
    public func checkCanAttach(cycle cycleCode: String, unit unitCode: String, criterion: String, by caller: Caller) async throws {
        let now = services.clock.now()
        try await services.repository.read { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "đơn vị")
            let leaf = try db.leaf(try db.requireFramework(of: cycle), criterion)
            guard leaf.spec.source == .selfAssessed else { throw Rule.surveyEntryRefused }
            let assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
            _ = try Self.checkAttachWindow(cycle, assessment, now: now)
        }
    }

    /// Whether the unit may attach evidence now, and whether it would supplement an explanation:
    /// a draft takes evidence while the unit may write its assessment (an extension reopens that
    /// in any phase); a submitted assessment takes supplementary evidence in explanation.
    static func checkAttachWindow(_ cycle: Cycle, _ assessment: Assessment, now: Date) throws(DomainError) -> Bool {
        if assessment.status == .draft,
            cycle.phase != .explanation || WritingWindow.selfOpen(cycle, now: now, extensionUntil: assessment.extensionUntil)
        {
            try WritingWindow.checkSelf(cycle, now: now, extensionUntil: assessment.extensionUntil)
            return false
        }
        try WritingWindow.check(cycle, phases: [.selfAssessment, .explanation], now: now, extensionUntil: assessment.extensionUntil)
        return cycle.phase == .explanation
    }

    /// Checks, before any uploaded file is kept, that all of them fit in the unit's quota for the
    /// cycle (SECURITY.md UP-6): an upload that would cross it stores nothing at all.
    public func checkQuota(cycle cycleCode: String, unit unitCode: String, adding sizes: [Int64], by caller: Caller) async throws {
        let quota = services.security.quota
        try await services.repository.read { db in
            _ = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            guard let id = try db.assessment(cycle: cycleCode, unit: unitCode)?.id else {
                return try quota.check((0, 0), adding: sizes)
            }
            try quota.check(try db.evidenceUsage(assessment: id), adding: sizes)
        }
    }

    /// An evidence row and where it belongs, if the caller may see it; `404` otherwise.
    public func find(_ id: String, by caller: Caller) async throws -> (evidence: Evidence, cycle: String, unit: String, criterion: String) {
        try await services.repository.read { db in try Self.locate(db, id, caller) }
    }

    /// Removes evidence from an item before submission; the row stays, marked deleted, and the
    /// ledger keeps the event.
    public func delete(_ id: String, by caller: Caller) async throws {
        let now = services.clock.now()
        try await services.repository.write { db in
            let (evidence, cycleCode, unitCode, criterion) = try Self.locate(db, id, caller)
            try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "tài liệu")
            let cycle = try db.requireCycle(cycleCode)
            let assessment = try db.assessment(cycle: cycleCode, unit: unitCode)
            try WritingWindow.checkSelf(cycle, now: now, extensionUntil: assessment?.extensionUntil)
            guard assessment?.status != .submitted else {
                throw DomainError.conflict("already_submitted", "Đơn vị đã nộp bản tự đánh giá; không thể xoá tài liệu.")
            }
            var deleted = evidence
            deleted.deleted = Stamp(by: caller.username, at: now)
            try db.update(deleted)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "evidence.delete",
                    subject: "cycle:\(cycleCode)/unit:\(unitCode)/item:\(criterion)",
                    payload: .fields(["id": .string(id), "sha256": .optional(evidence.sha256), "filename": .optional(evidence.filename)])
                )
            )
        }
    }

    static func locate(_ db: any RepositoryReader, _ id: String, _ caller: Caller) throws -> (Evidence, String, String, String) {
        guard id.count <= 64, let evidence = try db.evidence(id: id), evidence.deleted == nil,
            let item = try db.item(id: evidence.itemId), let assessment = try db.assessment(id: item.assessmentId)
        else { throw DomainError.notFound("tài liệu") }
        do {
            _ = try db.visibleUnitCycle(caller, cycle: assessment.cycleCode, unit: assessment.unitCode)
        } catch {
            throw DomainError.notFound("tài liệu")
        }
        return (evidence, assessment.cycleCode, assessment.unitCode, item.criterion)
    }
}

extension EvidenceService {
    /// Whether no live evidence row uses a stored file: after a failed insert the file is removed
    /// again. It names no item, so it needs no caller.
    public func isUnreferenced(sha256: String) async throws -> Bool {
        try await services.repository.read { db in try db.evidenceFileReferences(sha256: sha256) } == 0
    }
}

extension Services {
    public var evidence: EvidenceService { EvidenceService(services: self) }
}
