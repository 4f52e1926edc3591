import Foundation
import ParIndexCore

/// Where and how mail is sent: `mail.*` in the configuration.
public struct MailSettings: Sendable, Equatable {
    public enum TLS: String, Sendable, CaseIterable {
        /// Plain SMTP, for a relay on the same machine or a trusted network.
        case off
        /// SMTP, upgraded with STARTTLS (port 587, usually).
        case starttls
        /// TLS from the first byte (port 465).
        case on
    }

    /// The `sendmail` interface program: msmtp, which takes the server on its command line.
    public var sendmail = "/usr/bin/msmtp"
    public var host: String
    public var port = 25
    public var from: String
    public var tls = TLS.starttls
    /// The account to sign in to the SMTP server with; its password comes from the environment
    /// variable `PARINDEX_MAIL_PASSWORD`, never from a file.
    public var user: String?
    /// Seconds msmtp waits on the network before giving up.
    public var timeoutSeconds = 30

    public init(host: String, from: String) {
        self.host = host
        self.from = from
    }

    /// msmtp's options for these settings. `--host` makes msmtp read no configuration file, so
    /// these are all the settings a send uses; `--read-recipients` takes the address from `To:`.
    public var arguments: [String] {
        var arguments = [
            "--host=\(host)", "--port=\(port)", "--from=\(from)", "--domain=\(EmailAddress.domain(from))",
            "--timeout=\(timeoutSeconds)", "--tls=\(tls == .off ? "off" : "on")",
        ]
        if tls != .off { arguments.append("--tls-starttls=\(tls == .starttls ? "on" : "off")") }
        if let user {
            arguments += ["--auth=on", "--user=\(user)", "--passwordeval=printenv PARINDEX_MAIL_PASSWORD"]
        } else {
            arguments.append("--auth=off")
        }
        arguments.append("--read-recipients")
        return arguments
    }
}

/// Sends through the system's `sendmail` interface (msmtp) with Foundation's `Process`: the message
/// on standard input, msmtp's own words on standard error when it fails. The program runs on a
/// thread of its own, never on one that serves requests, and is stopped if it hangs.
public struct SendmailTransport: MailTransport {
    public let settings: MailSettings
    let clock: any WallClock

    public init(settings: MailSettings, clock: any WallClock = SystemClock()) {
        self.settings = settings
        self.clock = clock
        // A program that exits before reading its input must not take the server down with it.
        _ = signal(SIGPIPE, SIG_IGN)
    }

    public var problem: String? {
        guard FileManager.default.isExecutableFile(atPath: settings.sendmail) else {
            return "Không chạy được chương trình gửi thư \(settings.sendmail) (mail.sendmail): không có tệp này hoặc tệp không chạy được."
        }
        return nil
    }

    public func send(_ mail: OutboxMail) async throws {
        let message = MailMessage(from: settings.from, to: mail.recipient, subject: mail.subject, body: mail.body, date: clock.now())
        let settings = settings
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.run(settings, input: Data(message.text.utf8)) })
            }
        }
    }

    /// Runs the program to the end (or kills it after twice its network timeout), blocking this thread.
    static func run(_ settings: MailSettings, input: Data) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: settings.sendmail)
        process.arguments = settings.arguments
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw MailSendError(message: "Không chạy được \(settings.sendmail): \(error.localizedDescription)")
        }
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(2 * settings.timeoutSeconds + 5), execute: killer)
        defer { killer.cancel() }
        // Written whole, then closed: msmtp sends once its input ends. Its error output is small
        // and read after it exits, so neither side waits on the other.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let said = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let how =
                process.terminationReason == .exit
                ? "thoát với mã \(process.terminationStatus)" : "bị dừng sau \(2 * settings.timeoutSeconds + 5) giây"
            throw MailSendError(message: "\(URL(fileURLWithPath: settings.sendmail).lastPathComponent) \(how)" + (said.isEmpty ? "" : ": \(said)"))
        }
    }
}

/// A send the mail system refused, in its own words.
public struct MailSendError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
