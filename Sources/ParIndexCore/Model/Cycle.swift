import Foundation

/// A framework as stored: the validated tree plus the hash that pins it.
public struct StoredFramework: Sendable, Equatable {
    public var framework: Framework
    public var contentSHA256: String
    public var importedAt: Date
    public init(framework: Framework, contentSHA256: String, importedAt: Date) {
        self.framework = framework
        self.contentSHA256 = contentSHA256
        self.importedAt = importedAt
    }
}

/// One year's assessment (kỳ đánh giá): a pinned framework version, units, deadlines and a phase.
public struct Cycle: Sendable, Equatable {
    public var code: String
    public var name: String
    public var year: Int
    public var frameworkCode: String
    public var frameworkVersion: String
    public var frameworkSHA256: String
    public var phase: Phase
    public var deadlines: Deadlines
    public var createdAt: Date

    public init(
        code: String,
        name: String,
        year: Int,
        frameworkCode: String,
        frameworkVersion: String,
        frameworkSHA256: String,
        phase: Phase,
        deadlines: Deadlines,
        createdAt: Date
    ) {
        self.code = code
        self.name = name
        self.year = year
        self.frameworkCode = frameworkCode
        self.frameworkVersion = frameworkVersion
        self.frameworkSHA256 = frameworkSHA256
        self.phase = phase
        self.deadlines = deadlines
        self.createdAt = createdAt
    }
}

/// A reviewer's assignment to one unit in one cycle.
public struct ReviewerAssignment: Sendable, Equatable, Hashable {
    public var cycleCode: String
    public var username: String
    public var unitCode: String
    public init(cycleCode: String, username: String, unitCode: String) {
        self.cycleCode = cycleCode
        self.username = username
        self.unitCode = unitCode
    }
}

/// The immutable snapshot of a cycle's results.
public struct Publication: Sendable, Equatable {
    public var cycleCode: String
    public var publishedAt: Date
    public var publishedBy: String
    /// Canonical JSON of the results; its SHA-256 is `snapshotSHA256`.
    public var snapshot: String
    public var snapshotSHA256: String
    /// The ledger head when published: binds the figures to the history that produced them.
    public var auditHead: String
    /// How many events the ledger held when published: `auditHead` is the hash of that event (nil
    /// for publications recorded before the count was kept).
    public var auditEvents: Int64?
    public init(
        cycleCode: String,
        publishedAt: Date,
        publishedBy: String,
        snapshot: String,
        snapshotSHA256: String,
        auditHead: String,
        auditEvents: Int64? = nil
    ) {
        self.cycleCode = cycleCode
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.snapshot = snapshot
        self.snapshotSHA256 = snapshotSHA256
        self.auditHead = auditHead
        self.auditEvents = auditEvents
    }
}
