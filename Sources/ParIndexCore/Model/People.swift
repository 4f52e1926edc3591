import Foundation

/// A person who signs in. A `unit` user belongs to exactly one unit; a reviewer may belong to one
/// too (a conflict: never assigned to it).
public struct User: Sendable, Equatable {
    public var username: String
    public var name: String
    public var role: Role
    public var unitCode: String?
    /// The password hash in its self-describing form (algorithm and parameters included).
    public var passwordHash: String
    public var disabled: Bool
    public var failedLogins: Int
    /// When the current run of failed logins began; failures older than the lockout window are forgotten.
    public var failureWindowStart: Date?
    public var lockedUntil: Date?
    public var lastLoginAt: Date?
    public var createdAt: Date
    /// When an admin last re-enabled the account: counts as activity for the inactivity rule.
    public var reactivatedAt: Date?
    /// The TOTP secret (base32), kept server-side only; set at enrolment, confirmed by `totpEnabledAt`.
    public var totpSecret: String?
    public var totpEnabledAt: Date?
    /// The last time step whose code was accepted: a code works once (no replay).
    public var totpLastStep: Int64?
    /// SHA-256 of a one-time password-reset code an admin issued, and when it stops working.
    public var passwordResetSHA256: String?
    public var passwordResetExpiresAt: Date?
    /// Where notifications are e-mailed; nil: in the application only.
    public var email: String?

    public init(
        username: String,
        name: String,
        role: Role,
        unitCode: String?,
        passwordHash: String,
        disabled: Bool = false,
        failedLogins: Int = 0,
        failureWindowStart: Date? = nil,
        lockedUntil: Date? = nil,
        lastLoginAt: Date? = nil,
        createdAt: Date,
        reactivatedAt: Date? = nil,
        totpSecret: String? = nil,
        totpEnabledAt: Date? = nil,
        totpLastStep: Int64? = nil,
        passwordResetSHA256: String? = nil,
        passwordResetExpiresAt: Date? = nil,
        email: String? = nil
    ) {
        self.username = username
        self.name = name
        self.role = role
        self.unitCode = unitCode
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.failureWindowStart = failureWindowStart
        self.lockedUntil = lockedUntil
        self.lastLoginAt = lastLoginAt
        self.createdAt = createdAt
        self.reactivatedAt = reactivatedAt
        self.totpSecret = totpSecret
        self.totpEnabledAt = totpEnabledAt
        self.totpLastStep = totpLastStep
        self.passwordResetSHA256 = passwordResetSHA256
        self.passwordResetExpiresAt = passwordResetExpiresAt
        self.email = email
    }

    /// The last sign-in, creation or re-enabling, whichever is latest (SECURITY.md AU: unused accounts).
    public var lastActivity: Date { [lastLoginAt, reactivatedAt].compactMap { $0 }.reduce(createdAt, max) }
}

/// The password step of a sign-in that still needs its second factor. The browser holds the raw
/// id in a short-lived cookie; only its SHA-256 is stored.
public struct LoginChallenge: Sendable, Equatable {
    public var idSHA256: String
    public var username: String
    public var createdAt: Date
    public init(idSHA256: String, username: String, createdAt: Date) {
        self.idSHA256 = idSHA256
        self.username = username
        self.createdAt = createdAt
    }
}

/// A bearer token for programs; only its SHA-256 is stored. It works until `expiresAt`, until it
/// is revoked (the row is deleted), or until its account is disabled or its password reset
/// (SECURITY.md CR-1…CR-3).
public struct APIToken: Sendable, Equatable {
    /// The public handle people list and revoke it by; nil until stored. Never the token itself.
    public var id: Int64?
    public var tokenSHA256: String
    public var username: String
    /// What the token is for ("đồng bộ hệ thống một cửa"), chosen by whoever issued it.
    public var label: String?
    public var createdAt: Date
    /// The last request it signed, to the minute; nil when never used.
    public var lastUsedAt: Date?
    public var expiresAt: Date

    public init(
        id: Int64? = nil,
        tokenSHA256: String,
        username: String,
        label: String? = nil,
        createdAt: Date,
        lastUsedAt: Date? = nil,
        expiresAt: Date
    ) {
        self.id = id
        self.tokenSHA256 = tokenSHA256
        self.username = username
        self.label = label
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
    }
}

/// What a bearer token signs in as, read on every API request: the account (if it is not
/// disabled) and the token's own dates, from one row.
public struct BearerToken: Sendable, Equatable {
    public var id: Int64
    public var caller: Caller
    public var lastUsedAt: Date?
    public var expiresAt: Date

    public init(id: Int64, caller: Caller, lastUsedAt: Date?, expiresAt: Date) {
        self.id = id
        self.caller = caller
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
    }
}

/// Why, when and by whom an account was disabled; kept while it stays disabled, so the admin
/// page can say it (the ledger keeps the history).
public struct AccountDisabling: Sendable, Equatable {
    public var username: String
    public var at: Date
    /// The admin, `cli:<name>` or `system` (the inactivity rule).
    public var by: String
    public var reason: String

    public init(username: String, at: Date, by: String, reason: String) {
        self.username = username
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// A browser session, kept server-side; the cookie holds the id, the table its SHA-256.
public struct Session: Sendable, Equatable {
    public var idSHA256: String
    public var username: String
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public init(idSHA256: String, username: String, csrfToken: String, createdAt: Date, lastSeenAt: Date) {
        self.idSHA256 = idSHA256
        self.username = username
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}
