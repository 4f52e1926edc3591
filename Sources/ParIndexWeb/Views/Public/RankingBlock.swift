import ParIndexCore

/// One block's ranking from a results document, as the results page shows it. The publication
/// preview builds the same type from the document publishing would store and shows it with the
/// same `ranking-table` partial, so what the admin confirms is the table that will be published.
struct RankingBlock {
    struct Row {
        var rank: String
        var unit: String
        var name: String
        var href: String
        var index: String
        var points: String
        var max: String
        var band: String
        var change: String
    }

    var name: String
    var rows: [Row]
    var chart: String
    var heatmap: String
    /// Whether any unit has a change since the previous cycle; without one (a first cycle) the
    /// column is left out rather than shown empty.
    var hasChange: Bool

    /// Every block of `results`; `link` gives each unit's page (its score card once published).
    static func blocks(_ results: PublishedResults, language: Language, link: (String) -> String) -> [RankingBlock] {
        results.blocks.map { block in
            let rows = block.ranking.map { entry in
                Row(
                    rank: String(entry.rank),
                    unit: entry.unit,
                    name: entry.name,
                    href: link(entry.unit),
                    index: entry.index.vietnamese,
                    points: entry.points.vietnamese,
                    max: entry.max.vietnamese,
                    band: entry.band ?? "",
                    change: entry.change.map(signed) ?? ""
                )
            }
            let fields = block.ranking.first?.fields.filter { $0.index != nil }.map { Charts.Field(code: $0.code, title: $0.title) } ?? []
            let fieldCodes = fields.map(\.code)
            let bars = block.ranking.map { entry in (entry.name, entry.index) }
            let values: [[Points?]] = block.ranking.map { entry in
                let byCode = Dictionary(entry.fields.map { ($0.code, $0.index) }, uniquingKeysWith: { a, _ in a })
                return fieldCodes.map { code in byCode[code] ?? nil }
            }
            let words = language.strings
            return RankingBlock(
                name: block.name,
                rows: rows,
                chart: Charts.rankingBars(bars, title: "\(words["results.chart"] ?? "") — \(block.name)"),
                heatmap: Charts.heatMap(
                    units: bars.map(\.0),
                    fields: fields,
                    values: values,
                    title: "\(words["results.heatmap"] ?? "") — \(block.name)",
                    words: words
                ),
                hasChange: rows.contains { !$0.change.isEmpty }
            )
        }
    }

    /// `+2,48` / `-1,00`: a change, with its sign.
    static func signed(_ points: Points) -> String {
        (points.hundredths > 0 ? "+" : "") + points.vietnamese
    }
}
