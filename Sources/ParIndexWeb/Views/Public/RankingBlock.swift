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

    /// Every block of `snapshot`; `link` gives each unit's page (its score card once published).
    static func blocks(_ snapshot: DocumentValue, language: Language, link: (String) -> String) -> [RankingBlock] {
        (snapshot["blocks"]?.arrayValue ?? []).map { block in
            let ranking = block["ranking"]?.arrayValue ?? []
            let rows = ranking.map { entry in
                let unit = entry["unit"]?.stringValue ?? ""
                return Row(
                    rank: entry["rank"]?.scalarText ?? "",
                    unit: unit,
                    name: entry["name"]?.stringValue ?? "",
                    href: link(unit),
                    index: vietnamese(entry["index"]),
                    points: vietnamese(entry["points"]),
                    max: vietnamese(entry["max"]),
                    band: entry["band"]?.stringValue ?? "",
                    change: entry["change"].map { signed($0) } ?? ""
                )
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
            let words = language.strings
            return RankingBlock(
                name: name,
                rows: rows,
                chart: Charts.rankingBars(bars, title: "\(words["results.chart"] ?? "") — \(name)"),
                heatmap: Charts.heatMap(
                    units: bars.map(\.0),
                    fields: fieldCodes,
                    values: values,
                    title: "\(words["results.heatmap"] ?? "") — \(name)"
                )
            )
        }
    }

    /// `88,54`: a document's number in Vietnamese form; empty when absent.
    static func vietnamese(_ value: DocumentValue?) -> String {
        value?.scalarText.flatMap(Points.init(parsing:))?.vietnamese ?? ""
    }

    /// `+2,48` / `-1,00`: a change, with its sign.
    static func signed(_ value: DocumentValue) -> String {
        guard let points = value.scalarText.flatMap(Points.init(parsing:)) else { return "" }
        return (points.hundredths > 0 ? "+" : "") + points.vietnamese
    }
}
