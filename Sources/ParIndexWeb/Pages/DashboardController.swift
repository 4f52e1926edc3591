import Foundation
import Hummingbird
import ParIndexCore

/// Each role's starting page: the cycles they take part in, the phase, the deadline counting down
/// and the progress they can see.
struct DashboardController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/dashboard", .signedIn, dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let now = services.clock.now()
        var cycles: [[String: Any]] = []
        for cycle in try await services.cycles.list(by: caller) {
            let detail = try await services.cycles.detail(cycle.code, by: caller)
            let deadline = cycle.deadlines.deadline(for: cycle.phase)
            cycles.append([
                "name": cycle.name, "phase": cycle.phase.vietnamese, "deadline": deadline.map { Timestamp.vietnamese($0) } ?? "—",
                "deadlineISO": deadline.map(Timestamp.format) ?? "", "remaining": deadline.map { Self.remaining(from: now, to: $0) } ?? "—",
                "units": detail.units.count, "submitted": detail.submitted, "unsettled": detail.unsettled,
                "actions": Self.actions(for: caller, cycle: cycle, request: request),
            ])
        }
        return renderer.page(
            "dashboard",
            title: PageRenderer.string("dashboard.title", request),
            model: ["cycles": cycles, "hasCycles": !cycles.isEmpty],
            context: context,
            request: request
        )
    }

    /// Where each role goes next from a cycle.
    static func actions(for caller: Caller, cycle: Cycle, request: Request) -> [[String: String]] {
        let label = { (key: String) in PageRenderer.string(key, request) }
        switch caller.role {
        case .unit:
            guard let unit = caller.unitCode else { return [] }
            return [["href": "/cycles/\(cycle.code)/units/\(unit)", "label": label("dashboard.open.assessment")]]
        case .reviewer, .observer:
            return [["href": "/review/\(cycle.code)", "label": label("dashboard.open.worklist")]]
        case .admin:
            return [["href": "/admin/cycles/\(cycle.code)", "label": label("dashboard.open.cycle")]]
        }
    }

    /// "3 ngày 4 giờ" / "đã quá hạn".
    static func remaining(from now: Date, to deadline: Date) -> String {
        let seconds = Int(deadline.timeIntervalSince(now))
        guard seconds > 0 else { return "Đã quá hạn" }
        let days = seconds / 86400
        let hours = seconds % 86400 / 3600
        return days > 0 ? "\(days) ngày \(hours) giờ" : "\(hours) giờ \(seconds % 3600 / 60) phút"
    }
}
