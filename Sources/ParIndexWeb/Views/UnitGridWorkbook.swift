import Foundation
import ParIndexCore
import ParIndexFormats

/// A unit's grid as one Excel sheet in the officials' column order (STT, tiêu chí, điểm tối đa, số
/// liệu, điểm tự chấm, tài liệu kiểm chứng, điểm thẩm định, điểm cuối cùng, ghi chú): a bold row per
/// field with its sums, a row per criterion, then the totals and the index of each round.
///
/// Points are numbers; a deduction is written negative so that a column's sum is the round's raw
/// points. Who appraised or settled is not in it: the same file serves the unit and the council.
enum UnitGridWorkbook {
    static let columnKeys = [
        "export.col.number", "export.col.criterion", "export.col.max", "export.col.data", "export.col.self", "export.col.evidence",
        "export.col.appraised", "export.col.final", "export.col.note",
    ]

    static func workbook(_ view: AssessmentService.View, words: PageWords) throws(DomainError) -> Data {
        try XLSX.workbook([sheet(view, words: words)])
    }

    static func sheet(_ view: AssessmentService.View, words: PageWords) -> XLSX.Sheet {
        let calculator = IndexCalculator(framework: view.framework)
        func results(_ value: (AssessmentService.View.Row) -> Points?) -> [LeafResult] {
            view.rows.map { LeafResult(code: $0.leaf.code, applicable: $0.item.applicable, points: value($0)) }
        }
        let selfFields = calculator.fieldScores(results { $0.item.selfValue?.points })
        let appraisedFields = calculator.fieldScores(results { $0.leaf.spec.source == .survey ? $0.item.final?.points : $0.item.appraised?.points })
        let finalFields = calculator.fieldScores(results { $0.item.finalPoints(source: $0.leaf.spec.source) })
        let hasAppraised = view.rows.contains { $0.item.appraised != nil }
        let hasFinal = view.rows.contains { $0.item.final != nil }
        func round(_ points: Points, shown: Bool) -> XLSX.Cell { shown ? .points(points) : .empty }

        var rows: [[XLSX.Cell]] = []
        for (index, (field, selfScore)) in selfFields.enumerated() {
            let fieldRows = view.rows.filter { $0.leaf.fieldCode == field.code }
            guard !fieldRows.isEmpty else { continue }
            rows.append([
                .heading(field.code), .heading(field.title), .points(selfScore.max), .empty, .points(selfScore.rawPoints), .empty,
                round(appraisedFields[index].score.rawPoints, shown: hasAppraised), round(finalFields[index].score.rawPoints, shown: hasFinal),
                .empty,
            ])
            rows += fieldRows.map { row(for: $0, words: words) }
        }
        let totals = view.totals
        rows.append([
            .empty, .heading(words["export.grid.total"]), .points(totals.selfScore.max), .empty, .points(totals.selfScore.points), .empty,
            round(totals.appraised.points, shown: hasAppraised), round(totals.final.points, shown: hasFinal), .empty,
        ])
        func index(_ score: Score, shown: Bool) -> XLSX.Cell { score.index.map { round($0.rounded, shown: shown) } ?? .empty }
        rows.append([
            .empty, .heading(words["export.grid.index"]), .empty, .empty, index(totals.selfScore, shown: true), .empty,
            index(totals.appraised, shown: hasAppraised), index(totals.final, shown: hasFinal), .empty,
        ])
        return XLSX.Sheet(name: words["export.grid.sheet"], header: columnKeys.map { words[$0] }, rows: rows, frozenColumns: 2)
    }

    /// Points as they count: a deduction's points taken off.
    static func signed(_ points: Points?, _ leaf: Leaf) -> XLSX.Cell {
        guard let points else { return .empty }
        if case .deduction = leaf.spec.rule { return .points(Points(hundredths: -points.hundredths)) }
        return .points(points)
    }

    static func row(for row: AssessmentService.View.Row, words: PageWords) -> [XLSX.Cell] {
        let leaf = row.leaf
        let item = row.item
        let survey = leaf.spec.source == .survey
        var data = ""
        if !item.applicable {
            data = words["export.grid.notApplicable"]
        } else if survey {
            data = words["export.grid.survey"]
        } else if let entry = item.selfValue?.entry {
            switch entry {
            case .choice, .ratio: data = words.describe(entry, rule: leaf.spec.rule)
            case .points: data = ""
            }
        }
        let evidence = row.evidence.map { evidence in
            evidence.filename ?? [evidence.documentNumber, evidence.title].compactMap { $0 }.joined(separator: " · ")
        }
        var notes: [String] = []
        func note(_ key: String, _ placeholder: String, _ text: String?) {
            guard let text, !text.isEmpty else { return }
            notes.append(words[key].replacingOccurrences(of: "{\(placeholder)}", with: text))
        }
        if !item.applicable { note("export.grid.naReason", "reason", item.notApplicableReason) }
        note("export.grid.selfNote", "note", item.selfValue?.note)
        note("export.grid.appraisalNote", "note", item.appraised?.note)
        if !survey, let final = item.final {
            let disposition = final.disposition.map { words["public.disposition.\($0.rawValue)"] }
            note("export.grid.finalNote", "note", [disposition, final.note].compactMap { $0 }.joined(separator: " — "))
        }
        let applicable = item.applicable
        return [
            .text(leaf.code), .text(leaf.title), .points(leaf.spec.max), .text(data),
            applicable && !survey ? signed(item.selfValue?.points, leaf) : .empty, .text(evidence.joined(separator: "\n")),
            applicable && !survey ? signed(item.appraised?.points, leaf) : .empty,
            applicable ? signed(item.finalPoints(source: leaf.spec.source), leaf) : .empty, .text(notes.joined(separator: "\n")),
        ]
    }
}
