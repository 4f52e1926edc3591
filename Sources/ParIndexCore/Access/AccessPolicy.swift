/// The signed-in person as the domain sees them.
public struct Caller: Sendable, Equatable {
    public var username: String
    public var role: Role
    public var unitCode: String?

    public init(username: String, role: Role, unitCode: String?) {
        self.username = username
        self.role = role
        self.unitCode = unitCode
    }

    public init(_ user: User) { self.init(username: user.username, role: user.role, unitCode: user.unitCode) }

    /// The operator at the command line: acts as an admin and is recorded as `cli:<name>`.
    public static func commandLine(_ name: String = "operator") -> Caller {
        Caller(username: commandLinePrefix + name, role: .admin, unitCode: nil)
    }

    /// What starts the recorded name of the operator at the command line; no account name can (usernames have no `:`).
    public static let commandLinePrefix = "cli:"
}

/// Who may do what to which object. Pure: callers pass in the facts (assignments), the policy
/// answers. Objects a caller may not see are reported as missing, so existence never leaks.
public enum AccessPolicy {
    /// Reading an assessment, its items, evidence, threads and receipt.
    public static func canSee(unit unitCode: String, by caller: Caller, assignedUnits: Set<String>) -> Bool {
        switch caller.role {
        case .admin, .observer: true
        case .unit: caller.unitCode == unitCode
        case .reviewer: assignedUnits.contains(unitCode) && caller.unitCode != unitCode
        }
    }

    /// A unit's entries, notes, evidence, thread and receipt (DR-1): what `canSee` allows, and
    /// before the unit submits (a draft, or a submission reopened or withdrawn, which is a draft
    /// again) only the unit itself and admins. Everyone else is answered as for a unit they may
    /// never see, so a draft's existence does not leak either.
    public static func canSeeEntries(
        unit unitCode: String,
        by caller: Caller,
        assignedUnits: Set<String>,
        status: AssessmentStatus?
    ) -> Bool {
        canSee(unit: unitCode, by: caller, assignedUnits: assignedUnits)
            && (status == .submitted || seesDrafts(of: unitCode, caller))
    }

    /// Who reads a unit's draft: the unit and admins (DR-1).
    public static func seesDrafts(of unitCode: String, _ caller: Caller) -> Bool {
        caller.role == .admin || isOwnUnit(unitCode, of: caller)
    }

    /// A unit's own account on its own unit: the one case where the role alone settles whose unit
    /// it is, with nothing read.
    public static func isOwnUnit(_ unitCode: String, of caller: Caller) -> Bool {
        caller.role == .unit && caller.unitCode == unitCode
    }

    /// Entering self scores, N/A, evidence, answers, submit.
    public static func canSelfAssess(unit unitCode: String, by caller: Caller) -> Bool {
        isOwnUnit(unitCode, of: caller)
    }

    /// Appraising, asking, settling: an assigned reviewer who does not belong to the unit.
    public static func canAppraise(unit unitCode: String, by caller: Caller, assignedUnits: Set<String>) -> Bool {
        caller.role == .reviewer && assignedUnits.contains(unitCode) && caller.unitCode != unitCode
    }

    /// Reading and adding the council's internal notes on a unit's items: admins, and reviewers
    /// assigned to the unit. Observers read the scores and the thread but not the council's own
    /// deliberation (decision 0024); units never do.
    public static func canReadCouncilNotes(unit unitCode: String, by caller: Caller, assignedUnits: Set<String>) -> Bool {
        switch caller.role {
        case .admin: true
        case .reviewer: assignedUnits.contains(unitCode) && caller.unitCode != unitCode
        case .unit, .observer: false
        }
    }

    /// Running cycles, imports, users, publication.
    public static func canAdminister(_ caller: Caller) -> Bool { caller.role == .admin }

    /// A reviewer who belongs to a unit can never be assigned to it.
    public static func canAssign(reviewer: User, to unitCode: String) -> Bool {
        reviewer.role == .reviewer && reviewer.unitCode != unitCode
    }

    /// Whether a caller takes part in a cycle at all (lists and cycle pages).
    public static func takesPart(_ caller: Caller, cycleUnits: Set<String>, assignedUnits: Set<String>) -> Bool {
        switch caller.role {
        case .admin, .observer: true
        case .unit: caller.unitCode.map(cycleUnits.contains) ?? false
        case .reviewer: !assignedUnits.isEmpty
        }
    }

    /// Throws the error a caller who may not do something should see: `404` when they may not
    /// even see the object, `403` when they may see it but not change it.
    public static func require(_ allowed: Bool, canSee: Bool, what: String) throws(DomainError) {
        guard allowed else { throw canSee ? .forbidden() : .notFound(what) }
    }
}
