import ParIndexCore

/// `{code, name}`.
struct BlockAnswer: Encodable {
    var code: String
    var name: String

    init(_ block: Block) {
        code = block.code
        name = block.name
    }
}

/// `{code, name, block}`.
struct UnitAnswer: Encodable {
    var code: String
    var name: String
    var block: String

    init(_ unit: Unit) {
        code = unit.code
        name = unit.name
        block = unit.blockCode
    }
}

/// `{username, name, role, unit, disabled}`.
struct UserAnswer: Encodable {
    var username: String
    var name: String
    var role: String
    var unit: String?
    var disabled: Bool

    init(_ user: User) {
        username = user.username
        name = user.name
        role = user.role.rawValue
        unit = user.unitCode
        disabled = user.disabled
    }
}

/// A framework just imported: `{code, version, contentSha256, leaves, maxPoints}`.
struct FrameworkImportAnswer: Encodable {
    var code: String
    var version: String
    var contentSha256: String
    var leaves: Int
    var maxPoints: Points

    init(_ stored: StoredFramework) {
        code = stored.framework.code
        version = stored.framework.version
        contentSha256 = stored.contentSHA256
        leaves = stored.framework.leaves.count
        maxPoints = stored.framework.maxPoints
    }
}

/// A bearer token, shown this once.
struct TokenAnswer: Encodable {
    var token: String
}

/// The ledger check: `{ok, events, head, firstBroken?}`.
struct AuditAnswer: Encodable {
    var ok: Bool
    var events: Int64
    var head: String
    @OmittedIfNil var firstBroken: Int64?
    var mismatches: [Mismatch]

    /// One difference between the state the ledger implies and a stored row.
    struct Mismatch: Encodable {
        var table: String
        @OmittedIfNil var cycle: String?
        @OmittedIfNil var unit: String?
        @OmittedIfNil var criterion: String?
        var field: String
        var ledger: DocumentValue
        var stored: DocumentValue
    }

    init(_ result: LedgerVerification) {
        ok = result.ok
        events = result.events
        head = result.head
        firstBroken = result.firstBroken
        mismatches = result.mismatches.map {
            Mismatch(table: $0.table, cycle: $0.cycle, unit: $0.unit, criterion: $0.criterion, field: $0.field, ledger: $0.ledger, stored: $0.stored)
        }
    }
}

/// The ledger's current head, for anyone to copy and check later.
struct AuditHeadAnswer: Encodable {
    var events: Int64
    var head: String
    var at: String?

    init(_ head: LedgerHead) {
        events = head.events
        self.head = head.head
        at = head.at
    }
}

/// Who signed in, and the token their writes carry.
struct SessionAnswer: Encodable {
    var username: String
    var name: String
    var role: String
    var unit: String?
    var csrfToken: String

    init(_ session: AuthService.NewSession) {
        username = session.user.username
        name = session.user.name
        role = session.user.role.rawValue
        unit = session.user.unitCode
        csrfToken = session.csrfToken
    }
}
