import Foundation

/// Computes a cycle's results document: per block, the ranking with each unit's points, max,
/// index, band, field sub-indices and last year's figures.
public enum ResultsBuilder {
    /// `scores`: the cycle's item scores when the caller has read them already (publishing checks
    /// them for unsettled items first); read here otherwise.
    public static func snapshot(_ db: any RepositoryReader, cycle: Cycle, publishedAt: Date, scores: CycleScores? = nil) throws -> DocumentValue {
        let framework = try db.requireFramework(of: cycle)
        let calculator = IndexCalculator(framework: framework)
        let units = Dictionary(try db.units().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let blocks = Dictionary(try db.blocks().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let scores = try scores ?? CycleScores.read(db, cycle: cycle)
        let previous = try previousResults(db, before: cycle)

        var blockEntries: [String: [(unitCode: String, index: IndexValue, subject: DocumentValue)]] = [:]
        for unitCode in try db.cycleUnits(cycle.code) {
            guard let unit = units[unitCode] else { continue }
            let items = scores.byUnit[unitCode] ?? [:]
            let results = calculator.leaves.map { leaf in
                let item = items[leaf.code]
                return LeafResult(code: leaf.code, applicable: item?.applicable ?? true, points: item?.finalPoints(source: leaf.spec.source))
            }
            let score = calculator.unitScore(results)
            let index = score.index ?? IndexValue(points: .zero, max: Points(hundredths: 1))
            let fields: [DocumentValue] = calculator.fieldScores(results).map { field, fieldScore in
                .object([
                    ("code", .string(field.code)), ("title", .string(field.title)), ("points", .points(fieldScore.points)),
                    ("max", .points(fieldScore.max)), ("index", fieldScore.index.map { .points($0.rounded) } ?? .null),
                ])
            }
            var pairs: [(String, DocumentValue)] = [
                ("unit", .string(unitCode)), ("name", .string(unit.name)), ("points", .points(score.points)),
                ("max", .points(score.max)), ("index", .points(index.rounded)), ("fields", .array(fields)),
            ]
            if let band = framework.band(for: index.hundredths) { pairs.append(("band", .string(band.label))) }
            if let last = previous[unitCode] {
                pairs.append(
                    ("previous", .object([("cycle", .string(last.cycle)), ("rank", .int(last.rank)), ("index", .points(last.index))]))
                )
                pairs.append(("change", .points(Points(hundredths: index.hundredths - last.index.hundredths))))
            }
            blockEntries[unit.blockCode, default: []].append((unitCode, index, .object(pairs)))
        }
        let blockDocuments: [DocumentValue] = blockEntries.keys.sorted().map { blockCode in
            let ranking = Ranking.rank(blockEntries[blockCode]!).map { ranked -> DocumentValue in
                guard case .object(let pairs) = ranked.subject else { return ranked.subject }
                return .object([("rank", .int(ranked.rank))] + pairs)
            }
            return .object([
                ("block", .string(blockCode)), ("name", .string(blocks[blockCode]?.name ?? blockCode)), ("ranking", .array(ranking)),
            ])
        }
        return .object([
            ("cycle", .string(cycle.code)), ("name", .string(cycle.name)), ("year", .int(cycle.year)),
            (
                "framework",
                .object([
                    ("code", .string(framework.code)), ("version", .string(framework.version)), ("contentSha256", .string(cycle.frameworkSHA256)),
                ])
            ),
            ("publishedAt", .date(publishedAt)), ("blocks", .array(blockDocuments)),
        ])
    }

    /// Each unit's figures in the most recent publication of an earlier year.
    static func previousResults(_ db: any RepositoryReader, before cycle: Cycle) throws -> [String: PublishedResults.PreviousResult] {
        let cycles = Dictionary(try db.cycles().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let earlier = try db.publications()
            .compactMap { p in cycles[p.cycleCode].map { (p, $0) } }
            .filter { $0.1.year < cycle.year }
            .sorted { ($0.1.year, $0.0.publishedAt) < ($1.1.year, $1.0.publishedAt) }
        var out: [String: PublishedResults.PreviousResult] = [:]
        for (publication, _) in earlier {
            for block in try PublishedResults(DocumentValue.parseJSON(publication.snapshot)).blocks {
                for entry in block.ranking { out[entry.unit] = .init(cycle: publication.cycleCode, rank: entry.rank, index: entry.index) }
            }
        }
        return out
    }
}
