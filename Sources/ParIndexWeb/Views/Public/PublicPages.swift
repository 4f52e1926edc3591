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

    var name: String
    var publishedAt: String
    var exports: Exports
    var blocks: [RankingBlock]
    var check: SnapshotCheck

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
    }
}
