import Foundation

/// The council's internal notes on items: added by an assigned reviewer or an admin, each in one
/// transaction with its ledger event; read only by those who may write them (observers and units
/// never see them, decision 0024).
public struct CouncilNoteService: Sendable {
    let services: Services

    /// Adds a note on a leaf of a unit the caller may annotate; `404` for a unit they may not see.
    public func add(
        cycle cycleCode: String,
        unit unitCode: String,
        criterion: String,
        body: String,
        by caller: Caller
    ) async throws
        -> CouncilNote
    {
        let text = try cleanText(body, field: "body", name: "ghi chú nội bộ", required: true)!
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, assigned) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            let allowed = AccessPolicy.canReadCouncilNotes(unit: unitCode, by: caller, assignedUnits: assigned)
            try AccessPolicy.require(allowed, canSee: false, what: "đơn vị")
            guard cycle.phase != .published else {
                throw DomainError.conflict("published", "Kỳ đánh giá đã công bố kết quả: không thêm ghi chú được nữa.")
            }
            _ = try db.leaf(try db.requireFramework(of: cycle), criterion)
            let note = try db.insert(
                CouncilNote(cycleCode: cycleCode, unitCode: unitCode, criterion: criterion, body: text, stamp: Stamp(by: caller.username, at: now))
            )
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "item.council_note",
                    subject: ReviewService.subject(cycleCode, unitCode, criterion),
                    payload: .fields(["id": .int(Int(note.id!)), "body": .string(text)])
                )
            )
            return note
        }
    }

    /// A unit's notes, oldest first, or nil when the caller may not read them (an observer).
    public func notes(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> [CouncilNote]? {
        try await services.repository.read { db in
            let (_, assigned) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            guard AccessPolicy.canReadCouncilNotes(unit: unitCode, by: caller, assignedUnits: assigned) else { return nil }
            return try db.councilNotes(cycle: cycleCode, unit: unitCode)
        }
    }

    /// One criterion's notes across the units the caller may read them for, oldest first; nil for
    /// a caller who reads none (an observer, a unit).
    public func notes(cycle cycleCode: String, criterion: String, by caller: Caller) async throws -> [CouncilNote]? {
        try await services.repository.read { db in
            guard caller.role == .admin || caller.role == .reviewer else { return nil }
            let assigned = try db.assignedUnits(caller, cycle: cycleCode)
            let statuses = try db.assessmentStatuses(cycle: cycleCode)
            return try db.councilNotes(cycle: cycleCode, criterion: criterion).filter {
                AccessPolicy.canReadCouncilNotes(unit: $0.unitCode, by: caller, assignedUnits: assigned)
                    && AccessPolicy.canSeeEntries(unit: $0.unitCode, by: caller, assignedUnits: assigned, status: statuses[$0.unitCode])
            }
        }
    }
}
