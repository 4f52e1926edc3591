import Foundation
import GRDB
import ParIndexCore

/// API tokens and why accounts were disabled (migration 0011). Nothing here is cached: every
/// request reads its token or session row afresh, so a revocation committed by any process on
/// the same file (the command line included) is seen by the next request (SECURITY.md CR-4).
extension SQLRepository {
    static let selectToken = "SELECT id, tokenSha256, username, label, createdAt, lastUsedAt, expiresAt FROM apiToken"

    static func token(_ row: Row) -> APIToken {
        APIToken(
            id: row[0],
            tokenSHA256: row[1],
            username: row[2],
            label: row[3],
            createdAt: Mapping.date(row[4])!,
            lastUsedAt: Mapping.date(row[5]),
            expiresAt: Mapping.date(row[6])!
        )
    }

    func bearerToken(sha256: String) throws -> BearerToken? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT apiToken.id, apiToken.lastUsedAt, apiToken.expiresAt, user.username, user.role, user.unitCode "
                    + "FROM apiToken JOIN user USING (username) WHERE apiToken.tokenSha256 = ? AND NOT user.disabled"
            ),
            arguments: [sha256]
        ).map { row in
            BearerToken(
                id: row[0],
                caller: Caller(username: row[3], role: Role(rawValue: row[4]) ?? .observer, unitCode: row[5]),
                lastUsedAt: Mapping.date(row[1]),
                expiresAt: Mapping.date(row[2])!
            )
        }
    }

    func tokens(username: String) throws -> [APIToken] {
        try Row.fetchAll(db.cachedStatement(sql: Self.selectToken + " WHERE username = ? ORDER BY id"), arguments: [username]).map(Self.token)
    }

    func tokens() throws -> [APIToken] {
        try Row.fetchAll(db, sql: Self.selectToken + " ORDER BY username, id").map(Self.token)
    }

    func token(id: Int64) throws -> APIToken? {
        try Row.fetchOne(db.cachedStatement(sql: Self.selectToken + " WHERE id = ?"), arguments: [id]).map(Self.token)
    }

    func insert(_ token: APIToken) throws -> APIToken {
        try db.execute(
            sql: "INSERT INTO apiToken (tokenSha256, username, label, createdAt, lastUsedAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                token.tokenSHA256, token.username, token.label, Mapping.text(token.createdAt), Mapping.text(token.lastUsedAt),
                Mapping.text(token.expiresAt),
            ]
        )
        var saved = token
        saved.id = db.lastInsertedRowID
        return saved
    }

    func touchToken(id: Int64, at: Date) throws {
        try db.execute(sql: "UPDATE apiToken SET lastUsedAt = ? WHERE id = ?", arguments: [Mapping.text(at), id])
    }

    func deleteToken(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM apiToken WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    func deleteTokens(username: String) throws -> Int {
        try db.execute(sql: "DELETE FROM apiToken WHERE username = ?", arguments: [username])
        return db.changesCount
    }

    // Why an account is disabled lives in three columns of `user` that the user row's own
    // mapping leaves alone: only a disable writes them and only an enable clears them.
    static let selectDisabling = "SELECT username, disabledAt, disabledBy, disabledReason FROM user WHERE disabled AND disabledAt IS NOT NULL"

    static func disabling(_ row: Row) -> AccountDisabling {
        AccountDisabling(username: row[0], at: Mapping.date(row[1])!, by: row[2], reason: row[3])
    }

    func disablings() throws -> [String: AccountDisabling] {
        let all = try Row.fetchAll(db, sql: Self.selectDisabling).map(Self.disabling)
        return Dictionary(all.map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func disabling(username: String) throws -> AccountDisabling? {
        try Row.fetchOne(db.cachedStatement(sql: Self.selectDisabling + " AND username = ?"), arguments: [username]).map(Self.disabling)
    }

    func save(_ disabling: AccountDisabling) throws {
        try db.execute(
            sql: "UPDATE user SET disabledAt = ?, disabledBy = ?, disabledReason = ? WHERE username = ?",
            arguments: [Mapping.text(disabling.at), disabling.by, disabling.reason, disabling.username]
        )
    }

    func deleteDisabling(username: String) throws {
        try db.execute(sql: "UPDATE user SET disabledAt = NULL, disabledBy = NULL, disabledReason = NULL WHERE username = ?", arguments: [username])
    }
}
