import ArgumentParser
import Foundation
import ParIndexCore

// `parindex token list|revoke` and `parindex user disable|enable` (SECURITY.md CR-1…CR-3). They
// write to the database the server reads; the server reads every token and session afresh, so
// what they end is refused from the server's next request (decision 0028).

extension TokenCommand {
    struct ListTokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List USER's API tokens: id, label, created, last used, expires (never the token itself)."
        )
        @OptionGroup var common: CommonOptions
        @Argument(help: "Username.") var user: String

        func run() async throws {
            try await operatorAction {
                let environment = try await AppEnvironment.open(common)
                let now = environment.services.clock.now()
                let tokens = try await environment.services.tokens.list(username: user, by: .commandLine())
                guard !tokens.isEmpty else {
                    print("Tài khoản \(user) không có mã truy cập nào.")
                    return
                }
                print("Mã truy cập của \(user) (\(tokens.count)):")
                for token in tokens {
                    let expiry =
                        token.expiresAt <= now ? "đã hết hạn \(Timestamp.format(token.expiresAt))" : "hết hạn \(Timestamp.format(token.expiresAt))"
                    print(
                        "  \(token.id ?? 0)\t\(token.label ?? "—")\ttạo \(Timestamp.format(token.createdAt))\t"
                            + "dùng gần nhất \(token.lastUsedAt.map(Timestamp.format) ?? "chưa dùng")\t\(expiry)"
                    )
                }
            }
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke the API token with this id (from token list); the server refuses it from its next request."
        )
        @OptionGroup var common: CommonOptions
        @Argument(help: "Token id, as token list prints it.") var id: Int64

        func run() async throws {
            try await operatorAction {
                let environment = try await AppEnvironment.open(common)
                let token = try await environment.services.tokens.revoke(id: id, by: .commandLine())
                print("Đã thu hồi mã truy cập số \(id) của \(token.username).")
            }
        }
    }
}

extension UserCommand {
    struct DisableUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable USER: every session and API token of the account ends at its next request."
        )
        @OptionGroup var change: AccountChange

        func run() async throws { try await change.apply(disable: true) }
    }

    struct EnableUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable",
            abstract: "Enable USER again (also lifts a lockout). API tokens ended by a disable stay ended."
        )
        @OptionGroup var change: AccountChange

        func run() async throws { try await change.apply(disable: false) }
    }

    /// What `user disable` and `user enable` take: the account and why.
    struct AccountChange: ParsableArguments {
        @OptionGroup var common: CommonOptions
        @Argument(help: "Username.") var user: String
        @Option(help: "Why (required; recorded in the ledger).") var reason: String

        func apply(disable: Bool) async throws {
            try await operatorAction {
                let accounts = try await AppEnvironment.open(common).services.accounts
                if disable {
                    try await accounts.disable(user, reason: reason, by: .commandLine())
                    print("Đã vô hiệu hoá tài khoản \(user); mọi phiên đăng nhập và mã truy cập của tài khoản đã chấm dứt.")
                } else {
                    try await accounts.enable(user, reason: reason, by: .commandLine())
                    print("Đã bật lại tài khoản \(user).")
                }
            }
        }
    }
}
