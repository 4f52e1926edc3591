import Foundation

/// One entry of the append-only, hash-chained audit ledger.
public struct LedgerEvent: Sendable, Equatable {
    public var sequence: Int64
    /// RFC 3339 text, stored as written so the hash recomputes byte for byte.
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    /// Canonical JSON of what changed.
    public var payload: String
    public var previousHash: String
    public var hash: String

    public init(
        sequence: Int64,
        at: String,
        actor: String,
        action: String,
        subject: String,
        payload: String,
        previousHash: String,
        hash: String
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What a use case wants recorded; the repository gives it a sequence and chains it.
public struct LedgerEntry: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var subject: String
    public var payload: DocumentValue
    public init(actor: String, action: String, subject: String, payload: DocumentValue = .object([])) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.payload = payload
    }
}

/// The chain rule: `hash = SHA-256(previous hash ‖ canonical payload)`, where the canonical
/// payload covers every column of the event (sequence, time, actor, action, subject, payload), so
/// editing any of them breaks the link.
public enum LedgerChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func canonicalPayload(
        sequence: Int64,
        at: String,
        actor: String,
        action: String,
        subject: String,
        payload: String
    )
        -> String
    {
        // The stored payload is already canonical JSON; it goes in byte for byte (keys here are in
        // canonical order), so even a change that only re-spaces it breaks the link.
        func string(_ text: String) -> String {
            var out = ""
            DocumentValue.writeString(text, to: &out)
            return out
        }
        return "{\"action\":\(string(action)),\"actor\":\(string(actor)),\"at\":\(string(at)),\"payload\":\(payload),"
            + "\"seq\":\(sequence),\"subject\":\(string(subject))}"
    }

    public static func hash(
        previous: String,
        sequence: Int64,
        at: String,
        actor: String,
        action: String,
        subject: String,
        payload: String
    )
        -> String
    {
        Digests.sha256Hex(previous + canonicalPayload(sequence: sequence, at: at, actor: actor, action: action, subject: subject, payload: payload))
    }

    /// Builds the next event after `head` (nil for the first).
    public static func event(after head: (sequence: Int64, hash: String)?, entry: LedgerEntry, at date: Date) -> LedgerEvent {
        let sequence = (head?.sequence ?? 0) + 1
        let previous = head?.hash ?? genesis
        let at = Timestamp.format(date)
        let payload = entry.payload.canonicalJSON
        let hash = hash(
            previous: previous,
            sequence: sequence,
            at: at,
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            payload: payload
        )
        return LedgerEvent(
            sequence: sequence,
            at: at,
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            payload: payload,
            previousHash: previous,
            hash: hash
        )
    }

    /// Checks a run of events that follows `previous`; returns the sequence of the first broken
    /// link, or nil when every link holds.
    public static func firstBroken(_ events: [LedgerEvent], after previous: (sequence: Int64, hash: String)?) -> Int64? {
        var expectedPrevious = previous?.hash ?? genesis
        var expectedSequence = (previous?.sequence ?? 0) + 1
        for event in events {
            let recomputed = hash(
                previous: expectedPrevious,
                sequence: event.sequence,
                at: event.at,
                actor: event.actor,
                action: event.action,
                subject: event.subject,
                payload: event.payload
            )
            if event.sequence != expectedSequence || event.previousHash != expectedPrevious || event.hash != recomputed {
                return event.sequence
            }
            expectedPrevious = event.hash
            expectedSequence += 1
        }
        return nil
    }
}

/// The result of checking the whole ledger: its hash chain, the rows it implies, and a head
/// someone copied earlier.
public struct LedgerVerification: Sendable, Equatable {
    public var ok: Bool
    public var events: Int64
    public var head: String
    public var firstBroken: Int64?
    public var mismatches: [AuditMismatch]

    public init(ok: Bool, events: Int64, head: String, firstBroken: Int64?, mismatches: [AuditMismatch] = []) {
        self.ok = ok
        self.events = events
        self.head = head
        self.firstBroken = firstBroken
        self.mismatches = mismatches
    }
}

/// The head of the ledger, to be copied elsewhere and checked later.
public struct LedgerHead: Sendable, Equatable {
    public var events: Int64
    public var head: String
    public var at: String?

    public init(events: Int64, head: String, at: String?) {
        self.events = events
        self.head = head
        self.at = at
    }
}
