import Foundation

/// How many sessions and tokens one step ended, for its ledger event.
public struct EndedCredentials: Sendable, Equatable {
    public var sessions: Int
    public var tokens: Int
}

/// Ending an account's credentials, inside the transaction of the step that ends them (SECURITY.md
/// CR-3). Rows are deleted, not flagged: every request reads its session or token row afresh, so
/// the next one after the commit finds nothing, in this process or any other.
extension RepositoryWriter {
    /// Ends every browser session and every API token of an account: a password reset, a disable.
    func endCredentials(of username: String) throws -> EndedCredentials {
        EndedCredentials(sessions: try deleteSessions(username: username), tokens: try deleteTokens(username: username))
    }

    /// Disables an account, keeping why, and ends its credentials. The caller records the event.
    func disable(_ user: User, reason: String, by actor: String, at now: Date) throws -> EndedCredentials {
        var disabled = user
        disabled.disabled = true
        try save(disabled)
        try save(AccountDisabling(username: user.username, at: now, by: actor, reason: reason))
        return try endCredentials(of: user.username)
    }
}
