import Foundation
import Hummingbird
import ParIndexCore

/// The public side: published cycles and each cycle's results with charts and the hash to check.
struct PublicPagesController {
    let services: Services
    let renderer: PageRenderer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/", .anyone, home)
        routes.on(.get, "/results/:cycle", .anyone, results)
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycles = try await services.results.publishedCycles().map { cycle, publication in
            HomePage.Cycle(name: cycle.name, publishedAt: Timestamp.vietnamese(publication.publishedAt), href: SiteURL.results(cycle.code).path)
        }
        return renderer.page(HomePage(cycles: cycles), title: PageRenderer.string("home.title", request), context: context, request: request)
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (snapshot, publication) = try await services.results.publishedResults(cycle: try context.parameter("cycle"))
        let page = ResultsPage(snapshot, publication, language: PageRenderer.language(request))
        return renderer.page(page, title: "\(PageRenderer.string("results.title", request)) — \(page.name)", context: context, request: request)
    }
}
