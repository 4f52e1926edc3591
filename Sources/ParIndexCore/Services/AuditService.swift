/// Checks the hash-chained ledger from the first event to the head.
public struct AuditService: Sendable {
    let services: Services

    public func verify() async throws -> LedgerVerification {
        try await services.repository.read { db in
            var previous: (sequence: Int64, hash: String)? = nil
            var count: Int64 = 0
            while true {
                let batch = try db.ledgerEvents(after: previous?.sequence ?? 0, limit: 5000)
                if batch.isEmpty { break }
                if let broken = LedgerChain.firstBroken(batch, after: previous) {
                    // `events` counts the events that verified before the broken link.
                    let good = batch.prefix { $0.sequence != broken }
                    return LedgerVerification(
                        ok: false,
                        events: count + Int64(good.count),
                        head: good.last?.hash ?? previous?.hash ?? LedgerChain.genesis,
                        firstBroken: broken
                    )
                }
                count += Int64(batch.count)
                previous = (batch.last!.sequence, batch.last!.hash)
            }
            return LedgerVerification(ok: true, events: count, head: previous?.hash ?? LedgerChain.genesis, firstBroken: nil)
        }
    }
}
