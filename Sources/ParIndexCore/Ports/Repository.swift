import Foundation

/// The persistence port. A use case runs inside one `write` (one transaction: every change and its
/// ledger event commit together or not at all); pages and reports run inside one `read`.
public protocol Repository: Sendable {
    func read<T: Sendable>(_ work: @escaping @Sendable (any RepositoryReader) throws -> T) async throws -> T
    /// A read of a few indexed rows, run on the caller's own thread (decision 0009): for the reads
    /// every request makes (who is calling, may they see this unit), handing the work to a database
    /// thread and back cost more than the read. Anything that may scan uses `read`, which keeps
    /// the caller's thread free meanwhile. A glance is not a snapshot: each statement sees the
    /// latest commit.
    func glance<T>(_ work: (any RepositoryReader) throws -> T) throws -> T
    func write<T: Sendable>(_ work: @escaping @Sendable (any RepositoryWriter) throws -> T) async throws -> T
}

/// Reads, inside one transaction.
public protocol RepositoryReader {
    func user(_ username: String) throws -> User?
    func users() throws -> [User]
    /// Who an API token signs in, unless the account is disabled, with the token's id and dates:
    /// a few columns of one row, read on every API request (the whole user row, with its dates
    /// parsed, was a twentieth of a kept answer).
    func bearerToken(sha256: String) throws -> BearerToken?
    /// One account's tokens (expired ones too), oldest first.
    func tokens(username: String) throws -> [APIToken]
    /// Every account's tokens, by username and then oldest first.
    func tokens() throws -> [APIToken]
    func token(id: Int64) throws -> APIToken?
    /// Why each disabled account was disabled, by username (accounts disabled before reasons were
    /// kept have none).
    func disablings() throws -> [String: AccountDisabling]
    func disabling(username: String) throws -> AccountDisabling?
    func session(idSHA256: String) throws -> Session?
    func loginChallenge(idSHA256: String) throws -> LoginChallenge?

    func block(_ code: String) throws -> Block?
    func blocks() throws -> [Block]
    func unit(_ code: String) throws -> Unit?
    func units() throws -> [Unit]

    func framework(code: String, version: String) throws -> StoredFramework?
    /// (code, version, contentSHA256) of every stored framework.
    func frameworkVersions() throws -> [(code: String, version: String, sha256: String)]

    func cycle(_ code: String) throws -> Cycle?
    func cycles() throws -> [Cycle]
    func cycleUnits(_ cycleCode: String) throws -> [String]
    func assignments(cycle cycleCode: String) throws -> [ReviewerAssignment]
    /// One reviewer's units in a cycle, from the assignment key rather than the cycle's whole list.
    func assignedUnits(cycle cycleCode: String, reviewer username: String) throws -> [String]

    /// In one statement: the cycle, whether it includes the unit, whether `reviewer` is assigned it,
    /// and the unit's assessment revision — what every request about one unit checks first (read
    /// as four statements, they were a tenth of a kept assessment's answer). Nil: no such cycle.
    func unitInCycle(cycle cycleCode: String, unit unitCode: String, reviewer: String?) throws -> UnitInCycle?

    func assessment(cycle cycleCode: String, unit unitCode: String) throws -> Assessment?
    /// The assessment's id and its revision counter, which moves with every change to it, its items,
    /// evidence or thread (kept by the database itself); nil before the unit has written anything.
    func assessmentRevision(cycle cycleCode: String, unit unitCode: String) throws -> (id: Int64, counter: Int64)?
    func assessments(cycle cycleCode: String) throws -> [Assessment]
    /// Each unit's assessment status in a cycle, without the sealed manifests (tens of megabytes
    /// of text across a national cycle).
    func assessmentStatuses(cycle cycleCode: String) throws -> [String: AssessmentStatus]
    func items(assessment assessmentId: Int64) throws -> [Item]
    /// The scores of every item of every assessment of a cycle (results, what is unsettled).
    func itemScores(cycle cycleCode: String) throws -> [(unitCode: String, score: ItemScore)]
    func item(assessment assessmentId: Int64, criterion: String) throws -> Item?
    func item(id: Int64) throws -> Item?
    func assessment(id: Int64) throws -> Assessment?
    /// Every receipt the assessment was given, oldest first (ended ones too).
    func receipts(assessment assessmentId: Int64) throws -> [SubmissionReceipt]
    func evidence(item itemId: Int64) throws -> [Evidence]
    func evidence(id: String) throws -> Evidence?
    /// Items that hold a live (not deleted) evidence file with this hash.
    func evidenceFileReferences(sha256: String) throws -> Int
    /// Live (not deleted) evidence files of an assessment: how many distinct files, and their total
    /// size. A file attached to several criteria is stored once and counted once.
    func evidenceUsage(assessment assessmentId: Int64) throws -> (files: Int, bytes: Int64)
    func messages(item itemId: Int64) throws -> [ThreadMessage]
    /// Every evidence row (deleted ones too) and every message of an assessment's items, in one
    /// query each, so a view of 100 leaves costs a handful of statements, not 200.
    func evidence(assessment assessmentId: Int64) throws -> [Evidence]
    func messages(assessment assessmentId: Int64) throws -> [ThreadMessage]
    /// The council's internal notes on one unit's items, and on one criterion across units; oldest first.
    func councilNotes(cycle cycleCode: String, unit unitCode: String) throws -> [CouncilNote]
    func councilNotes(cycle cycleCode: String, criterion: String) throws -> [CouncilNote]

    func publication(cycle cycleCode: String) throws -> Publication?
    /// The publication with its `snapshot` text left empty: every public page needs the hash and
    /// the date, and the snapshot itself is megabytes of text.
    func publicationWithoutSnapshot(cycle cycleCode: String) throws -> Publication?
    func publications() throws -> [Publication]
    /// Every publication with its `snapshot` text left empty, oldest first: the home page lists
    /// them, and the snapshots are megabytes each.
    func publicationHeaders() throws -> [Publication]

    func ledgerHead() throws -> (sequence: Int64, hash: String)?
    func ledgerEvents(after sequence: Int64, limit: Int) throws -> [LedgerEvent]
    /// The hash of event `sequence`, nil when there is no such event.
    func ledgerHash(sequence: Int64) throws -> String?
    /// The event with the highest sequence.
    func ledgerHeadEvent() throws -> LedgerEvent?
    /// Every item row, by cycle, unit and criterion, streamed to `body` (the replay's comparison).
    func auditItems(_ body: (ItemKey, AuditedItem) throws -> Void) throws
    /// Every evidence row, deleted ones included.
    func auditEvidence(_ body: (AuditedEvidence) throws -> Void) throws
    /// Every thread message, by item and then in the order written.
    func auditMessages(_ body: (AuditedMessage) throws -> Void) throws

    /// The accounts that belong to a unit (its own officials, and any reviewer who works there).
    func users(unit unitCode: String) throws -> [User]
    /// The reviewers assigned to one unit in a cycle.
    func reviewers(cycle cycleCode: String, unit unitCode: String) throws -> [String]
    /// Each unit's extension in a cycle, for the units that have one.
    func extensions(cycle cycleCode: String) throws -> [String: Date]
    /// A person's notifications, newest first.
    func notifications(username: String, limit: Int) throws -> [UserNotification]
    func notification(id: Int64) throws -> UserNotification?
    func unreadNotificationCount(username: String) throws -> Int
    /// The units already reminded (or found with nothing to do) for one deadline at one distance.
    func remindedUnits(cycle cycleCode: String, phase: Phase, deadline: Date, daysBefore: Int) throws -> Set<String>
    /// Mail the sender may try at `now`: unsent, due, fewer than `maxAttempts` tries; oldest first.
    func dueMail(at now: Date, maxAttempts: Int, limit: Int) throws -> [OutboxMail]
    /// The outbox for the admin page: unsent mail first, then the latest sent, at most `limit`.
    func outbox(limit: Int) throws -> [OutboxMail]
    func outboxCounts(maxAttempts: Int) throws -> OutboxCounts
}

/// How many e-mails are in each state.
public struct OutboxCounts: Sendable, Equatable {
    public var sent = 0
    /// Not sent yet and still to be tried (failed ones included).
    public var waiting = 0
    /// Waiting after at least one failed try.
    public var failing = 0
    /// No longer tried: every allowed try failed.
    public var givenUp = 0

    public init(sent: Int = 0, waiting: Int = 0, failing: Int = 0, givenUp: Int = 0) {
        self.sent = sent
        self.waiting = waiting
        self.failing = failing
        self.givenUp = givenUp
    }
}

/// Writes, inside the same transaction as the reads. Each writer method changes rows only; the
/// service that calls it appends the ledger event.
public protocol RepositoryWriter: RepositoryReader {
    func save(_ user: User) throws
    /// Inserts a new token; returns it with its id.
    @discardableResult func insert(_ token: APIToken) throws -> APIToken
    /// Stamps a token's last use.
    func touchToken(id: Int64, at: Date) throws
    /// Removes a token: the next request that carries it is refused. Returns whether one was there.
    @discardableResult func deleteToken(id: Int64) throws -> Bool
    /// Removes every token of an account; returns how many.
    @discardableResult func deleteTokens(username: String) throws -> Int
    func save(_ disabling: AccountDisabling) throws
    func deleteDisabling(username: String) throws
    func save(_ session: Session) throws
    /// Ends every session of an account; returns how many.
    @discardableResult func deleteSessions(username: String) throws -> Int
    func deleteSession(idSHA256: String) throws
    func save(_ challenge: LoginChallenge) throws
    /// Removes the challenge, and any older than `before` (abandoned sign-ins).
    func deleteLoginChallenge(idSHA256: String, olderThan before: Date) throws

    func save(_ block: Block) throws
    func save(_ unit: Unit) throws

    func insert(_ framework: StoredFramework) throws
    func insert(_ cycle: Cycle, units: [String]) throws
    func update(_ cycle: Cycle) throws
    func replaceAssignments(cycle cycleCode: String, username: String, units: [String]) throws

    /// Inserts or updates; returns the row with its id.
    @discardableResult func save(_ assessment: Assessment) throws -> Assessment
    /// Inserts or updates (only its ending changes); returns the row with its id.
    @discardableResult func save(_ receipt: SubmissionReceipt) throws -> SubmissionReceipt
    /// Inserts or updates; returns the row with its id.
    @discardableResult func save(_ item: Item) throws -> Item
    func insert(_ evidence: Evidence) throws
    func update(_ evidence: Evidence) throws
    @discardableResult func insert(_ message: ThreadMessage) throws -> ThreadMessage
    /// Inserts; returns the row with its id.
    @discardableResult func insert(_ note: CouncilNote) throws -> CouncilNote
    func insert(_ publication: Publication) throws

    /// Appends to the hash-chained ledger, at the writer's clock time.
    @discardableResult func record(_ entry: LedgerEntry) throws -> LedgerEvent

    @discardableResult func insert(_ notification: UserNotification) throws -> UserNotification
    /// Marks one notification (or, with nil, all) of a person read; returns how many changed.
    @discardableResult func markNotificationsRead(username: String, id: Int64?, at: Date) throws -> Int
    /// Records that a unit's reminder was decided; false when it already was (nothing written).
    @discardableResult func record(_ reminder: DeadlineReminder, notified: Bool, at: Date) throws -> Bool
    @discardableResult func insert(_ mail: OutboxMail) throws -> OutboxMail
    /// Stores a send's outcome: attempts, last error, next attempt, sent time.
    func update(_ mail: OutboxMail) throws
    /// Every unsent mail becomes due at `now` with its tries counted afresh (its last error kept);
    /// returns how many.
    @discardableResult func retryUnsentMail(at now: Date) throws -> Int
}

/// A unit's place in a cycle, as `RepositoryReader.unitInCycle` reads it.
public struct UnitInCycle: Sendable {
    public var cycle: Cycle
    public var includesUnit: Bool
    public var reviewerAssigned: Bool
    /// The assessment's id and revision counter; nil before the unit has written anything.
    public var revision: (id: Int64, counter: Int64)?
    /// The assessment's status; nil before the unit has written anything (a draft all the same).
    public var status: AssessmentStatus?

    public init(
        cycle: Cycle,
        includesUnit: Bool,
        reviewerAssigned: Bool,
        revision: (id: Int64, counter: Int64)?,
        status: AssessmentStatus? = nil
    ) {
        self.cycle = cycle
        self.includesUnit = includesUnit
        self.reviewerAssigned = reviewerAssigned
        self.revision = revision
        self.status = status
    }
}
