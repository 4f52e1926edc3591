import Foundation
import Hummingbird
import ParIndexCore

/// The signed-in person's notifications: the list, newest first, each linked to where its work is,
/// and marking one or all read. Another person's notification is 404, as if it did not exist.
struct NotificationsController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, SiteURL.notifications.path, .signedIn, list)
        routes.on(.post, "/notifications/:notification/read", .signedIn, markRead)
        routes.on(.post, SiteURL.notificationsRead.path, .signedIn, markAllRead)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let words = PageWords(request)
        let page = NotificationsPage(try await services.notifications.list(by: caller), words: words)
        return renderer.page(page, title: page.heading, context: context, request: request)
    }

    /// Another person's notification is 404 before the body is read, as another unit's objects are.
    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let id = Int64(try context.parameter("notification")), try services.notifications.isOwn(id, by: caller) else {
            throw DomainError.notFound("thông báo")
        }
        _ = try await Form.decode(TokenForm.self, request, context: context, limit: 4 << 10)
        try await services.notifications.markRead(id, by: caller)
        return .redirect(to: SiteURL.notifications.path, type: .found)
    }

    @Sendable func markAllRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await Form.decode(TokenForm.self, request, context: context, limit: 4 << 10)
        try await services.notifications.markAllRead(by: try context.requireCaller())
        return .redirect(to: SiteURL.notifications.path, type: .found)
    }
}

/// The notifications page's model.
struct NotificationsPage: PageModel {
    static let template = "notifications"

    struct Row {
        var id: String
        var kind: String
        var kindLabel: String
        var subject: String
        var body: String
        var time: String
        var timeISO: String
        var href: String
        var unread: Bool
        var readAction: String
    }

    var heading: String
    var rows: [Row]
    var hasRows: Bool
    var unread: String?
    var readAllAction: String

    init(_ notifications: [UserNotification], words: PageWords) {
        heading = words["notifications.title"]
        rows = notifications.map { notification in
            Row(
                id: String(notification.id ?? 0),
                kind: notification.kind.rawValue,
                kindLabel: words["notifications.kind.\(notification.kind.rawValue)"],
                subject: notification.subject,
                body: notification.body,
                time: Timestamp.vietnamese(notification.createdAt),
                timeISO: Timestamp.format(notification.createdAt),
                href: NotificationLinks.path(notification.target),
                unread: notification.readAt == nil,
                readAction: SiteURL.notificationRead(notification.id ?? 0).path
            )
        }
        hasRows = !rows.isEmpty
        let count = rows.filter(\.unread).count
        unread = count > 0 ? words["notifications.unread"].replacingOccurrences(of: "{count}", with: words.count(count)) : nil
        readAllAction = SiteURL.notificationsRead.path
    }
}
