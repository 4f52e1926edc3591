import Foundation
import ParIndexCore

/// One API token as listed: `{id, label?, createdAt, lastUsedAt?, expiresAt}`, never the token.
struct TokenInfoAnswer: Encodable {
    var id: Int64
    @OmittedIfNil var label: String?
    var createdAt: Date
    @OmittedIfNil var lastUsedAt: Date?
    var expiresAt: Date

    init(_ token: APIToken) {
        id = token.id ?? 0
        label = token.label
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        expiresAt = token.expiresAt
    }
}
