import Foundation
import ParIndexCore

/// A unit's published score card (phiếu điểm): rank, index, band and field sub-indices from the
/// snapshot, and per criterion the self, appraised and final points with the reasons for every
/// change. Printable on A4 with the national heading and a signature block; reviewer names never
/// appear on it.
struct ScoreCardPage: PageModel {
    static let template = "public-scorecard"
    static let styles = ["public", "document"]

    struct Field {
        var code: String
        var title: String
        var points: String
        var max: String
        var index: String
        var hasIndex: Bool
        var showMax: Bool
    }

    struct Reason {
        var label: String
        var text: String
        var hasText: Bool
    }

    struct Item {
        var code: String
        var title: String
        var kind: String
        var hasKind: Bool
        var max: String
        var applicable: Bool
        var selfPoints: String
        var appraised: String
        var final: String
        var changed: Bool
        var reasons: [Reason]
        var hasReasons: Bool
    }

    struct Group {
        var code: String
        var title: String
        var items: [Item]
    }

    var heading: DocumentHeading
    var signatures: [DocumentSignature]
    var resultsHref: String
    var cycleName: String
    var unitName: String
    var blockName: String
    var rank: String
    var rankCount: Int
    var index: String
    var points: String
    var max: String
    var band: String
    var hasBand: Bool
    var change: String
    var hasChange: Bool
    var previousCycle: String
    var previousRank: String
    var previousIndex: String
    var publishedAt: String
    var fields: [Field]
    var groups: [Group]
    var totalSelf: String
    var totalAppraised: String
    var totalFinal: String
    var check: SnapshotCheck
}

extension ScoreCardPage {
    /// `block` and `entry` are the unit's block and ranking entry in `snapshot`.
    init(
        snapshot: PublishedResults,
        block: PublishedResults.BlockRanking,
        entry: PublishedResults.RankedUnit,
        publication: Publication,
        view: AssessmentService.View,
        issuer: DocumentIssuer,
        language: Language
    ) {
        let strings = language.strings
        unitName = entry.name
        cycleName = snapshot.name
        resultsHref = SiteURL.results(view.cycle.code).path
        blockName = block.name
        rank = String(entry.rank)
        rankCount = block.ranking.count
        index = entry.index.vietnamese
        points = entry.points.vietnamese
        max = entry.max.vietnamese
        band = entry.band ?? ""
        hasBand = entry.band != nil
        change = entry.change.map(RankingBlock.signed) ?? ""
        hasChange = entry.change != nil
        previousCycle = entry.previous?.cycle ?? ""
        previousRank = entry.previous.map { String($0.rank) } ?? ""
        previousIndex = entry.previous?.index.vietnamese ?? ""
        publishedAt = Timestamp.vietnamese(publication.publishedAt)
        fields = entry.fields.map { field in
            Field(
                code: field.code,
                title: field.title,
                points: field.points.vietnamese,
                max: field.max.vietnamese,
                index: field.index?.vietnamese ?? "",
                hasIndex: field.index != nil,
                showMax: field.max != .zero
            )
        }
        let fieldTitles = Dictionary(view.framework.nodes.map { ($0.code, $0.title) }, uniquingKeysWith: { a, _ in a })
        var groups: [Group] = []
        for row in view.rows {
            if groups.last?.code != row.leaf.fieldCode {
                groups.append(Group(code: row.leaf.fieldCode, title: fieldTitles[row.leaf.fieldCode] ?? "", items: []))
            }
            groups[groups.count - 1].items.append(Self.item(row, strings: strings))
        }
        self.groups = groups
        totalSelf = view.totals.selfScore.points.vietnamese
        totalAppraised = view.totals.appraised.points.vietnamese
        totalFinal = view.totals.final.points.vietnamese
        check = SnapshotCheck(snapshot, publication)
        heading = DocumentHeading(
            issuer,
            date: publication.publishedAt,
            name: strings["doc.card.title"] ?? "",
            subtitle: "\(strings["doc.card.subtitle"] ?? "") — \(cycleName)",
            language: language
        )
        signatures = [
            DocumentSignature(
                role: strings["doc.card.signer"] ?? "",
                title: strings["doc.card.signerRole"] ?? "",
                hint: strings["doc.sealHint"] ?? ""
            )
        ]
    }

    /// One criterion's line: points side by side and the reasons. No stamps: reviewer names stay private.
    static func item(_ row: AssessmentService.View.Row, strings: [String: String]) -> Item {
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
        var reasons: [Reason] = []
        func reason(_ label: String, _ text: String?) {
            guard let text, !text.isEmpty else { return }
            reasons.append(Reason(label: strings[label] ?? label, text: text, hasText: true))
        }
        if !item.applicable { reason("public.card.naReason", item.notApplicableReason) }
        if survey, item.final != nil { reasons.append(Reason(label: strings["public.card.survey"] ?? "", text: "", hasText: false)) }
        reason("public.card.appraisalNote", item.appraised?.note)
        if !survey, let final = item.final {
            let disposition = final.disposition.flatMap { strings["public.disposition.\($0.rawValue)"] }
            reason("public.card.finalNote", [disposition, final.note].compactMap { $0 }.joined(separator: " — "))
        }
        return Item(
            code: row.leaf.code,
            title: row.leaf.title,
            kind: kind,
            hasKind: !kind.isEmpty,
            max: spec.max.vietnamese,
            applicable: item.applicable,
            selfPoints: survey ? "—" : shown(item.selfValue?.points),
            appraised: survey ? "—" : shown(item.appraised?.points),
            final: item.applicable ? shown(item.finalPoints(source: spec.source)) : "—",
            changed: !survey && item.applicable && item.finalPoints(source: spec.source) != item.selfValue?.points,
            reasons: reasons,
            hasReasons: !reasons.isEmpty
        )
    }
}
