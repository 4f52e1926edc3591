import ArgumentParser
import Foundation
import ParIndexCore
import ParIndexFormats

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users.",
        subcommands: [CreateUser.self, ResetPassword.self, DisableUser.self, EnableUser.self]
    )

    struct CreateUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: """
                Create a user. Without --password-stdin the account gets no password: a one-time code is printed, \
                with which its owner sets one at /password-reset before it expires. There is no default account or password.
                """
        )

        @OptionGroup var common: CommonOptions
        @Option(help: "Login name (lower case letters, digits, . - _).") var username: String
        @Option(help: "Full name shown on pages.") var name: String?
        @Option(help: "admin, reviewer, unit or observer.") var role: String
        @Option(help: "Unit code (required for role unit; optional for a reviewer who belongs to a unit).") var unit: String?
        @Option(help: "E-mail address notifications are sent to when mail is configured (optional).") var email: String?
        @Flag(help: "Read the password from standard input (for scripts); otherwise a one-time set-up code is printed.")
        var passwordStdin = false

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Vai trò phải là admin, reviewer, unit hoặc observer.") }
            // Without a password the account holds a random one nobody knows until its owner sets their own (SECURITY.md AU-8).
            let password = passwordStdin ? readLine(strippingNewline: true) ?? "" : AuthService.randomHex(32)
            try await operatorAction {
                let environment = try await AppEnvironment.open(common)
                let user = try await environment.services.admin.createUser(
                    .init(username: username, name: name ?? username, role: role, unitCode: unit, password: password, email: email),
                    by: .commandLine()
                )
                print("Đã tạo người dùng \(user.username) (\(user.role.rawValue)\(user.unitCode.map { ", đơn vị \($0)" } ?? "")).")
                if !passwordStdin {
                    printResetCode(try await environment.services.accounts.issuePasswordReset(user.username, by: .commandLine()))
                }
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Issue a one-time code with which USER sets a new password at /password-reset (the operator never learns it)."
        )
        @OptionGroup var common: CommonOptions
        @Argument(help: "Username.") var user: String

        func run() async throws {
            try await operatorAction {
                let environment = try await AppEnvironment.open(common)
                printResetCode(try await environment.services.accounts.issuePasswordReset(user, by: .commandLine()))
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens.",
        subcommands: [CreateToken.self, ListTokens.self, RevokeToken.self]
    )

    struct CreateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Issue a bearer token for USER; it is printed once and expires after auth.tokenDays."
        )
        @OptionGroup var common: CommonOptions
        @Argument(help: "Username.") var user: String
        @Option(help: "What the token is for, shown when tokens are listed (optional).") var label: String?

        func run() async throws {
            try await operatorAction {
                let environment = try await AppEnvironment.open(common)
                print(try await environment.services.admin.createToken(for: user, label: label, by: .commandLine()))
            }
        }
    }
}

struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "units", abstract: "Manage units.", subcommands: [ImportUnits.self])

    struct ImportUnits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import units from a CSV file with columns code,name,block (all or nothing)."
        )
        @OptionGroup var common: CommonOptions
        @Argument(help: "CSV file.") var file: String

        func run() async throws {
            try await operatorAction {
                let data = try readFile(file)
                let rows = try CSV.table(data, columns: ["code", "name", "block"]).map {
                    AdminService.UnitRow(line: $0.line, code: $0.values["code"]!, name: $0.values["name"]!, block: $0.values["block"]!)
                }
                let environment = try await AppEnvironment.open(common)
                let count = try await environment.services.admin.importUnits(rows, by: .commandLine())
                print("Đã nhập \(count) đơn vị.")
            }
        }
    }
}

/// Reads a whole input file, with a clear error when it is missing.
func readFile(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DomainError.notFound("tệp \(path)")
    }
    return data
}

/// Prints a one-time password code once, with where to use it and when it stops working.
func printResetCode(_ reset: AccountService.ResetCode) {
    print("Mã đặt mật khẩu dùng một lần cho \(reset.username): \(reset.code)")
    print("Người dùng mở /password-reset, nhập mã này và tự chọn mật khẩu; mã hết hạn lúc \(Timestamp.vietnamese(reset.expiresAt)).")
}
