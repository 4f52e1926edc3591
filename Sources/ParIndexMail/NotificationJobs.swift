import Foundation
import ParIndexCore

/// The work notifications leave for later, in one loop beside the server: every few seconds the
/// outbox is drained through the transport (when mail is configured), and every few minutes the
/// deadline reminders due by the injected clock are written. Requests only ever write rows; all
/// sending happens here, so a slow or broken mail server never holds a request up.
public struct NotificationJobs: Sendable {
    let services: Services
    /// nil: mail is not configured, nothing is queued, only reminders run.
    let transport: (any MailTransport)?
    let mailEvery: Duration
    let remindersEvery: Duration
    let report: @Sendable (String) -> Void

    public init(
        services: Services,
        transport: (any MailTransport)?,
        mailEvery: Duration = .seconds(5),
        remindersEvery: Duration = .seconds(600),
        report: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.services = services
        self.transport = transport
        self.mailEvery = mailEvery
        self.remindersEvery = remindersEvery
        self.report = report
    }

    /// Runs until its task is cancelled. A failing pass is reported and the loop goes on: the
    /// outbox keeps each mail's own error, and the next pass tries again.
    public func run() async {
        let clock = ContinuousClock()
        var nextReminders = clock.now
        while !Task.isCancelled {
            if clock.now >= nextReminders {
                nextReminders = clock.now.advanced(by: remindersEvery)
                do {
                    let written = try await services.notifications.remindDeadlines()
                    if written > 0 { report("Đã gửi \(written) thông báo sắp đến hạn.") }
                } catch {
                    report("Không ghi được thông báo sắp đến hạn: \(error)")
                }
            }
            if let transport {
                do {
                    let outcome = try await services.notifications.sendDueMail(through: transport)
                    if outcome.failed > 0 {
                        report("Gửi thư: \(outcome.sent) thư đã gửi, \(outcome.failed) thư lỗi (xem trang Quản trị › Thư điện tử).")
                    }
                } catch {
                    report("Không đọc được hàng đợi thư: \(error)")
                }
            }
            try? await Task.sleep(for: mailEvery)
        }
    }
}
