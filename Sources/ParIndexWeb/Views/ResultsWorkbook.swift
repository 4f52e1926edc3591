import Foundation
import ParIndexCore
import ParIndexFormats

/// The published results as an Excel workbook for officials: the ranking with Vietnamese headings
/// and each field's title as its column heading, and a second sheet with every unit's final points
/// per criterion. Figures come from the published snapshot and the items it was computed from.
enum ResultsWorkbook {
    static func workbook(
        snapshot: PublishedResults,
        framework: Framework,
        scores: CycleScores,
        words: PageWords
    ) throws(DomainError) -> Data {
        try XLSX.workbook([ranking(snapshot, words: words), criteria(snapshot, framework: framework, scores: scores, words: words)])
    }

    static func points(_ value: Points?) -> XLSX.Cell {
        value.map { .points($0) } ?? .empty
    }

    /// One row per unit, block by block in ranking order.
    static func ranking(_ snapshot: PublishedResults, words: PageWords) -> XLSX.Sheet {
        let fields = snapshot.blocks.first?.ranking.first?.fields ?? []
        let header =
            [
                "export.results.block", "export.results.rank", "export.results.unitCode", "export.results.unit", "export.results.points",
                "export.results.max", "export.results.index", "export.results.band", "export.results.previous", "export.results.change",
            ].map { words[$0] }
            + fields.map { "\($0.code). \($0.title) (%)" }
        var rows: [[XLSX.Cell]] = []
        for block in snapshot.blocks {
            for entry in block.ranking {
                var row: [XLSX.Cell] = [
                    .text(block.name), .number(String(entry.rank)), .text(entry.unit), .text(entry.name), points(entry.points),
                    points(entry.max), points(entry.index), .text(entry.band ?? ""), points(entry.previous?.index), points(entry.change),
                ]
                row += entry.fields.map { points($0.index) }
                rows.append(row)
            }
        }
        return XLSX.Sheet(name: words["export.results.sheet"], header: header, rows: rows, frozenColumns: 4)
    }

    /// Units down, criteria across: each cell the unit's final points for that criterion (a
    /// deduction negative), "not applicable" where the unit marked it so.
    static func criteria(_ snapshot: PublishedResults, framework: Framework, scores: CycleScores, words: PageWords) -> XLSX.Sheet {
        let leaves = framework.leaves
        let header =
            ["export.results.block", "export.results.unitCode", "export.results.unit"].map { words[$0] }
            + leaves.map { "\($0.code) \($0.title)" }
        var rows: [[XLSX.Cell]] = []
        for block in snapshot.blocks {
            for entry in block.ranking {
                let items = scores.byUnit[entry.unit] ?? [:]
                var row: [XLSX.Cell] = [.text(block.name), .text(entry.unit), .text(entry.name)]
                for leaf in leaves {
                    guard let item = items[leaf.code] else {
                        row.append(.empty)
                        continue
                    }
                    row.append(
                        item.applicable
                            ? UnitGridWorkbook.signed(item.finalPoints(source: leaf.spec.source), leaf) : .text(words["export.results.notApplicable"])
                    )
                }
                rows.append(row)
            }
        }
        return XLSX.Sheet(name: words["export.results.criteriaSheet"], header: header, rows: rows, frozenColumns: 3)
    }
}
