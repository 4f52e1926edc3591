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

    /// Re-enables a disabled or locked account; the inactivity clock starts again from now.
    public func enable(_ username: String, by caller: Caller) async throws {
        try requireAdmin(caller)
        let now = services.clock.now()
        try await change(username, by: caller, action: "user.enable") { user in
            user.disabled = false
            user.lockedUntil = nil
            user.failedLogins = 0
            user.failureWindowStart = nil
            user.reactivatedAt = now
        }
    }

    /// Forgets an account's TOTP secret (a lost phone): the next sign-in enrols again. Its
    /// sessions end, so nobody stays signed in on the strength of the old factor.
    public func resetTOTP(_ username: String, by caller: Caller) async throws {
        try requireAdmin(caller)
        try await change(username, by: caller, action: "user.totp.reset", endSessions: true) { user in
            user.totpSecret = nil
            user.totpEnabledAt = nil
            user.totpLastStep = nil
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
        try await change(username, by: caller, action: "user.password.reset_issued", payload: .fields(["expiresAt": .date(expiresAt)])) { user in
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
            try db.deleteSessions(username: username)
            try db.record(LedgerEntry(actor: username, action: "user.password.reset", subject: "user:\(username)"))
        }
    }

    /// Codes are compared without case, spaces or dashes, as people retype them.
    static func codeHash(_ code: String) -> String {
        Digests.sha256Hex(code.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    func requireAdmin(_ caller: Caller) throws(DomainError) {
        guard AccessPolicy.canAdminister(caller) else { throw .forbidden() }
    }

    /// One admin change to one account: the row, its sessions ended, and the ledger event together.
    func change(
        _ username: String,
        by caller: Caller,
        action: String,
        payload: DocumentValue = .object([]),
        endSessions: Bool = false,
        _ apply: @escaping @Sendable (inout User) -> Void
    ) async throws {
        try await services.repository.write { db in
            guard var user = try db.user(username) else { throw DomainError.notFound("người dùng \"\(username)\"") }
            apply(&user)
            try db.save(user)
            if endSessions { try db.deleteSessions(username: username) }
            try db.record(LedgerEntry(actor: caller.username, action: action, subject: "user:\(username)", payload: payload))
        }
    }
}

extension Services {
    public var accounts: AccountService { AccountService(services: self) }
}
