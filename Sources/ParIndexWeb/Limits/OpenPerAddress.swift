import Foundation

/// How many connections (or, behind our own proxy, requests) each client address has open, against
/// a limit per address (SECURITY.md A10, decision 0030), so that one client cannot take every slot
/// of the server's connection cap. Refusals are reported once per burst: the first refusal of an
/// address, then at most one report per `noticeInterval` with the refusals counted since.
final class OpenPerAddress: @unchecked Sendable {
    enum Admission: Equatable {
        case admitted
        /// `notice` is set when this refusal should be reported: the refusals it stands for.
        case refused(notice: Int?)
    }

    let limit: Int
    let noticeInterval: Duration
    private let lock = NSLock()
    private var open: [String: Int] = [:]
    /// Per refused address: when its refusals were last reported and how many came since.
    private var bursts: [String: (reportedAt: ContinuousClock.Instant, since: Int)] = [:]

    init(limit: Int, noticeInterval: Duration = .seconds(60)) {
        self.limit = limit
        self.noticeInterval = noticeInterval
    }

    /// Counts one more open for `address` if it is under the limit; else counts a refusal.
    func admit(_ address: String, now: ContinuousClock.Instant = .now) -> Admission {
        lock.withLock {
            let count = open[address, default: 0]
            if count < limit {
                open[address] = count + 1
                return .admitted
            }
            if let burst = bursts[address], now - burst.reportedAt < noticeInterval {
                bursts[address] = (burst.reportedAt, burst.since + 1)
                return .refused(notice: nil)
            }
            let earlier = bursts[address]?.since ?? 0
            // Reports of other addresses' finished bursts are no longer needed: memory stays bounded.
            bursts = bursts.filter { now - $0.value.reportedAt < noticeInterval }
            bursts[address] = (now, 0)
            return .refused(notice: earlier + 1)
        }
    }

    /// One admitted connection or request of `address` has ended.
    func release(_ address: String) {
        lock.withLock {
            let count = open[address, default: 1] - 1
            open[address] = count > 0 ? count : nil
        }
    }

    /// Connections or requests open for `address` now (for tests).
    func count(_ address: String) -> Int { lock.withLock { open[address, default: 0] } }
}
