import Foundation
import Hummingbird
import ParIndexCore

/// A unit's public score card (phiếu điểm) in a published cycle: rank, index, band and field
/// sub-indices from the published snapshot, and per criterion the self, appraised and final points
/// with the reasons for every change. Printable on A4.
///
/// The path parameter is `:code`, not `:unit`: the route table adds the signed-in visibility check
/// to every path containing `:unit`, and this page is public by design.
struct ScoreCardController {
    let services: Services
    let renderer: PageRenderer
    let rendered: RenderedPublications
    /// The issuer printed at the top of the card.
    let issuer: DocumentIssuer

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/results/:cycle/units/:code", .anyone, scoreCard)
    }

    @Sendable func scoreCard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycleCode = try context.parameter("cycle")
        let unitCode = try context.parameter("code")
        // Not found until the cycle is published: `results` throws before any item is read.
        let (snapshot, publication) = try await services.results.publishedResults(cycle: cycleCode)
        // A visitor who is not signed in gets the same page as every other such visitor in that
        // language (no name, no form token), and a published cycle never changes: keep it. A kept
        // page means the unit was found in this snapshot, so the search below is skipped too.
        let language = PageRenderer.language(request)
        let key = "card|\(cycleCode)|\(unitCode)|\(language.rawValue)"
        guard context.caller == nil else {
            let html = try await page(snapshot, publication, cycleCode: cycleCode, unitCode: unitCode, request: request, context: context)
            return renderer.response(html, context: context, request: request)
        }
        let kept = try await rendered.kept(key, at: publication.snapshotSHA256) { [self] in
            let html = try await page(snapshot, publication, cycleCode: cycleCode, unitCode: unitCode, request: request, context: context)
            return (publication.snapshotSHA256, KeptBody(html))
        }
        return kept.response(request) { renderer.response($0, context: context, request: request) }
    }

    /// The score card's HTML.
    func page(
        _ snapshot: PublishedResults,
        _ publication: Publication,
        cycleCode: String,
        unitCode: String,
        request: Request,
        context: AppRequestContext
    ) async throws -> ByteBuffer {
        let language = PageRenderer.language(request)
        guard let (block, entry) = snapshot.find(unit: unitCode) else {
            throw DomainError.notFound("đơn vị \"\(unitCode)\" trong kết quả kỳ \"\(cycleCode)\"")
        }
        // Reading the items with an operator caller is safe here, and only here: the cycle is
        // published (checked above, and again on the loaded cycle below), and a published cycle's
        // score cards are public by design (DESIGN.md, phase `published`: "results and score cards
        // are public"); nobody writes to it any more, so these items are exactly what the snapshot
        // was computed from. The page shows points, notes and dispositions only — never who
        // appraised or settled (stamps and the question thread stay out of the model).
        let view = try await services.assessments.view(cycle: cycleCode, unit: unitCode, by: Caller.commandLine("public"))
        guard view.cycle.phase == .published else {
            throw DomainError.notFound("kết quả công bố của kỳ \"\(cycleCode)\"")
        }
        let page = ScoreCardPage(
            snapshot: snapshot,
            block: block,
            entry: entry,
            publication: publication,
            view: view,
            issuer: issuer,
            language: language
        )
        return renderer.html(
            page,
            title: "\(language.strings["public.card.title"] ?? "") — \(page.unitName)",
            context: context,
            request: request
        )
    }
}
