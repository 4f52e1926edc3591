import Foundation
import ParIndexCore

/// How many refused sign-ins one client address may make (SECURITY.md AU-6). The per-account lock
/// stops guessing one password; this stops one client from sweeping every account (trying, or
/// locking, them all).
public struct LoginThrottleSettings: Sendable, Equatable {
    /// Refused sign-ins per address within `window`; the next one is answered 429 unchecked.
    public var maxFailures = 30
    public var window: TimeInterval = 5 * 60
    /// Addresses remembered at most, so a flood of addresses cannot grow memory without bound.
    public var maxAddresses = 10_000
    /// Only when a reverse proxy we run is in front: the client is then the last `X-Forwarded-For`
    /// entry (the one our proxy added). Otherwise that header is anyone's to forge and is ignored.
    public var trustForwardedFor = false

    public init() {}
}

/// Refused sign-ins per client address in a sliding window, in memory and bounded in size.
final class LoginThrottle: @unchecked Sendable {
    private let settings: LoginThrottleSettings
    private let lock = NSLock()
    /// Times of the recent refusals per address, oldest first, at most `maxFailures` of them.
    private var failures: [String: [Date]] = [:]

    init(_ settings: LoginThrottleSettings) { self.settings = settings }

    /// Seconds until `address` may try again, or nil when it is within its budget.
    func retryAfter(_ address: String, now: Date) -> Int? {
        lock.withLock {
            let recent = recentFailures(address, now: now)
            guard recent.count >= settings.maxFailures, let oldest = recent.first else { return nil }
            return max(1, Int((oldest.addingTimeInterval(settings.window).timeIntervalSince(now)).rounded(.up)))
        }
    }

    func recordFailure(_ address: String, now: Date) {
        lock.withLock {
            var recent = recentFailures(address, now: now)
            recent.append(now)
            if recent.count > settings.maxFailures { recent.removeFirst(recent.count - settings.maxFailures) }
            if failures[address] == nil, failures.count >= settings.maxAddresses { makeRoom(now: now) }
            failures[address] = recent
        }
    }

    /// Addresses currently remembered (for tests of the bound).
    var addressCount: Int { lock.withLock { failures.count } }

    private func recentFailures(_ address: String, now: Date) -> [Date] {
        (failures[address] ?? []).filter { now.timeIntervalSince($0) < settings.window }
    }

    /// Forgets addresses whose window has passed; if none has, the one idle longest.
    private func makeRoom(now: Date) {
        failures = failures.filter { _, times in times.last.map { now.timeIntervalSince($0) < settings.window } ?? false }
        if failures.count >= settings.maxAddresses,
            let idlest = failures.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })
        {
            failures[idlest.key] = nil
        }
    }
}
