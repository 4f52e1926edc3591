import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Survey import, publication, and the published results as JSON, CSV and XLSX.
struct ResultsController {
    let services: Services
    let published: PublishedResultsJSON

    func addRoutes(to routes: RouteTable) {
        let admin = Access.roles([.admin])
        routes.on(.post, "/api/v1/cycles/:cycle/survey", admin, importSurvey)
        routes.on(.post, "/api/v1/cycles/:cycle/publish", admin, publish)
        routes.on(.get, "/api/v1/cycles/:cycle/results", .anyone, results)
        routes.on(.get, "/api/v1/cycles/:cycle/results.csv", .anyone, resultsCSV)
        routes.on(.get, "/api/v1/cycles/:cycle/results.xlsx", .anyone, resultsXLSX)
    }

    @Sendable func importSurvey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        var rows: [ResultsService.SurveyRow] = []
        if type.hasPrefix("text/csv") {
            let data = try await JSON.collect(request, limit: 8 << 20)
            rows = try CSV.table(data, columns: ["unit", "criterion", "points"]).map {
                .init(row: $0.line, unit: $0.values["unit"]!, criterion: $0.values["criterion"]!, points: $0.values["points"]!)
            }
        } else {
            let body = try await JSON.body(SurveyBody.self, request, context: context, limit: 8 << 20)
            rows = body.rows.enumerated().map { index, row in
                .init(row: index + 1, unit: row.unit ?? "", criterion: row.criterion ?? "", points: row.pointsText)
            }
        }
        let imported = try await services.results.importSurvey(cycle: try context.parameter("cycle"), rows: rows, by: context.requireCaller())
        return try JSON.response(SurveyImportAnswer(imported: imported))
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let publication = try await published.publish(cycle: try context.parameter("cycle"), by: context.requireCaller())
        return try JSON.response(
            PublicationAnswer(publishedAt: publication.publishedAt, snapshotSha256: publication.snapshotSHA256, auditHead: publication.auditHead),
            status: .created
        )
    }

    /// The stored snapshot with its hash added (`PublishedResultsJSON`).
    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await published.body(cycle: try context.parameter("cycle"))
        return body.response(request) { bytes in
            var response = JSON.response(bytes)
            response.headers[.cacheControl] = "public, max-age=60"
            return response
        }
    }

    /// The ranking table: one row per unit, block by block.
    func table(_ results: PublishedResults) -> (header: [String], rows: [[(String, Bool)]]) {
        let fieldCodes = results.blocks.first?.ranking.first?.fields.map(\.code) ?? []
        let header =
            ["block", "rank", "unit", "name", "points", "max", "index", "band", "previousIndex", "change"] + fieldCodes.map { "field_\($0)" }
        var rows: [[(String, Bool)]] = []
        for block in results.blocks {
            for entry in block.ranking {
                var row: [(String, Bool)] = [
                    (block.block, false), (String(entry.rank), true), (entry.unit, false), (entry.name, false), (entry.points.description, true),
                    (entry.max.description, true), (entry.index.description, true), (entry.band ?? "", false),
                    (entry.previous?.index.description ?? "", true), (entry.change?.description ?? "", true),
                ]
                for field in entry.fields { row.append((field.index?.description ?? "", true)) }
                rows.append(row)
            }
        }
        return (header, rows)
    }

    @Sendable func resultsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycle = try context.parameter("cycle")
        let (results, _) = try await services.results.publishedResults(cycle: cycle)
        let (header, rows) = table(results)
        Self.logExport(cycle, format: "csv", context)
        return Self.download(CSV.write(header: header, rows: rows), type: "text/csv; charset=utf-8", filename: "ket-qua-\(cycle).csv")
    }

    @Sendable func resultsXLSX(_ request: Request, context: AppRequestContext) async throws -> Response {
        let cycle = try context.parameter("cycle")
        let (results, _) = try await services.results.publishedResults(cycle: cycle)
        let (header, rows) = table(results)
        Self.logExport(cycle, format: "xlsx", context)
        let data = try XLSX.workbook(
            sheetName: "Kết quả \(cycle)",
            header: header,
            rows: rows.map { $0.map { $0.1 && !$0.0.isEmpty ? .number($0.0) : .text($0.0) } }
        )
        return Self.download(data, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: "ket-qua-\(cycle).xlsx")
    }

    /// Data exports are security-relevant events (SECURITY.md LG-5): who took which cycle's table.
    static func logExport(_ cycle: String, format: String, _ context: AppRequestContext) {
        context.logger.info(
            "export",
            metadata: ["cycle": .string(cycle), "format": .string(format), "user": .string(context.caller?.username ?? "-")]
        )
    }

    static func download(_ data: Data, type: String, filename: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        return download(buffer, type: type, filename: filename)
    }

    static func download(_ buffer: ByteBuffer, type: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: ContentDisposition.attachment(filename)],
            body: .init(byteBuffer: buffer)
        )
    }
}

/// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266/5987).
enum ContentDisposition {
    static func attachment(_ filename: String) -> String { value("attachment", filename) }

    /// Shown by the browser in place (PDFs and images), under the name given if saved.
    static func inline(_ filename: String) -> String { value("inline", filename) }

    private static func value(_ kind: String, _ filename: String) -> String {
        let ascii = VietnameseText.fold(filename).unicodeScalars.map { scalar -> String in
            scalar.isASCII && scalar.value >= 0x20 && !"\"\\;".unicodeScalars.contains(scalar) ? String(scalar) : "_"
        }.joined()
        let encoded =
            filename.precomposedStringWithCanonicalMapping.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))
            ) ?? ascii
        return "\(kind); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
