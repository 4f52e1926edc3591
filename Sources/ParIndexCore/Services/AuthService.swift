import Foundation

/// Signing in: API tokens, browser sessions (kept server-side, idle and absolute expiry), and
/// login with a per-account lockout (SECURITY.md AU, SE).
public struct AuthService: Sendable {
    let services: Services

    public struct Policy: Sendable {
        public var idleTimeout: TimeInterval = 15 * 60
        public var absoluteTimeout: TimeInterval = 12 * 3600
        public var maxFailures = 5
        public var lockout: TimeInterval = 15 * 60
        public init() {}
    }

    public var policy = Policy()

    /// A session the browser holds: the raw id goes in the cookie; only its SHA-256 is stored.
    public struct NewSession: Sendable {
        public var id: String
        public var csrfToken: String
        public var user: User
    }

    /// The user behind a bearer token, if the token is known and the account is usable.
    public func callerForToken(_ token: String) async throws -> Caller? {
        guard token.count <= 200 else { return nil }
        let hash = SHA256Hasher.hex(token)
        return try await services.repository.read { db in
            guard let user = try db.userForToken(sha256: hash), !user.disabled else { return nil }
            return Caller(user)
        }
    }

    /// The user and CSRF token behind a session cookie; expired sessions are removed.
    public func callerForSession(_ id: String) async throws -> (caller: Caller, csrfToken: String)? {
        guard id.count <= 200 else { return nil }
        let hash = SHA256Hasher.hex(id)
        let now = services.clock.now()
        let policy = self.policy
        let found = try await services.repository.read { db -> (Session, User)? in
            guard let session = try db.session(idSHA256: hash), let user = try db.user(session.username) else { return nil }
            return (session, user)
        }
        guard let (session, user) = found else { return nil }
        let expired =
            now.timeIntervalSince(session.lastSeenAt) > policy.idleTimeout || now.timeIntervalSince(session.createdAt) > policy.absoluteTimeout
        if expired || user.disabled {
            try await services.repository.write { db in try db.deleteSession(idSHA256: hash) }
            return nil
        }
        // Touch at most once a minute: enough for the idle timeout, without a write per request.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            var touched = session
            touched.lastSeenAt = now
            try await services.repository.write { [touched] db in try db.save(touched) }
        }
        return (Caller(user), session.csrfToken)
    }

    /// Checks a password and opens a new session. Unknown user and wrong password get the same
    /// answer; five failures in a row lock the account for 15 minutes.
    public func login(username rawUsername: String, password: String) async throws -> NewSession {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        guard !username.isEmpty, username.count <= 64, !password.isEmpty, password.count <= PasswordPolicy.maxLength else {
            throw Self.badCredentials
        }
        let now = services.clock.now()
        let user = try await services.repository.read { db in try db.user(username) }
        if let lockedUntil = user?.lockedUntil, lockedUntil > now {
            throw Self.locked(until: lockedUntil)
        }
        // Hash even for an unknown user, so the answer takes the same time.
        let stored = user?.passwordHash ?? Self.dummyHash(services.passwords)
        let valid = services.passwords.verify(password, against: stored)
        guard let user, valid, !user.disabled else {
            if let user { try await recordFailure(user.username, now: now) }
            throw Self.badCredentials
        }
        let rehash = services.passwords.needsRehash(user.passwordHash) ? try services.passwords.hash(password) : nil
        let id = Self.randomHex(32)
        let csrf = Self.randomHex(32)
        let updated = try await services.repository.write { db -> User in
            guard var fresh = try db.user(user.username) else { throw Self.badCredentials }
            fresh.failedLogins = 0
            fresh.failureWindowStart = nil
            fresh.lockedUntil = nil
            fresh.lastLoginAt = now
            if let rehash { fresh.passwordHash = rehash }
            try db.save(fresh)
            try db.save(Session(idSHA256: SHA256Hasher.hex(id), username: fresh.username, csrfToken: csrf, createdAt: now, lastSeenAt: now))
            return fresh
        }
        return NewSession(id: id, csrfToken: csrf, user: updated)
    }

    /// Changes a password after checking the current one; every other session of the account ends.
    public func changePassword(username: String, current: String, new: String, keepSession sessionId: String?) async throws {
        try PasswordPolicy.check(new, username: username)
        let user = try await services.repository.read { db in try db.user(username) }
        guard let user, services.passwords.verify(current, against: user.passwordHash) else {
            throw DomainError.invalid("wrong_password", "Mật khẩu hiện tại không đúng.", details: ["field": .string("current")])
        }
        let hash = try services.passwords.hash(new)
        let keep = sessionId.map { SHA256Hasher.hex($0) }
        try await services.repository.write { db in
            guard var fresh = try db.user(username) else { throw Self.badCredentials }
            fresh.passwordHash = hash
            try db.save(fresh)
            // Other browsers signed in with the old password are signed out.
            let current = try keep.flatMap { try db.session(idSHA256: $0) }
            try db.deleteSessions(username: username)
            if let current { try db.save(current) }
            try db.record(LedgerEntry(actor: username, action: "user.password", subject: "user:\(username)"))
        }
    }

    /// Ends a session (logout).
    public func logout(sessionId: String) async throws {
        let hash = SHA256Hasher.hex(sessionId)
        try await services.repository.write { db in try db.deleteSession(idSHA256: hash) }
    }

    func recordFailure(_ username: String, now: Date) async throws {
        let policy = self.policy
        try await services.repository.write { db in
            guard var user = try db.user(username) else { return }
            // Only failures inside one lockout window count toward the lock (SECURITY.md AU-6).
            if let start = user.failureWindowStart, now.timeIntervalSince(start) <= policy.lockout {
                user.failedLogins += 1
            } else {
                user.failureWindowStart = now
                user.failedLogins = 1
            }
            if user.failedLogins >= policy.maxFailures {
                user.failedLogins = 0
                user.failureWindowStart = nil
                user.lockedUntil = now.addingTimeInterval(policy.lockout)
                try db.record(
                    LedgerEntry(
                        actor: "system",
                        action: "user.lock",
                        subject: "user:\(username)",
                        payload: .fields(["until": .date(user.lockedUntil!), "reason": .string("\(policy.maxFailures) lần đăng nhập sai liên tiếp")])
                    )
                )
            }
            try db.save(user)
        }
    }

    static let badCredentials = DomainError(.unauthenticated, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")

    static func locked(until: Date) -> DomainError {
        DomainError(
            .tooManyRequests,
            "account_locked",
            "Tài khoản tạm khoá do đăng nhập sai nhiều lần; thử lại sau \(Timestamp.vietnamese(until)).",
            details: ["until": .date(until)]
        )
    }

    private static let dummy = LockedBox<String?>(nil)

    static func dummyHash(_ hasher: any PasswordHasher) -> String {
        if let cached = dummy.value { return cached }
        let hash = (try? hasher.hash("không-phải-mật-khẩu-của-ai")) ?? ""
        dummy.value = hash
        return hash
    }

    /// `count` random bytes from the system's secure generator, as hex.
    public static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hexEncoded((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// A value behind a lock, for small process-wide caches.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

extension Services {
    public var auth: AuthService { AuthService(services: self) }
}
