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
    /// Every refusal is the one `invalid_credentials` answer: a right password without a code (or
    /// with a wrong one, or on an account not enrolled yet) answers as a wrong password does, so the
    /// answer never tells that the password was right (decision 0029). A disabled account gets it
    /// too: programs have nobody to tell (AU-7); the sign-in page tells the person (`beginLogin`).
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
                throw Self.badCredentials
            }
            do {
                return try await completeSecondFactor(challenge: challenge, code: totp)
            } catch let error as DomainError where error.kind == .unauthenticated || error.kind == .tooManyRequests {
                try await abandon(challenge: challenge)
                throw Self.badCredentials
            }
        }
    }

    /// The password step. Unknown user, wrong password and locked account get the same answer; five
    /// failures in a row lock the account for 15 minutes; an account unused for too long is disabled here.
    /// An account that signs in with a TOTP code goes on to the code step whatever the password: a
    /// refusal there is a *refused* challenge, which the code step refuses as it refuses a wrong code,
    /// so the right password without its code and a wrong one look the same (decision 0029).
    /// A disabled account is told so, but only to whoever has what signing in takes: the right
    /// password, and for a code-step account the right code too (SECURITY.md CR-3, AU-7).
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
        let codeStep = user.map(usesCodeStep) ?? false
        if let lockedUntil = user?.lockedUntil, lockedUntil > now {
            // A locked account answers exactly as a wrong password or an unknown name does, even to
            // the right password: a distinct "locked" answer would tell whoever tries five times which
            // names exist (SECURITY.md AU-6, AU-7). Tries during the lock do not extend it.
            if let user, codeStep { return try await refusedStep(user, now: now) }
            throw Self.badCredentials
        }
        guard let user, valid else {
            // A code-step account counts the failure at the code step, once per password and code
            // as for the right password with a wrong code: the lock never comes sooner for a wrong
            // password, which would tell it apart.
            if let user, codeStep { return try await refusedStep(user, now: now) }
            if let user { try await recordFailure(user.username, now: now) }
            throw Self.badCredentials
        }
        // A code-step account hears it at the code step, after its right code (`completeSecondFactor`):
        // telling it here would tell the right password to whoever has no code.
        if user.disabled && !codeStep { throw Self.accountDisabled }
        if !user.disabled, let limit = policy.inactiveAfter, now.timeIntervalSince(user.lastActivity) > limit {
            // The same answer as a wrong password: the account's state is not told to whoever tries.
            try await disableInactive(user.username, now: now, limit: limit)
            if codeStep { return try await refusedStep(user, now: now) }
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

    /// Whether a sign-in to this account goes on to the code step: an enrolled admin or reviewer.
    /// One not enrolled yet is shown enrolment after the right password, which no refusal can
    /// imitate without handing out a secret; that first sign-in is the one left telling (0029).
    func usesCodeStep(_ user: User) -> Bool {
        policy.totpRequired && policy.totpRoles.contains(user.role) && user.totpEnabledAt != nil
    }

    /// A code step for a refused password: stored like a real one but under `refusedKey`, so the
    /// code page, its wrong-code answers, its failure count and its lock all behave alike, and no
    /// code ever completes it.
    func refusedStep(_ user: User, now: Date) async throws -> LoginStep {
        let challenge = Self.randomHex(32)
        let cutoff = now.addingTimeInterval(-policy.secondFactorTimeout)
        try await services.repository.write { db in
            try db.deleteLoginChallenge(idSHA256: "", olderThan: cutoff)
            try db.save(LoginChallenge(idSHA256: Self.refusedKey(challenge), username: user.username, createdAt: now))
        }
        return .secondFactor(challenge: challenge, user: user)
    }

    /// Where a refused challenge is kept: never equal to any challenge's plain SHA-256.
    static func refusedKey(_ challenge: String) -> String { "refused:" + Digests.sha256Hex(challenge) }

    /// What the pending second step needs: a code, or enrolment first (a secret is made once and
    /// kept until confirmed, so reloading the page shows the same one).
    public func secondFactor(challenge: String) async throws -> SecondFactor {
        let (_, user, _) = try await pendingChallenge(challenge)
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
        let (_, user, refused) = try await pendingChallenge(challenge)
        if let lockedUntil = user.lockedUntil, lockedUntil > now { throw Self.locked(until: lockedUntil) }
        guard let secretText = user.totpSecret, let secret = Base32.decode(secretText) else { throw Self.challengeExpired }
        // The code is checked for a refused password too, so both take the same time; it never counts.
        let matched = TOTP.matchingStep(code, secret: secret, now: now, after: user.totpLastStep)
        guard let step = matched, !refused else {
            try await recordFailure(user.username, now: now)
            throw Self.badCode
        }
        if user.disabled { throw Self.accountDisabled }
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
        let refused = Self.refusedKey(challenge)
        let cutoff = services.clock.now().addingTimeInterval(-policy.secondFactorTimeout)
        try await services.repository.write { db in
            try db.deleteLoginChallenge(idSHA256: hash, olderThan: cutoff)
            try db.deleteLoginChallenge(idSHA256: refused, olderThan: cutoff)
        }
    }

    /// The pending step behind a challenge, its account, and whether the password was refused.
    func pendingChallenge(_ challenge: String) async throws -> (LoginChallenge, User, refused: Bool) {
        guard challenge.count <= 200 else { throw Self.challengeExpired }
        let hash = Digests.sha256Hex(challenge)
        let refusedKey = Self.refusedKey(challenge)
        let now = services.clock.now()
        let timeout = policy.secondFactorTimeout
        let found = try await services.repository.read { db -> (LoginChallenge, User, Bool)? in
            let real = try db.loginChallenge(idSHA256: hash)
            guard let pending = try real ?? db.loginChallenge(idSHA256: refusedKey), let user = try db.user(pending.username) else { return nil }
            return (pending, user, real == nil)
        }
        // A disabled account's step goes on like any other, refused or not: only its right code is
        // told that it is disabled (`completeSecondFactor`), and no session is ever opened for it.
        guard let found, now.timeIntervalSince(found.0.createdAt) <= timeout else { throw Self.challengeExpired }
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
    static let badCode = DomainError(
        .unauthenticated,
        "invalid_totp",
        "Mật khẩu hoặc mã xác thực không đúng, hoặc mã đã được dùng. Hãy nhập mã mới; nếu vẫn không được, hãy đăng nhập lại từ đầu."
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
