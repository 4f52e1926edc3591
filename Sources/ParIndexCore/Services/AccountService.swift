import Foundation

/// What an admin does to someone else's account, and what a person does with a code an admin gave
/// them: re-enable (after lockout or inactivity), reset the second factor, and password resets in
/// which the admin never chooses or sees the password (SECURITY.md AU-6, AU-8, AU-9, AU).
public struct AccountService: Sendable {
    let services: Services

    /// A one-time code for setting a password, shown once to whoever issued it.
    public struct ResetCode: Sendable {
        public var username: String
        public var code: String
        public var expiresAt: Date
    }

    /// Re-enables a disabled or locked account, saying why; the inactivity clock starts again from
    /// now. Tokens ended by the disable stay ended: new ones are issued if still needed.
    @discardableResult
    public func enable(_ username: String, reason rawReason: String?, by caller: Caller) async throws -> User {
        try requireAdmin(caller)
        let reason = try Self.reason(rawReason, missing: "Cần nêu lý do bật lại tài khoản.")
        let now = services.clock.now()
        return try await change(username, by: caller, action: "user.enable", payload: .fields(["reason": .string(reason)])) { user, db in
            user.disabled = false
            user.lockedUntil = nil
            user.failedLogins = 0
            user.failureWindowStart = nil
            user.reactivatedAt = now
            try db.deleteDisabling(username: user.username)
        }
    }

    /// Disables an account, saying why: every session and token of it is refused from the next
    /// request on, and it cannot sign in until an admin enables it again (SECURITY.md CR-3).
    /// An admin cannot disable their own account (the last admin would lock everyone out).
    @discardableResult
    public func disable(_ username: String, reason rawReason: String?, by caller: Caller) async throws -> User {
        try requireAdmin(caller)
        let reason = try Self.reason(rawReason, missing: "Cần nêu lý do vô hiệu hoá tài khoản.")
        guard username != caller.username else {
            throw DomainError.invalid("cannot_disable_self", "Không thể tự vô hiệu hoá tài khoản của mình; hãy nhờ một quản trị viên khác.")
        }
        let now = services.clock.now()
        return try await services.repository.write { db in
            guard let user = try db.user(username) else { throw DomainError.notFound("người dùng \"\(username)\"") }
            guard !user.disabled else {
                throw DomainError.conflict("already_disabled", "Tài khoản \"\(username)\" đã bị vô hiệu hoá từ trước.")
            }
            let ended = try db.disable(user, reason: reason, by: caller.username, at: now)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "user.disable",
                    subject: "user:\(username)",
                    payload: .fields(["reason": .string(reason), "sessions": .int(ended.sessions), "tokens": .int(ended.tokens)])
                )
            )
            var disabled = user
            disabled.disabled = true
            return disabled
        }
    }

    /// A disable's or enable's reason: required, trimmed, NFC, at most 1,000 characters.
    static func reason(_ raw: String?, missing: String) throws(DomainError) -> String {
        guard let reason = try cleanReason(raw, required: true, missing: missing) else {
            throw .invalid("reason_required", missing, details: ["field": .string("reason")])
        }
        return reason
    }

    /// Forgets an account's TOTP secret (a lost phone): the next sign-in enrols again. Its
    /// sessions end, so nobody stays signed in on the strength of the old factor.
    public func resetTOTP(_ username: String, by caller: Caller) async throws {
        try requireAdmin(caller)
        try await change(username, by: caller, action: "user.totp.reset") { user, db in
            user.totpSecret = nil
            user.totpEnabledAt = nil
            user.totpLastStep = nil
            try db.deleteSessions(username: user.username)
        }
    }

    /// Issues a one-time code with which the account's owner sets a new password. The admin hands
    /// the code over but never chooses or learns the password; only the code's SHA-256 is stored,
    /// and a new code replaces any earlier one (SECURITY.md AU-9; also the first password, AU-8).
    public func issuePasswordReset(_ username: String, by caller: Caller) async throws -> ResetCode {
        try requireAdmin(caller)
        var generator = SystemRandomNumberGenerator()
        // 120 random bits, in base32 groups of four so it can be read out and typed.
        let raw = Base32.encode((0..<15).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let code = stride(from: 0, to: raw.count, by: 4).map { i in
            String(raw.dropFirst(i).prefix(4))
        }.joined(separator: "-")
        let expiresAt = services.clock.now().addingTimeInterval(services.security.auth.resetValidity)
        let hash = Self.codeHash(code)
        try await change(username, by: caller, action: "user.password.reset_issued", payload: .fields(["expiresAt": .date(expiresAt)])) { user, _ in
            user.passwordResetSHA256 = hash
            user.passwordResetExpiresAt = expiresAt
        }
        return ResetCode(username: username, code: code, expiresAt: expiresAt)
    }

    /// Sets a new password with a code an admin issued. A wrong, used or expired code gets one
    /// answer whatever the reason; a wrong code counts toward the account's lockout.
    public func resetPassword(username rawUsername: String, code: String, new password: String) async throws {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let refused = DomainError.invalid("invalid_reset_code", "Mã đặt lại mật khẩu không đúng hoặc đã hết hạn; hãy xin quản trị viên mã mới.")
        guard username.count <= 64, code.count <= 64 else { throw refused }
        let now = services.clock.now()
        let user = try await services.repository.read { db in try db.user(username) }
        // A locked account gets the one refusal too, so a reset try cannot tell which names exist (AU-7).
        if let lockedUntil = user?.lockedUntil, lockedUntil > now { throw refused }
        let hash = Self.codeHash(code)
        guard let user, let stored = user.passwordResetSHA256, let expiresAt = user.passwordResetExpiresAt, expiresAt > now,
            Digests.constantTimeEqual(stored, hash)
        else {
            if let user { try await services.auth.recordFailure(user.username, now: now) }
            throw refused
        }
        try PasswordPolicy.check(password, username: username)
        let newHash = try services.passwords.hash(password)
        try await services.repository.write { db in
            guard var fresh = try db.user(username), fresh.passwordResetSHA256 == hash else { throw refused }
            fresh.passwordHash = newHash
            fresh.passwordResetSHA256 = nil
            fresh.passwordResetExpiresAt = nil
            fresh.failedLogins = 0
            fresh.failureWindowStart = nil
            try db.save(fresh)
            // Whoever held the old password may have made sessions or been given tokens: all end (CR-3).
            let ended = try db.endCredentials(of: username)
            try db.record(
                LedgerEntry(
                    actor: username,
                    action: "user.password.reset",
                    subject: "user:\(username)",
                    payload: .fields(["sessions": .int(ended.sessions), "tokens": .int(ended.tokens)])
                )
            )
        }
    }

    /// Codes are compared without case, spaces or dashes, as people retype them.
    static func codeHash(_ code: String) -> String {
        Digests.sha256Hex(code.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    func requireAdmin(_ caller: Caller) throws(DomainError) {
        guard AccessPolicy.canAdminister(caller) else { throw .forbidden() }
    }

    /// One admin change to one account: the row, whatever else `apply` writes, and the ledger
    /// event together.
    @discardableResult
    func change(
        _ username: String,
        by caller: Caller,
        action: String,
        payload: DocumentValue = .object([]),
        _ apply: @escaping @Sendable (inout User, any RepositoryWriter) throws -> Void
    ) async throws -> User {
        try await services.repository.write { db in
            guard var user = try db.user(username) else { throw DomainError.notFound("người dùng \"\(username)\"") }
            try apply(&user, db)
            try db.save(user)
            try db.record(LedgerEntry(actor: caller.username, action: action, subject: "user:\(username)", payload: payload))
            return user
        }
    }
}

extension Services {
    public var accounts: AccountService { AccountService(services: self) }
}
