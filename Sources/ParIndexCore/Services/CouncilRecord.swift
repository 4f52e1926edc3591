import Foundation

/// What the council's record of one unit's appraisal (biên bản thẩm định) holds: the unit's
/// assessment as the caller may see it, the reviewers assigned to the unit, and the names of
/// everyone who set a value on it, so the record can say who decided each change.
public struct CouncilRecord: Sendable {
    public struct Person: Sendable, Equatable {
        public var username: String
        public var name: String
    }

    public var view: AssessmentService.View
    /// The name of the unit's block (khối).
    public var blockName: String
    /// The reviewers assigned to the unit in this cycle, by name.
    public var reviewers: [Person]
    /// Display names by username, for every stamp on the assessment's items.
    public var names: [String: String]

    /// `username`'s display name, or the username when the account is gone.
    public func name(_ username: String) -> String { names[username] ?? username }
}

extension AssessmentService {
    /// The council record of a unit: admins, and the reviewers who may see the unit (`404` for
    /// others, as for the unit's assessment itself).
    public func councilRecord(cycle cycleCode: String, unit unitCode: String, by caller: Caller) async throws -> CouncilRecord {
        guard caller.role == .admin || caller.role == .reviewer else { throw DomainError.forbidden() }
        return try await services.repository.read { db in
            let (cycle, _) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            let view = try Self.loadView(db, cycle: cycle, unitCode: unitCode)
            let assigned = try db.assignments(cycle: cycleCode).filter { $0.unitCode == unitCode }.map(\.username)
            var usernames = Set(assigned)
            for row in view.rows {
                for stamp in [row.item.appraised?.stamp, row.item.final?.stamp].compactMap({ $0 }) { usernames.insert(stamp.by) }
            }
            var names: [String: String] = [:]
            for username in usernames { names[username] = try db.user(username)?.name ?? username }
            let reviewers = assigned.sorted { VietnameseText.precedes(names[$0] ?? $0, names[$1] ?? $1) }.map {
                CouncilRecord.Person(username: $0, name: names[$0] ?? $0)
            }
            let blockName = try db.block(view.unit.blockCode)?.name ?? view.unit.blockCode
            return CouncilRecord(view: view, blockName: blockName, reviewers: reviewers, names: names)
        }
    }
}

extension AssessmentService {
    /// The display name of the account `username`, for a signature block; the username itself when
    /// there is no such account (a command-line actor, a removed account).
    public func displayName(of username: String) async throws -> String {
        guard !username.isEmpty else { return "" }
        return try services.repository.glance { db in try db.user(username)?.name } ?? username
    }
}
