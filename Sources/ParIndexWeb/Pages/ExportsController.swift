import Foundation
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Excel downloads for people: a unit's grid in the officials' columns (for the unit, its
/// reviewers, admins and observers; another unit's is 404), and the published results with
/// Vietnamese headings and per-criterion points. The JSON API's results.xlsx keeps its own shape.
struct ExportsController {
    let services: Services

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

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycle = try context.parameter("cycle")
        let (snapshot, _) = try await services.results.results(cycle: cycle)
        let (framework, scores) = try await services.results.criterionScores(cycle: cycle)
        let data = try ResultsWorkbook.workbook(snapshot: snapshot, framework: framework, scores: scores, words: PageWords(request))
        ResultsController.logExport(cycle, format: "xlsx-vi", context)
        return ResultsController.download(data, type: Self.xlsxType, filename: "ket-qua-\(cycle).xlsx")
    }
}
