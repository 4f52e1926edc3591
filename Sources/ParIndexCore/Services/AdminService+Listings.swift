import Foundation

/// What the secretariat's pages and the API list: accounts, blocks, units, frameworks and a cycle's
/// assignments. Each read is one transaction, so a page sees one state of the data.
extension AdminService {
    /// Every account; only the secretariat lists them.
    public func users(by caller: Caller) async throws -> [User] {
        try requireAdmin(caller)
        return try await services.repository.read { db in try db.users() }
    }

    /// The blocks; every signed-in person may read them (the API lists them to all roles).
    public func blocks(by caller: Caller) async throws -> [Block] {
        try await services.repository.read { db in try db.blocks() }
    }

    /// The units; every signed-in person may read them, like the blocks.
    public func units(by caller: Caller) async throws -> [Unit] {
        try await services.repository.read { db in try db.units() }
    }

    /// One framework version as imported; every signed-in person may read it. `nil` when unknown.
    public func framework(code: String, version: String, by caller: Caller) async throws -> StoredFramework? {
        try await services.repository.read { db in try db.framework(code: code, version: version) }
    }

    /// Every imported framework version, for the secretariat's lists.
    public func frameworkVersions(by caller: Caller) async throws -> [(code: String, version: String, sha256: String)] {
        try requireAdmin(caller)
        return try await services.repository.read { db in try db.frameworkVersions() }
    }

    /// Blocks and units together, for the organisation page.
    public func organisation(by caller: Caller) async throws -> (blocks: [Block], units: [Unit]) {
        try requireAdmin(caller)
        return try await services.repository.read { db in (try db.blocks(), try db.units()) }
    }

    /// What the accounts page shows, read together: accounts, units, every API token, and why
    /// each disabled account was disabled.
    public struct Accounts: Sendable {
        public var users: [User]
        public var units: [Unit]
        public var tokens: [APIToken]
        public var disablings: [String: AccountDisabling]
    }

    public func accounts(by caller: Caller) async throws -> Accounts {
        try requireAdmin(caller)
        return try await services.repository.read { db in
            Accounts(users: try db.users(), units: try db.units(), tokens: try db.tokens(), disablings: try db.disablings())
        }
    }

    /// What a new cycle may be built from: the frameworks, blocks and units, and for each existing
    /// cycle its framework and the blocks its units belong to.
    public struct NewCycleChoices: Sendable {
        public var frameworks: [(code: String, version: String, sha256: String)]
        public var blocks: [Block]
        public var units: [Unit]
        public var used: [(frameworkCode: String, blocks: Set<String>)]
    }

    public func newCycleChoices(by caller: Caller) async throws -> NewCycleChoices {
        try requireAdmin(caller)
        return try await services.repository.read { db in
            let units = try db.units()
            let blockOf = Dictionary(units.map { ($0.code, $0.blockCode) }, uniquingKeysWith: { a, _ in a })
            let used = try db.cycles().map { cycle in
                (frameworkCode: cycle.frameworkCode, blocks: Set(try db.cycleUnits(cycle.code).compactMap { blockOf[$0] }))
            }
            return NewCycleChoices(frameworks: try db.frameworkVersions(), blocks: try db.blocks(), units: units, used: used)
        }
    }

    /// A cycle's assessments with the block names, for the secretariat's cycle page.
    public func assessments(cycle cycleCode: String, by caller: Caller) async throws -> (assessments: [Assessment], blocks: [Block]) {
        try requireAdmin(caller)
        return try await services.repository.read { db in (try db.assessments(cycle: cycleCode), try db.blocks()) }
    }

    /// Who may be assigned in a cycle and who is: accounts, the cycle's assignments, blocks and units.
    public struct AssignmentChoices: Sendable {
        public var users: [User]
        public var assignments: [ReviewerAssignment]
        public var blocks: [Block]
        public var units: [Unit]
    }

    public func assignmentChoices(cycle cycleCode: String, by caller: Caller) async throws -> AssignmentChoices {
        try requireAdmin(caller)
        return try await services.repository.read { db in
            AssignmentChoices(
                users: try db.users(),
                assignments: try db.assignments(cycle: cycleCode),
                blocks: try db.blocks(),
                units: try db.units()
            )
        }
    }
}
