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
        let strings = language.strings
        let unitName = entry.name

        var fieldRows: [[String: Any]] = []
        for field in entry.fields {
            fieldRows.append([
                "code": field.code, "title": field.title, "points": field.points.vietnamese, "max": field.max.vietnamese,
                "index": field.index?.vietnamese ?? "", "hasIndex": field.index != nil, "showMax": field.max != .zero,
            ])
        }

        let fieldTitles = Dictionary(view.framework.nodes.map { ($0.code, $0.title) }, uniquingKeysWith: { a, _ in a })
        var groups: [[String: Any]] = []
        var current: (code: String, rows: [[String: Any]])?
        func close() {
            guard let group = current else { return }
            groups.append(["code": group.code, "title": fieldTitles[group.code] ?? "", "items": group.rows])
        }
        for row in view.rows {
            if current?.code != row.leaf.fieldCode {
                close()
                current = (row.leaf.fieldCode, [])
            }
            current?.rows.append(Self.itemRow(row, strings: strings))
        }
        close()

        let previous = entry.previous
        let model: [String: Any] = [
            "styles": ["public"],
            "cycleCode": cycleCode, "cycleName": snapshot.name,
            "unitCode": unitCode, "unitName": unitName, "blockName": block.name,
            "rank": String(entry.rank), "rankCount": block.ranking.count,
            "index": entry.index.vietnamese, "points": entry.points.vietnamese, "max": entry.max.vietnamese,
            "band": entry.band ?? "", "hasBand": entry.band != nil,
            "change": entry.change.map(PublicPagesController.signed) ?? "", "hasChange": entry.change != nil,
            "previousCycle": previous?.cycle ?? "", "previousRank": previous.map { String($0.rank) } ?? "",
            "previousIndex": previous?.index.vietnamese ?? "",
            "publishedAt": Timestamp.vietnamese(publication.publishedAt),
            "fields": fieldRows, "groups": groups,
            "totalSelf": view.totals.selfScore.points.vietnamese, "totalAppraised": view.totals.appraised.points.vietnamese,
            "totalFinal": view.totals.final.points.vietnamese,
            "snapshotSha256": publication.snapshotSHA256,
            "framework": ["code": snapshot.framework.code, "version": snapshot.framework.version, "sha256": snapshot.framework.contentSha256],
        ]
        return renderer.html(
            "public-scorecard",
            title: "\(strings["public.card.title"] ?? "") — \(unitName)",
            model: model,
            context: context,
            request: request
        )
    }

    /// One criterion's line: points side by side and the reasons. No stamps: reviewer names stay private.
    static func itemRow(_ row: AssessmentService.View.Row, strings: [String: String]) -> [String: Any] {
        let item = row.item
        let spec = row.leaf.spec
        let survey = spec.source == .survey
        let deduction: Bool
        let kind: String
        switch spec.rule {
        case .bonus:
            deduction = false
            kind = strings["public.card.bonus"] ?? ""
        case .deduction:
            deduction = true
            kind = strings["public.card.deduction"] ?? ""
        default:
            deduction = false
            kind = ""
        }
        func shown(_ points: Points?) -> String {
            guard let points else { return "—" }
            return deduction && points.hundredths > 0 ? "−" + points.vietnamese : points.vietnamese
        }
        var reasons: [[String: Any]] = []
        func reason(_ label: String, _ text: String?) {
            guard let text, !text.isEmpty else { return }
            reasons.append(["label": strings[label] ?? label, "text": text, "hasText": true])
        }
        if !item.applicable { reason("public.card.naReason", item.notApplicableReason) }
        if survey, item.final != nil { reasons.append(["label": strings["public.card.survey"] ?? "", "text": "", "hasText": false]) }
        reason("public.card.appraisalNote", item.appraised?.note)
        if !survey, let final = item.final {
            let disposition = final.disposition.flatMap { strings["public.disposition.\($0.rawValue)"] }
            let text = [disposition, final.note].compactMap { $0 }.joined(separator: " — ")
            reason("public.card.finalNote", text)
        }
        return [
            "code": row.leaf.code, "title": row.leaf.title, "kind": kind, "hasKind": !kind.isEmpty,
            "max": spec.max.vietnamese, "applicable": item.applicable,
            "self": survey ? "—" : shown(item.selfValue?.points),
            "appraised": survey ? "—" : shown(item.appraised?.points),
            "final": item.applicable ? shown(item.finalPoints(source: spec.source)) : "—",
            "changed": !survey && item.applicable && item.finalPoints(source: spec.source) != item.selfValue?.points,
            "reasons": reasons, "hasReasons": !reasons.isEmpty,
        ]
    }
}
