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
        /// Admins and reviewers confirm each browser sign-in with a TOTP code (SECURITY.md AU).
        public var totpRequired = true
        public var totpRoles: Set<Role> = [.admin, .reviewer]
        /// How long the second step may wait after the password step.
        public var secondFactorTimeout: TimeInterval = 5 * 60
        /// An account with no sign-in (or creation, or re-enabling) for this long is disabled at its
        /// next sign-in; nil turns the rule off (SECURITY.md AU: 45 days).
        public var inactiveAfter: TimeInterval? = 45 * 86400
        /// How long a password reset (or first-password) code an admin issues stays usable (AU-8, AU-9).
        public var resetValidity: TimeInterval = 72 * 3600
        /// The issuer authenticator apps show next to the account name.
        public var issuer = "ParIndex"
        /// How long an API token works after it is issued (`auth.tokenDays`, SECURITY.md CR-2).
        public var tokenLifetime: TimeInterval = 180 * 86400
        public init() {}
    }

    public var policy = Policy()

    /// Where a sign-in stands after the password.
    public enum LoginStep: Sendable {
        case signedIn(NewSession)
        /// The password was right; a TOTP code (or enrolment) is still due. `challenge` is the raw
        /// id the browser keeps in a short-lived cookie.
        case secondFactor(challenge: String, user: User)
    }

    /// What the second step asks for.
    public enum SecondFactor: Sendable {
        case code(User)
        /// Not enrolled yet: the secret to add to an authenticator app, as text and as a URI.
        case enrol(User, secret: String, uri: String)
    }

    /// A session the browser holds: the raw id goes in the cookie; only its SHA-256 is stored.
    public struct NewSession: Sendable {
        public var id: String
        public var csrfToken: String
        public var user: User
    }

    /// The user behind a bearer token, if the token is known, not expired, and the account is
    /// usable. Read from the database on every request, never kept: a revocation, a disable or a
    /// reset committed by any process is seen by the next request (SECURITY.md CR-4).
    public func callerForToken(_ token: String) async throws -> Caller? {
        guard token.count <= 200 else { return nil }
        let hash = Digests.sha256Hex(token)
        guard let found = try services.repository.glance({ db in try db.bearerToken(sha256: hash) }) else { return nil }
        let now = services.clock.now()
        guard now < found.expiresAt else { return nil }
        // Stamped at most once a minute, as sessions are: enough to tell a used token from a
        // forgotten one, without a write per request.
        if found.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await services.repository.write { db in try db.touchToken(id: found.id, at: now) }
        }
        return found.caller
    }

    /// The user and CSRF token behind a session cookie; expired sessions are removed.
    public func callerForSession(_ id: String) async throws -> (caller: Caller, csrfToken: String)? {
        guard id.count <= 200 else { return nil }
        let hash = Digests.sha256Hex(id)
        let now = services.clock.now()
        let policy = self.policy
        let found = try services.repository.glance { db -> (Session, User)? in
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

    /// Checks a password and opens a new session. For an admin or reviewer (when TOTP is required)
    /// `totp` must carry the current code of an enrolled authenticator; enrolment happens in pages.
    ///
    /// A disabled account gets the one refusal here even with the right password: the JSON sign-in
    /// answers programs, which have nobody to tell, byte for byte as for a wrong password (AU-7).
    /// The sign-in page tells the person (`beginLogin`).
    public func login(username: String, password: String, totp: String? = nil) async throws -> NewSession {
        let step: LoginStep
        do {
            step = try await beginLogin(username: username, password: password)
        } catch let error as DomainError where error.code == Self.accountDisabled.code {
            throw Self.badCredentials
        }
        switch step {
        case .signedIn(let session):
            return session
        case .secondFactor(let challenge, let user):
            guard user.totpEnabledAt != nil, let totp, !totp.isEmpty else {
                try await abandon(challenge: challenge)
                throw user.totpEnabledAt == nil ? Self.enrolmentRequired : Self.codeRequired
            }
            return try await completeSecondFactor(challenge: challenge, code: totp)
        }
    }

    /// The password step. Unknown user, wrong password and locked account get the same answer; five
    /// failures in a row lock the account for 15 minutes; an account unused for too long is disabled here.
    /// A disabled account is told so, but only after the right password: whoever does not know it
    /// learns nothing about the account (SECURITY.md CR-3, AU-7).
    public func beginLogin(username rawUsername: String, password: String) async throws -> LoginStep {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        guard !username.isEmpty, username.count <= 64, !password.isEmpty, password.count <= PasswordPolicy.maxLength else {
            throw Self.badCredentials
        }
        let now = services.clock.now()
        let user = try await services.repository.read { db in try db.user(username) }
        // Hash even for an unknown user or a locked account, so every refusal takes the same time.
        let stored = user?.passwordHash ?? Self.dummyHash(services.passwords)
        let valid = services.passwords.verify(password, against: stored)
        if let lockedUntil = user?.lockedUntil, lockedUntil > now {
            // A locked account answers exactly as a wrong password or an unknown name does, even to
            // the right password: a distinct "locked" answer would tell whoever tries five times which
            // names exist (SECURITY.md AU-6, AU-7). Tries during the lock do not extend it.
            throw Self.badCredentials
        }
        guard let user, valid else {
            if let user { try await recordFailure(user.username, now: now) }
            throw Self.badCredentials
        }
        if user.disabled { throw Self.accountDisabled }
        if let limit = policy.inactiveAfter, now.timeIntervalSince(user.lastActivity) > limit {
            // The same answer as a wrong password: the account's state is not told to whoever tries.
            try await disableInactive(user.username, now: now, limit: limit)
            throw Self.badCredentials
        }
        let rehash = services.passwords.needsRehash(user.passwordHash) ? try services.passwords.hash(password) : nil
        if policy.totpRequired && policy.totpRoles.contains(user.role) {
            let challenge = Self.randomHex(32)
            let cutoff = now.addingTimeInterval(-policy.secondFactorTimeout)
            try await services.repository.write { db in
                if let rehash, var fresh = try db.user(user.username) {
                    fresh.passwordHash = rehash
                    try db.save(fresh)
                }
                try db.deleteLoginChallenge(idSHA256: "", olderThan: cutoff)
                try db.save(LoginChallenge(idSHA256: Digests.sha256Hex(challenge), username: user.username, createdAt: now))
            }
            return .secondFactor(challenge: challenge, user: user)
        }
        return .signedIn(
            try await openSession(user.username, now: now) { fresh, _ in
                if let rehash { fresh.passwordHash = rehash }
            }
        )
    }

    /// What the pending second step needs: a code, or enrolment first (a secret is made once and
    /// kept until confirmed, so reloading the page shows the same one).
    public func secondFactor(challenge: String) async throws -> SecondFactor {
        let (_, user) = try await pendingChallenge(challenge)
        if user.totpEnabledAt != nil { return .code(user) }
        let username = user.username
        let secret = try await services.repository.write { db -> String in
            guard var fresh = try db.user(username) else { throw Self.challengeExpired }
            if let existing = fresh.totpSecret { return existing }
            fresh.totpSecret = Base32.encode(TOTP.newSecret())
            try db.save(fresh)
            return fresh.totpSecret!
        }
        let uri = TOTP.uri(secret: Base32.decode(secret) ?? [], account: username, issuer: policy.issuer)
        return .enrol(user, secret: secret, uri: uri)
    }

    /// The second step: a code from the authenticator, within one 30-second step either side,
    /// never one already used. The first good code also confirms enrolment. Wrong codes count
    /// toward the account's lockout like wrong passwords.
    public func completeSecondFactor(challenge: String, code: String) async throws -> NewSession {
        let now = services.clock.now()
        let (_, user) = try await pendingChallenge(challenge)
        if let lockedUntil = user.lockedUntil, lockedUntil > now { throw Self.locked(until: lockedUntil) }
        guard let secretText = user.totpSecret, let secret = Base32.decode(secretText) else { throw Self.challengeExpired }
        guard let step = TOTP.matchingStep(code, secret: secret, now: now, after: user.totpLastStep) else {
            try await recordFailure(user.username, now: now)
            throw Self.badCode
        }
        let hash = Digests.sha256Hex(challenge)
        let cutoff = now.addingTimeInterval(-policy.secondFactorTimeout)
        return try await openSession(user.username, now: now) { fresh, db in
            // Checked again inside the transaction: two requests racing with one code, or a reset in between.
            guard try db.loginChallenge(idSHA256: hash) != nil, fresh.totpSecret == secretText, step > (fresh.totpLastStep ?? .min) else {
                throw Self.badCode
            }
            try db.deleteLoginChallenge(idSHA256: hash, olderThan: cutoff)
            fresh.totpLastStep = step
            if fresh.totpEnabledAt == nil {
                fresh.totpEnabledAt = now
                try db.record(LedgerEntry(actor: fresh.username, action: "user.totp.enrol", subject: "user:\(fresh.username)"))
            }
        }
    }

    /// Drops a pending second step (the browser gave up, or the API had no code).
    public func abandon(challenge: String) async throws {
        let hash = Digests.sha256Hex(challenge)
        let cutoff = services.clock.now().addingTimeInterval(-policy.secondFactorTimeout)
        try await services.repository.write { db in try db.deleteLoginChallenge(idSHA256: hash, olderThan: cutoff) }
    }

    func pendingChallenge(_ challenge: String) async throws -> (LoginChallenge, User) {
        guard challenge.count <= 200 else { throw Self.challengeExpired }
        let hash = Digests.sha256Hex(challenge)
        let now = services.clock.now()
        let timeout = policy.secondFactorTimeout
        let found = try await services.repository.read { db -> (LoginChallenge, User)? in
            guard let pending = try db.loginChallenge(idSHA256: hash), let user = try db.user(pending.username) else { return nil }
            return (pending, user)
        }
        guard let found, now.timeIntervalSince(found.0.createdAt) <= timeout, !found.1.disabled else { throw Self.challengeExpired }
        return found
    }

    /// Opens a session for an account whose credentials were checked, in one transaction that also
    /// clears the failure count, stamps the sign-in and applies `update`.
    func openSession(
        _ username: String,
        now: Date,
        update: @escaping @Sendable (inout User, any RepositoryWriter) throws -> Void
    ) async throws -> NewSession {
        let id = Self.randomHex(32)
        let csrf = Self.randomHex(32)
        let updated = try await services.repository.write { db -> User in
            guard var fresh = try db.user(username), !fresh.disabled else { throw Self.badCredentials }
            fresh.failedLogins = 0
            fresh.failureWindowStart = nil
            fresh.lockedUntil = nil
            fresh.lastLoginAt = now
            try update(&fresh, db)
            try db.save(fresh)
            try db.save(Session(idSHA256: Digests.sha256Hex(id), username: fresh.username, csrfToken: csrf, createdAt: now, lastSeenAt: now))
            return fresh
        }
        return NewSession(id: id, csrfToken: csrf, user: updated)
    }

    /// Disables an account nobody has used within the limit, with its ledger event; its sessions
    /// and tokens end as for any disable.
    func disableInactive(_ username: String, now: Date, limit: TimeInterval) async throws {
        try await services.repository.write { db in
            guard let user = try db.user(username), !user.disabled else { return }
            let reason = "không sử dụng quá \(Int(limit / 86400)) ngày"
            let ended = try db.disable(user, reason: reason, by: "system", at: now)
            try db.record(
                LedgerEntry(
                    actor: "system",
                    action: "user.disable",
                    subject: "user:\(username)",
                    payload: .fields([
                        "reason": .string(reason), "lastActivity": .date(user.lastActivity), "sessions": .int(ended.sessions),
                        "tokens": .int(ended.tokens),
                    ])
                )
            )
        }
    }

    /// Changes a password after checking the current one; every other session of the account ends.
    public func changePassword(username: String, current: String, new: String, keepSession sessionId: String?) async throws {
        try PasswordPolicy.check(new, username: username)
        let user = try await services.repository.read { db in try db.user(username) }
        guard let user, services.passwords.verify(current, against: user.passwordHash) else {
            throw DomainError.invalid("wrong_password", "Mật khẩu hiện tại không đúng.", details: ["field": .string("current")])
        }
        let hash = try services.passwords.hash(new)
        let keep = sessionId.map { Digests.sha256Hex($0) }
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
        let hash = Digests.sha256Hex(sessionId)
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
    static let accountDisabled = DomainError(
        .unauthenticated,
        "account_disabled",
        "Tài khoản đã bị vô hiệu hoá; hãy liên hệ quản trị viên để được bật lại."
    )
    static let badCode = DomainError(.unauthenticated, "invalid_totp", "Mã xác thực không đúng hoặc đã được dùng; hãy nhập mã mới.")
    static let codeRequired = DomainError(.unauthenticated, "totp_required", "Cần nhập mã xác thực 6 số từ ứng dụng xác thực.")
    static let enrolmentRequired = DomainError(
        .unauthenticated,
        "totp_enrolment_required",
        "Tài khoản cần đăng ký xác thực hai lớp: hãy đăng nhập trên trang web một lần để đăng ký."
    )
    static let challengeExpired = DomainError(.unauthenticated, "login_expired", "Bước đăng nhập đã hết hạn; hãy đăng nhập lại.")

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
    public var auth: AuthService { AuthService(services: self, policy: security.auth) }
}
