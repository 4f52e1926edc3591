/// Checks the ledger: the hash chain from the first event to the head, the rows its events imply
/// against the stored rows, and heads recorded earlier (by publications, or copied by someone).
public struct AuditService: Sendable {
    let services: Services

    /// A head someone copied: event `events` must still have hash `head`.
    public struct CopiedHead: Sendable {
        public var head: String
        public var events: Int64
        public init(head: String, events: Int64) {
            self.head = head
            self.events = events
        }
    }

    public func verify(copied: CopiedHead? = nil) async throws -> LedgerVerification {
        try await services.repository.read { db in
            var previous: (sequence: Int64, hash: String)? = nil
            var count: Int64 = 0
            var firstBroken: Int64? = nil
            var replay = LedgerReplay()
            // Only the events whose links hold are replayed: after a broken link nothing is vouched for.
            chain: while true {
                let batch = try db.ledgerEvents(after: previous?.sequence ?? 0, limit: 5000)
                if batch.isEmpty { break }
                let broken = LedgerChain.firstBroken(batch, after: previous)
                for event in batch {
                    if event.sequence == broken {
                        firstBroken = broken
                        break chain
                    }
                    try replay.apply(event)
                    count += 1
                    previous = (event.sequence, event.hash)
                }
            }
            try db.auditItems { key, item in replay.compare(key, item) }
            try db.auditEvidence { replay.compare($0) }
            try db.auditMessages { replay.compare($0) }
            replay.finish()
            var mismatches = replay.mismatches
            for publication in try db.publications() {
                guard let events = publication.auditEvents else { continue }
                let actual = try db.ledgerHash(sequence: events)
                if actual != publication.auditHead {
                    mismatches.append(
                        AuditMismatch(
                            table: "publication",
                            cycle: publication.cycleCode,
                            field: "auditHead",
                            ledger: actual.map { .string($0) } ?? .null,
                            stored: .string(publication.auditHead)
                        )
                    )
                }
            }
            if let copied {
                let actual = try db.ledgerHash(sequence: copied.events)
                if actual != copied.head {
                    mismatches.append(
                        AuditMismatch(
                            table: "ledger",
                            cycle: nil,
                            field: "event \(copied.events)",
                            ledger: actual.map { .string($0) } ?? .null,
                            stored: .string(copied.head)
                        )
                    )
                }
            }
            return LedgerVerification(
                ok: firstBroken == nil && mismatches.isEmpty,
                events: count,
                head: previous?.hash ?? LedgerChain.genesis,
                firstBroken: firstBroken,
                mismatches: mismatches
            )
        }
    }

    /// The current head, for anyone to copy.
    public func head() async throws -> LedgerHead {
        try await services.repository.read { db in
            guard let event = try db.ledgerHeadEvent() else { return LedgerHead(events: 0, head: LedgerChain.genesis, at: nil) }
            return LedgerHead(events: event.sequence, head: event.hash, at: event.at)
        }
    }
}
