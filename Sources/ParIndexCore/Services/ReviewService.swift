import Foundation

/// The council's use cases (appraise, ask, settle) and the unit's answer to a question.
public struct ReviewService: Sendable {
    let services: Services

    public struct Appraisal: Sendable {
        public var entry: Entry
        public var note: String?
        public var expectedVersion: Int?
        public init(entry: Entry, note: String?, expectedVersion: Int? = nil) {
            self.entry = entry
            self.note = note
            self.expectedVersion = expectedVersion
        }
    }

    /// Sets the appraised value with the same inputs as the unit; the server computes the points.
    /// A note is required when the points differ from the self points.
    public func appraise(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        _ input: Appraisal,
        by caller: Caller
    )
        async throws -> Item
    {
        let note = try cleanText(input.note, field: "note", name: "ghi chú thẩm định")
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, leaf, assessment, current) = try Self.reviewTarget(db, cycleCode, unitCode, criterion, caller)
            try WritingWindow.check(cycle, phases: [.appraisal, .finalReview], now: now, extensionUntil: assessment.extensionUntil)
            var item = current
            try Self.checkVersion(item, input.expectedVersion, criterion)
            guard item.applicable else {
                throw DomainError.invalid("not_applicable", "Đơn vị đã đánh dấu tiêu chí \(criterion) là không áp dụng.")
            }
            guard [.unreviewed, .agreed, .adjusted].contains(item.state) else {
                throw DomainError.conflict(
                    "in_explanation",
                    "Tiêu chí \(criterion) đang trong vòng giải trình (\(item.state.vietnamese)); hãy chốt điểm thay vì thẩm định lại."
                )
            }
            let points = try leaf.spec.rule.points(for: input.entry, max: leaf.spec.max)
            let differs = points != item.selfValue?.points
            if differs && note == nil {
                throw DomainError.invalid(
                    "note_required",
                    "Điểm thẩm định khác điểm tự đánh giá: cần ghi rõ lý do.",
                    details: ["field": .string("note")]
                )
            }
            item.assessmentId = assessment.id!
            return try Self.recordAppraisal(
                db,
                item,
                entry: input.entry,
                points: points,
                note: note,
                subject: (cycleCode, unitCode),
                by: caller,
                at: now
            )
        }
    }

    /// Saves an appraisal on `item` and its ledger event: one path for a single appraisal and for
    /// the bulk acceptance below, so both leave the same rows and the same events.
    static func recordAppraisal(
        _ db: any RepositoryWriter,
        _ current: Item,
        entry: Entry,
        points: Points,
        note: String?,
        subject: (cycle: String, unit: String),
        by caller: Caller,
        at now: Date
    ) throws -> Item {
        var item = current
        item.appraised = AppraisedValue(entry: entry, points: points, note: note, stamp: Stamp(by: caller.username, at: now))
        item.state = points != item.selfValue?.points ? .adjusted : .agreed
        item.version += 1
        let saved = try db.save(item)
        try db.record(
            LedgerEntry(
                actor: caller.username,
                action: "item.appraise",
                subject: Self.subject(subject.cycle, subject.unit, item.criterion),
                payload: .fields([
                    "entry": entry.document, "points": .points(points), "note": .optional(note),
                    "state": .string(saved.state.rawValue), "version": .int(saved.version),
                ])
            )
        )
        return saved
    }

    /// Asks the unit to explain an item (yêu cầu giải trình).
    public func ask(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        message: String,
        by caller: Caller
    ) async throws
        -> ThreadMessage
    {
        let body = try cleanText(message, field: "message", name: "nội dung câu hỏi", required: true)!
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, leaf, assessment, current) = try Self.reviewTarget(db, cycleCode, unitCode, criterion, caller)
            try WritingWindow.check(cycle, phases: [.appraisal], now: now, extensionUntil: assessment.extensionUntil)
            var item = current
            guard item.state != .settled else { throw DomainError.conflict("already_settled", "Tiêu chí \(criterion) đã được chốt.") }
            item.state = .questionOpen
            item.version += 1
            let saved = try db.save(item)
            let question = try db.insert(ThreadMessage(itemId: saved.id!, kind: .question, body: body, stamp: Stamp(by: caller.username, at: now)))
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "item.question",
                    subject: Self.subject(cycleCode, unitCode, criterion),
                    payload: .fields(["message": .string(body), "version": .int(saved.version)])
                )
            )
            try services.notifier(db, at: now).questionAsked(cycle, unit: unitCode, leaf: leaf, message: body)
            return question
        }
    }

    /// The unit's answer to an open question (giải trình); evidence for it goes through the evidence route.
    public func answer(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        message: String,
        by caller: Caller
    ) async throws
        -> ThreadMessage
    {
        let body = try cleanText(message, field: "message", name: "nội dung giải trình", required: true)!
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            try AccessPolicy.require(AccessPolicy.canSelfAssess(unit: unitCode, by: caller), canSee: true, what: "đơn vị")
            let framework = try db.requireFramework(of: cycle)
            let leaf = try db.leaf(framework, criterion)
            let assessment = try db.assessment(cycle: cycleCode, unit: unitCode)
            try WritingWindow.check(cycle, phases: [.explanation], now: now, extensionUntil: assessment?.extensionUntil)
            guard let assessment, var item = try db.item(assessment: assessment.id!, criterion: criterion),
                item.state == .questionOpen || item.state == .answered
            else {
                throw DomainError.conflict("no_open_question", "Tiêu chí \(criterion) không có yêu cầu giải trình nào đang mở.")
            }
            item.state = .answered
            item.version += 1
            let saved = try db.save(item)
            let answer = try db.insert(ThreadMessage(itemId: saved.id!, kind: .answer, body: body, stamp: Stamp(by: caller.username, at: now)))
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "item.answer",
                    subject: Self.subject(cycleCode, unitCode, criterion),
                    payload: .fields(["message": .string(body), "version": .int(saved.version)])
                )
            )
            try services.notifier(db, at: now).questionAnswered(cycle, unit: unitCode, leaf: leaf, message: body)
            return answer
        }
    }

    public struct Settlement: Sendable {
        public var points: Points?
        public var note: String?
        public var disposition: Disposition
        public init(points: Points?, note: String?, disposition: Disposition) {
            self.points = points
            self.note = note
            self.disposition = disposition
        }
    }

    /// Settles an explained (or unanswered) item with a disposition and final points. Without
    /// points, `accepted` takes the self points and `rejected` keeps the appraised points.
    public func settle(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        _ input: Settlement,
        by caller: Caller
    )
        async throws -> Item
    {
        let note = try cleanText(input.note, field: "note", name: "ghi chú khi chốt kết quả", required: true)
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, leaf, assessment, current) = try Self.reviewTarget(db, cycleCode, unitCode, criterion, caller)
            try WritingWindow.check(cycle, phases: [.finalReview], now: now, extensionUntil: assessment.extensionUntil)
            var item = current
            guard item.state == .questionOpen || item.state == .answered else {
                throw DomainError.conflict(
                    "not_in_explanation",
                    "Chỉ chốt điểm các tiêu chí đã yêu cầu giải trình (trạng thái hiện tại: \(item.state.vietnamese))."
                )
            }
            let points: Points
            switch (input.points, input.disposition) {
            case (let given?, _): points = given
            case (nil, .accepted) where item.selfValue?.points != nil: points = item.selfValue!.points!
            case (nil, .rejected) where item.appraised != nil: points = item.appraised!.points
            default:
                throw DomainError.invalid("points_required", "Cần nhập điểm cuối cùng.", details: ["field": .string("points")])
            }
            guard points >= .zero, points <= leaf.spec.max else {
                throw DomainError.invalid("points_out_of_range", "Điểm phải trong khoảng 0 đến \(leaf.spec.max.vietnamese).")
            }
            item.final = FinalValue(points: points, note: note, disposition: input.disposition, stamp: Stamp(by: caller.username, at: now))
            item.state = .settled
            item.version += 1
            let saved = try db.save(item)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "item.settle",
                    subject: Self.subject(cycleCode, unitCode, criterion),
                    payload: .fields([
                        "points": .points(points), "note": .optional(note), "disposition": .string(input.disposition.rawValue),
                        "version": .int(saved.version),
                    ])
                )
            )
            try services.notifier(db, at: now).itemSettled(cycle, unit: unitCode, leaf: leaf)
            return saved
        }
    }

    static func subject(_ cycle: String, _ unit: String, _ criterion: String) -> String { "cycle:\(cycle)/unit:\(unit)/item:\(criterion)" }

    static func checkVersion(_ item: Item, _ expected: Int?, _ criterion: String) throws(DomainError) {
        if let expected, expected != item.version {
            throw .conflict(
                "stale_version",
                "Tiêu chí \(criterion) đã được sửa ở nơi khác (phiên bản \(item.version)); hãy tải lại.",
                details: ["version": .int(item.version)]
            )
        }
    }

    /// The item a reviewer acts on: visible, assigned, submitted, a self-scored leaf.
    static func reviewTarget(
        _ db: any RepositoryWriter,
        _ cycleCode: String,
        _ unitCode: String,
        _ criterion: String,
        _ caller: Caller
    ) throws
        -> (Cycle, Leaf, Assessment, Item)
    {
        let (cycle, assigned) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
        try AccessPolicy.require(AccessPolicy.canAppraise(unit: unitCode, by: caller, assignedUnits: assigned), canSee: true, what: "đơn vị")
        let framework = try db.requireFramework(of: cycle)
        let leaf = try db.leaf(framework, criterion)
        guard leaf.spec.source == .selfAssessed else { throw Rule.surveyEntryRefused }
        guard let assessment = try db.assessment(cycle: cycleCode, unit: unitCode), assessment.status == .submitted else {
            throw DomainError.conflict("not_submitted", "Đơn vị chưa nộp bản tự đánh giá.")
        }
        var item = try db.item(assessment: assessment.id!, criterion: criterion) ?? Item(assessmentId: assessment.id!, criterion: criterion)
        if item.id == nil { item = try db.save(item) }
        return (cycle, leaf, assessment, item)
    }
}
