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
        let (snapshot, publication) = try await services.results.results(cycle: try context.parameter("cycle"))
        let title = PageRenderer.string("results.title", request)
        var blocks: [[String: Any]] = []
        for block in snapshot["blocks"]?.arrayValue ?? [] {
            let ranking = block["ranking"]?.arrayValue ?? []
            let rows: [[String: Any]] = ranking.map { entry in
                [
                    "rank": entry["rank"]?.scalarText ?? "", "name": entry["name"]?.stringValue ?? "", "unit": entry["unit"]?.stringValue ?? "",
                    "index": Self.vietnamese(entry["index"]), "points": Self.vietnamese(entry["points"]), "max": Self.vietnamese(entry["max"]),
                    "band": entry["band"]?.stringValue ?? "", "change": entry["change"].map { Self.signed($0) } ?? "",
                ]
            }
            let fields = ranking.first?["fields"]?.arrayValue?.filter { $0["index"] != .null } ?? []
            let fieldCodes = fields.compactMap { $0["code"]?.stringValue }
            let bars = ranking.map { entry in
                (entry["name"]?.stringValue ?? "", entry["index"]?.scalarText.flatMap(Points.init(parsing:)) ?? .zero)
            }
            let values: [[Points?]] = ranking.map { entry in
                let byCode = Dictionary(
                    (entry["fields"]?.arrayValue ?? []).compactMap { f in f["code"]?.stringValue.map { ($0, f["index"]) } },
                    uniquingKeysWith: { a, _ in a }
                )
                return fieldCodes.map { code in byCode[code]??.scalarText.flatMap(Points.init(parsing:)) }
            }
            let name = block["name"]?.stringValue ?? ""
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
            title: "\(title) — \(snapshot["name"]?.stringValue ?? "")",
            model: [
                "code": snapshot["cycle"]?.stringValue ?? "", "name": snapshot["name"]?.stringValue ?? "",
                "publishedAt": Timestamp.vietnamese(publication.publishedAt), "blocks": blocks, "snapshotSha256": publication.snapshotSHA256,
                "xlsxHref": CycleURL.resultsXLSX(snapshot["cycle"]?.stringValue ?? "").path,
                "framework": [
                    "code": snapshot["framework"]?["code"]?.stringValue ?? "", "version": snapshot["framework"]?["version"]?.stringValue ?? "",
                    "sha256": snapshot["framework"]?["contentSha256"]?.stringValue ?? "",
                ],
            ],
            context: context,
            request: request
        )
    }

    static func vietnamese(_ value: DocumentValue?) -> String {
        value?.scalarText.flatMap(Points.init(parsing:))?.vietnamese ?? ""
    }

    static func signed(_ value: DocumentValue) -> String {
        guard let points = value.scalarText.flatMap(Points.init(parsing:)) else { return "" }
        return (points.hundredths > 0 ? "+" : "") + points.vietnamese
    }
}
