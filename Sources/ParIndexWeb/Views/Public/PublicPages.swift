import Foundation
import ParIndexCore

/// `/`: the published cycles, newest year first.
struct HomePage: PageModel {
    static let template = "home"

    struct Cycle {
        var name: String
        var publishedAt: String
        var href: String
    }

    var cycles: [Cycle]
    var hasCycles: Bool
    var loginHref = SiteURL.login.path

    init(cycles: [Cycle]) {
        self.cycles = cycles
        hasCycles = !cycles.isEmpty
    }
}

/// `/results/:cycle`: every block's ranking with its charts, the export links, and the hashes
/// that let anyone check the figures.
struct ResultsPage: PageModel {
    static let template = "results"

    struct Exports {
        var csv: String
        var xlsx: String
        var json: String
    }

    /// The ledger's head when published, as the command that checks it later.
    struct AuditHead {
        var head: String
        var events: Int64
        var command: String
    }

    var name: String
    var publishedAt: String
    var exports: Exports
    var blocks: [RankingBlock]
    var check: SnapshotCheck
    var auditHead: AuditHead?

    init(_ results: PublishedResults, _ publication: Publication, language: Language) {
        let code = results.cycle
        name = results.name
        publishedAt = Timestamp.vietnamese(publication.publishedAt)
        exports = Exports(
            csv: SiteURL.resultsData(cycle: code, .csv).path,
            // The workbook with Vietnamese headings and a sheet of per-criterion points.
            xlsx: CycleURL.resultsXLSX(code).path,
            json: SiteURL.resultsData(cycle: code, .json).path
        )
        blocks = RankingBlock.blocks(results, language: language) { SiteURL.scoreCard(cycle: code, unit: $0).path }
        check = SnapshotCheck(results, publication)
        auditHead = publication.auditEvents.map {
            AuditHead(head: publication.auditHead, events: $0, command: "parindex audit verify --head \(publication.auditHead) --events \($0)")
        }
    }
}
