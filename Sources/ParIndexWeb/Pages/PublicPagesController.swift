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
        let published = try await services.repository.read { db in
            try db.publications().compactMap { p in try db.cycle(p.cycleCode).map { ($0, p) } }
        }
        let cycles: [[String: Any]] = published.sorted { $0.0.year > $1.0.year }.map { cycle, publication in
            ["code": cycle.code, "name": cycle.name, "publishedAt": Timestamp.vietnamese(publication.publishedAt)]
        }
        return renderer.page(
            "home",
            title: PageRenderer.string("home.title", request),
            model: ["cycles": cycles, "hasCycles": !cycles.isEmpty],
            context: context,
            request: request
        )
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (snapshot, publication) = try await services.results.publishedResults(cycle: try context.parameter("cycle"))
        let title = PageRenderer.string("results.title", request)
        var blocks: [[String: Any]] = []
        for block in snapshot.blocks {
            let ranking = block.ranking
            let rows: [[String: Any]] = ranking.map { entry in
                [
                    "rank": String(entry.rank), "name": entry.name, "unit": entry.unit,
                    "index": entry.index.vietnamese, "points": entry.points.vietnamese, "max": entry.max.vietnamese,
                    "band": entry.band ?? "", "change": entry.change.map(Self.signed) ?? "",
                ]
            }
            let fieldCodes = ranking.first?.fields.filter { $0.index != nil }.map(\.code) ?? []
            let bars = ranking.map { entry in (entry.name, entry.index) }
            let values: [[Points?]] = ranking.map { entry in
                let byCode = Dictionary(entry.fields.map { ($0.code, $0.index) }, uniquingKeysWith: { a, _ in a })
                return fieldCodes.map { code in byCode[code] ?? nil }
            }
            let name = block.name
            blocks.append([
                "name": name, "ranking": rows,
                "chart": Charts.rankingBars(bars, title: "\(PageRenderer.string("results.chart", request)) — \(name)"),
                "heatmap": Charts.heatMap(
                    units: bars.map(\.0),
                    fields: fieldCodes,
                    values: values,
                    title: "\(PageRenderer.string("results.heatmap", request)) — \(name)"
                ),
            ])
        }
        return renderer.page(
            "results",
            title: "\(title) — \(snapshot.name)",
            model: [
                "code": snapshot.cycle, "name": snapshot.name,
                "publishedAt": Timestamp.vietnamese(publication.publishedAt), "blocks": blocks, "snapshotSha256": publication.snapshotSHA256,
                "framework": ["code": snapshot.framework.code, "version": snapshot.framework.version, "sha256": snapshot.framework.contentSha256],
            ],
            context: context,
            request: request
        )
    }

    static func signed(_ points: Points) -> String { (points.hundredths > 0 ? "+" : "") + points.vietnamese }
}
