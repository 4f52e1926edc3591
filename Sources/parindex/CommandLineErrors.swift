import ArgumentParser
import Foundation
import ParIndexCore

/// The one place the command line turns an error into what an operator reads. Every error is one
/// Vietnamese line `Lỗi (CODE): message` on standard error, with a code scripts can match, then
/// any details, and a non-zero exit status:
/// - a domain refusal: the `DomainError`'s own code (`password_too_short`, `not_found`…), status 2;
/// - a bad command line (unknown option, missing argument, a value a command refuses):
///   `invalid_argument`, then the usage, status 64 (EX_USAGE, ArgumentParser's own);
/// - anything else (a database that cannot be opened, a full disk): `internal_error` with the cause, status 1.
/// `--help` and `--version` are not errors: ArgumentParser prints them and exits 0.
enum CommandLineErrors {
    static let argumentCode = "invalid_argument"
    static let internalCode = "internal_error"

    /// Reports `error` and ends the process.
    static func exit(with error: any Error) -> Never {
        if let code = error as? ExitCode {
            // The command has already said what happened (e.g. `audit verify` naming the broken link).
            Foundation.exit(code.rawValue)
        }
        if let domain = error as? DomainError {
            _ = report(domain)
            Foundation.exit(2)
        }
        let status = ParIndexCommand.exitCode(for: error)
        if status.isSuccess { ParIndexCommand.exit(withError: error) }
        if status == .validationFailure {
            write(argumentLines(error))
        } else {
            write(["Lỗi (\(internalCode)): Lệnh không hoàn thành: \(error)"])
        }
        Foundation.exit(status.rawValue)
    }

    /// A domain error's lines: the message, then each issue with its node path and each bad row.
    static func lines(_ error: DomainError) -> [String] {
        var lines = ["Lỗi (\(error.code)): \(error.message)"]
        if case .array(let issues)? = error.details["issues"] {
            lines += issues.map {
                "  - " + ($0["path"]?.stringValue ?? "") + ($0["code"]?.stringValue.map { " (\($0))" } ?? "") + ": "
                    + ($0["message"]?.stringValue ?? "")
            }
        }
        if case .array(let rows)? = error.details["rows"] {
            lines += rows.map { "  - dòng " + ($0["line"]?.scalarText ?? $0["row"]?.scalarText ?? "?") + ": " + ($0["message"]?.stringValue ?? "") }
        }
        return lines
    }

    /// A command-line mistake. A command's own refusal (a `ValidationError` from `run`) is already
    /// Vietnamese and stands alone; ArgumentParser's parse errors are English, so they are quoted
    /// after a Vietnamese sentence and followed by the command's usage, translated.
    static func argumentLines(_ error: any Error) -> [String] {
        if let refusal = error as? ValidationError { return ["Lỗi (\(argumentCode)): \(refusal.message)"] }
        let detail = ParIndexCommand.message(for: error)
        var usage = ParIndexCommand.fullMessage(for: error)
        if let end = usage.range(of: detail)?.upperBound { usage = String(usage[end...]) }
        let lines = usage.split(separator: "\n").map {
            $0.replacingOccurrences(of: "Help:", with: "Trợ giúp:").replacingOccurrences(of: "Usage:", with: "Cách dùng:")
                .replacingOccurrences(of: "See '", with: "Xem '").replacingOccurrences(of: "' for more information.", with: "' để biết thêm.")
        }
        return ["Lỗi (\(argumentCode)): Tham số dòng lệnh không hợp lệ: \(detail)"] + lines
    }

    static func write(_ lines: [String]) {
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// Prints a domain error the way an operator should see it; the caller decides whether to stop.
func report(_ error: DomainError) -> ExitCode {
    CommandLineErrors.write(CommandLineErrors.lines(error))
    return ExitCode(2)
}

/// Runs a command body, turning domain errors into readable messages and exit code 2.
func operatorAction(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as DomainError {
        throw report(error)
    }
}
