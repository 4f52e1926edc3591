import Foundation
import Hummingbird
import ParIndexCore

/// The council record of one unit (biên bản thẩm định), for admins and the unit's reviewers;
/// another unit's reviewer gets 404 from the route's gate and from the service.
struct CouncilRecordController {
    let services: Services
    let renderer: PageRenderer
    let issuer: DocumentIssuer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/review/:cycle/units/:unit/record", .roles([.admin, .reviewer]), record)
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let record = try await services.assessments.councilRecord(
            cycle: try context.parameter("cycle"),
            unit: try context.parameter("unit"),
            by: caller
        )
        let words = PageWords(request)
        let page = CouncilRecordPage(record, issuer: issuer, now: services.clock.now(), words: words)
        return renderer.page(page, title: "\(words["doc.record.title"]): \(record.view.unit.name)", context: context, request: request)
    }
}
