import Foundation

/// API tokens after they are issued: listed (never shown again), revoked (SECURITY.md CR-1, CR-2).
/// An admin sees and revokes anyone's; everyone else only their own, and to them another
/// person's tokens do not exist (404, as for any object they may never see).
public struct TokenService: Sendable {
    let services: Services

    /// An account's tokens, oldest first, expired ones included (they show when each stopped).
    public func list(username: String, by caller: Caller) async throws -> [APIToken] {
        guard AccessPolicy.canManageTokens(of: username, by: caller) else { throw Self.noUser(username) }
        return try await services.repository.read { db in
            guard try db.user(username) != nil else { throw Self.noUser(username) }
            return try db.tokens(username: username)
        }
    }

    /// Revokes a token: the next request that carries it gets 401, in every process on the database.
    /// Returns the token as it was.
    @discardableResult
    public func revoke(id: Int64, by caller: Caller) async throws -> APIToken {
        try await services.repository.write { db in
            guard let token = try db.token(id: id), AccessPolicy.canManageTokens(of: token.username, by: caller) else {
                throw DomainError.notFound("mã truy cập số \(id)")
            }
            try db.deleteToken(id: id)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "token.revoke",
                    subject: "user:\(token.username)",
                    payload: .fields(["id": .int(Int(id)), "label": token.label.map { .string($0) }])
                )
            )
            return token
        }
    }

    static func noUser(_ username: String) -> DomainError { .notFound("người dùng \"\(username)\"") }
}

extension AccessPolicy {
    /// Listing and revoking tokens: an admin for anyone, a person for their own.
    public static func canManageTokens(of username: String, by caller: Caller) -> Bool {
        canAdminister(caller) || caller.username == username
    }
}

extension Services {
    public var tokens: TokenService { TokenService(services: self) }
}
