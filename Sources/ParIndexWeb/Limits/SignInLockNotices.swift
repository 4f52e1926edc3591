import Foundation
import ParIndexCore

/// Whether the login page may say "locked until …" (decision 0017). It counts the login page's
/// refused sign-ins per typed name, by the account lock's own rule (`maxFailures` within one
/// `lockout` window lock for `lockout`; tries during a lock neither count nor extend it), and
/// never looks at the accounts: a name that exists and one that does not get the same counts, so
/// the notice tells nothing that whoever typed those tries did not already know. In memory and
/// bounded in size, like `LoginThrottle`.
final class SignInLockNotices: @unchecked Sendable {
    private struct Tries {
        var failures = 0
        var windowStart: Date?
        var lockedUntil: Date?
    }

    private let maxFailures: Int
    private let lockout: TimeInterval
    private let maxNames: Int
    private let lock = NSLock()
    private var names: [String: Tries] = [:]

    init(maxFailures: Int, lockout: TimeInterval, maxNames: Int = 10_000) {
        self.maxFailures = maxFailures
        self.lockout = lockout
        self.maxNames = maxNames
    }

    /// Records a refused sign-in for `name`; the end of its lock when this or an earlier try locked it.
    func refused(_ name: String, now: Date) -> Date? {
        let key = Self.key(name)
        guard !key.isEmpty else { return nil }
        return lock.withLock {
            var tries = names[key] ?? Tries()
            if let until = tries.lockedUntil, until > now { return until }
            tries.lockedUntil = nil
            if let start = tries.windowStart, now.timeIntervalSince(start) <= lockout {
                tries.failures += 1
            } else {
                tries.windowStart = now
                tries.failures = 1
            }
            if tries.failures >= maxFailures {
                tries = Tries(lockedUntil: now.addingTimeInterval(lockout))
            }
            if names[key] == nil, names.count >= maxNames { makeRoom(now: now) }
            names[key] = tries
            return tries.lockedUntil
        }
    }

    /// A sign-in went through: the name starts afresh, as the account's counter does.
    func succeeded(_ name: String) {
        let key = Self.key(name)
        lock.withLock { names[key] = nil }
    }

    /// Names currently remembered (for tests of the bound).
    var count: Int { lock.withLock { names.count } }

    /// As `AuthService.beginLogin` reads a typed name.
    private static func key(_ name: String) -> String { String(name.trimmingCharacters(in: .whitespaces).lowercased().prefix(64)) }

    /// Forgets names whose window and lock have passed; if none has, the one whose window is oldest.
    private func makeRoom(now: Date) {
        names = names.filter { _, tries in
            (tries.lockedUntil.map { $0 > now } ?? false) || (tries.windowStart.map { now.timeIntervalSince($0) <= lockout } ?? false)
        }
        if names.count >= maxNames, let oldest = names.min(by: { ($0.value.windowStart ?? .distantPast) < ($1.value.windowStart ?? .distantPast) }) {
            names[oldest.key] = nil
        }
    }
}
