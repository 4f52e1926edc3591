/// Hands one e-mail to the mail system (an SMTP server, through the system's `sendmail` interface
/// in production). Implementations throw with the mail system's own words when it refuses, so the
/// admin page can show why a message waits.
public protocol MailTransport: Sendable {
    func send(_ mail: OutboxMail) async throws
    /// What is wrong with the transport's configuration (a program that is not there), found
    /// without sending; nil when nothing is.
    var problem: String? { get }
}
