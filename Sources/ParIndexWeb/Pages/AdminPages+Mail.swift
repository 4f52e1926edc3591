import Foundation
import Hummingbird
import ParIndexCore

/// How mail is configured, for the admin's mail page. The problem is asked each time the page is
/// shown, so a fixed path shows as fixed without a restart.
public struct MailStatus: Sendable {
    /// Whether mail is configured at all: without it nothing is queued, notices stay in-app.
    public var enabled: Bool
    /// Where mail goes, in one line: "127.0.0.1:2525 qua /usr/bin/msmtp, gửi từ parindex@…".
    public var summary: String
    public var problem: @Sendable () -> String?

    public init(enabled: Bool = false, summary: String = "", problem: @escaping @Sendable () -> String? = { nil }) {
        self.enabled = enabled
        self.summary = summary
        self.problem = problem
    }
}

/// The outbox: every e-mail queued, sent, waiting for another try (with how many tries and the
/// mail system's last words) or given up, and a button that sends the unsent on their way again.
extension AdminPagesController {
    @Sendable func mailPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let outbox = try await services.notifications.outbox(by: caller)
        let retried = request.uri.queryParameters.get("retried").flatMap { Int($0) }
        let model = AdminMailPage(outbox, status: mail, words: words, now: services.clock.now(), retried: retried)
        return renderer.page(model, title: words["admin.mail.title"], context: context, request: request)
    }

    @Sendable func retryMail(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await Form.decode(TokenForm.self, request, context: context, limit: 4 << 10)
        let count = try await services.notifications.retryUnsent(by: try context.requireCaller())
        return .redirect(to: SiteURL.adminMail.path + "?retried=\(count)", type: .found)
    }
}

/// The admin mail page's model.
struct AdminMailPage: PageModel {
    static let template = "admin-mail"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    let nav = AdminNav()

    struct Row {
        var recipient: String
        var subject: String
        var state: String
        var stateClass: String
        var attempts: Int
        var lastError: String?
        var created: String
    }

    var enabled: Bool
    var summary: String
    var problem: String?
    var sent: Int
    var waiting: Int
    var failing: Int
    var givenUp: Int
    var rows: [Row]
    var hasRows: Bool
    var hasUnsent: Bool
    var notice: String?
    var retryAction = SiteURL.adminMailRetry.path

    init(_ outbox: NotificationService.Outbox, status: MailStatus, words: AdminWords, now: Date, retried: Int?) {
        enabled = outbox.mailEnabled && status.enabled
        summary = status.summary
        problem = status.problem()
        sent = outbox.counts.sent
        waiting = outbox.counts.waiting
        failing = outbox.counts.failing
        givenUp = outbox.counts.givenUp
        hasUnsent = waiting + givenUp > 0
        rows = outbox.mails.map { mail in
            let state: (String, String)
            if let sentAt = mail.sentAt {
                state = (words.fill("admin.mail.state.sent", ["at": Timestamp.vietnamese(sentAt)]), "sent")
            } else if mail.attempts >= outbox.maxAttempts {
                state = (words.fill("admin.mail.state.givenUp", ["count": String(mail.attempts)]), "given-up")
            } else if mail.attempts > 0 {
                state = (words.fill("admin.mail.state.retrying", ["at": Timestamp.vietnamese(max(mail.nextAttemptAt, now))]), "retrying")
            } else {
                state = (words["admin.mail.state.queued"], "queued")
            }
            return Row(
                recipient: mail.recipient,
                subject: mail.subject,
                state: state.0,
                stateClass: state.1,
                attempts: mail.attempts,
                lastError: mail.sentAt == nil ? mail.lastError : nil,
                created: Timestamp.vietnamese(mail.createdAt)
            )
        }
        hasRows = !rows.isEmpty
        notice = retried.map { words.fill("admin.mail.retried", ["count": String($0)]) }
    }
}
