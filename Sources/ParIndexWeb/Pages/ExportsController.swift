import Foundation
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Excel downloads for people: a unit's grid in the officials' columns (for the unit, its
/// reviewers, admins and observers; another unit's is 404), and the published results with
/// Vietnamese headings and per-criterion points. The JSON API's results.xlsx keeps its own shape.
struct ExportsController {
    let services: Services
    let rendered: RenderedPublications

    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, "/cycles/:cycle/units/:unit/grid.xlsx", UnitPagesController.readers, unitGrid)
        routes.on(.get, "/results/:cycle/results.xlsx", .anyone, results)
    }

    @Sendable func unitGrid(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let view = try await services.assessments.view(cycle: cycle, unit: unit, by: caller)
        let data = try UnitGridWorkbook.workbook(view, words: PageWords(request))
        ResultsController.logExport(cycle, format: "xlsx-grid:\(unit)", context)
        return ResultsController.download(data, type: Self.xlsxType, filename: "bang-diem-\(cycle)-\(unit).xlsx")
    }

    /// Kept per language at the snapshot's hash, as the public score cards are: the second sheet
    /// reads every item of the cycle, and a published cycle never changes.
    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycle = try context.parameter("cycle")
        let (_, publication) = try await services.results.results(cycle: cycle)
        let language = PageRenderer.language(request)
        let kept = try await rendered.kept("xlsx|\(cycle)|\(language.rawValue)", at: publication.snapshotSHA256) { [services] in
            let (snapshot, publication) = try await services.results.publishedResults(cycle: cycle)
            let (framework, scores) = try await services.results.criterionScores(cycle: cycle)
            let data = try ResultsWorkbook.workbook(snapshot: snapshot, framework: framework, scores: scores, words: PageWords(language))
            var buffer = ByteBuffer()
            buffer.writeBytes(data)
            return (publication.snapshotSHA256, KeptBody(buffer))
        }
        ResultsController.logExport(cycle, format: "xlsx-vi", context)
        return kept.response(request) { ResultsController.download($0, type: Self.xlsxType, filename: "ket-qua-\(cycle).xlsx") }
    }
}
