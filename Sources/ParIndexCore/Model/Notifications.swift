import Foundation

/// What a notification reports.
public enum NotificationKind: String, Sendable, CaseIterable {
    /// A cycle moved to its next phase.
    case phase
    /// A reviewer asked the unit to explain an item.
    case question
    /// The unit answered a question.
    case answer
    /// A reviewer settled an explained item.
    case settlement
    /// A phase deadline is 7 days or 1 day away and work remains.
    case deadline
    /// The cycle's results were published.
    case publication
}

/// The page a notification leads to, kept typed so that the web layer builds the address.
public enum NotificationTarget: Sendable, Equatable {
    /// A unit's self-assessment, at one item when given.
    case assessment(cycle: String, unit: String, criterion: String?)
    /// The council's page for one unit, at one item when given.
    case review(cycle: String, unit: String, criterion: String?)
    /// The council's list of the units of a cycle.
    case worklist(cycle: String)
    /// The secretariat's page of a cycle.
    case cycle(String)
    /// The published results of a cycle.
    case results(String)

    public var cycleCode: String {
        switch self {
        case .assessment(let cycle, _, _), .review(let cycle, _, _), .worklist(let cycle): cycle
        case .cycle(let cycle), .results(let cycle): cycle
        }
    }

    public var unitCode: String? {
        switch self {
        case .assessment(_, let unit, _), .review(_, let unit, _): unit
        case .worklist, .cycle, .results: nil
        }
    }

    public var criterion: String? {
        switch self {
        case .assessment(_, _, let criterion), .review(_, _, let criterion): criterion
        case .worklist, .cycle, .results: nil
        }
    }

    /// The name the store keeps for the page.
    public var page: String {
        switch self {
        case .assessment: "assessment"
        case .review: "review"
        case .worklist: "worklist"
        case .cycle: "cycle"
        case .results: "results"
        }
    }

    /// The target back from what the store keeps; nil for a page name it does not know.
    public init?(page: String, cycle: String, unit: String?, criterion: String?) {
        switch (page, unit) {
        case ("assessment", let unit?): self = .assessment(cycle: cycle, unit: unit, criterion: criterion)
        case ("review", let unit?): self = .review(cycle: cycle, unit: unit, criterion: criterion)
        case ("worklist", _): self = .worklist(cycle: cycle)
        case ("cycle", _): self = .cycle(cycle)
        case ("results", _): self = .results(cycle)
        default: return nil
        }
    }
}

/// A message for one person inside the application (thông báo), written in the same transaction as
/// the change it reports, so a change is never without its notice nor a notice without its change.
/// The words are Vietnamese, composed when the change happens, and the same words go by e-mail.
public struct UserNotification: Sendable, Equatable {
    public var id: Int64?
    public var username: String
    public var kind: NotificationKind
    public var target: NotificationTarget
    public var subject: String
    public var body: String
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: Int64? = nil,
        username: String,
        kind: NotificationKind,
        target: NotificationTarget,
        subject: String,
        body: String,
        createdAt: Date,
        readAt: Date? = nil
    ) {
        self.id = id
        self.username = username
        self.kind = kind
        self.target = target
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// An e-mail in the outbox: queued with the change that caused it, sent later by the background
/// sender, retried with growing waits while sending fails.
public struct OutboxMail: Sendable, Equatable {
    public var id: Int64?
    public var recipient: String
    public var subject: String
    public var body: String
    public var attempts: Int
    public var lastError: String?
    /// When the sender may try next; ignored once sent or given up.
    public var nextAttemptAt: Date
    public var sentAt: Date?
    public var createdAt: Date

    public init(
        id: Int64? = nil,
        recipient: String,
        subject: String,
        body: String,
        attempts: Int = 0,
        lastError: String? = nil,
        nextAttemptAt: Date,
        sentAt: Date? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
        self.createdAt = createdAt
    }
}

/// One deadline reminder's record: a unit was reminded of a phase's deadline at one distance
/// (7 days, 1 day). The key makes the periodic job idempotent: a reminder already recorded is
/// never sent again, however often the job runs.
public struct DeadlineReminder: Sendable, Equatable, Hashable {
    public var cycleCode: String
    public var phase: Phase
    public var unitCode: String
    /// The deadline as it stood (an extension or a moved deadline is a new one).
    public var deadline: Date
    /// 7 or 1.
    public var daysBefore: Int

    public init(cycleCode: String, phase: Phase, unitCode: String, deadline: Date, daysBefore: Int) {
        self.cycleCode = cycleCode
        self.phase = phase
        self.unitCode = unitCode
        self.deadline = deadline
        self.daysBefore = daysBefore
    }
}
