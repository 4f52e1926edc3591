import Foundation
import ParIndexCore

/// The council's record of one unit's appraisal (biên bản thẩm định): every criterion with the
/// self-assessed, appraised and final points, each adjustment with its reason and who decided it,
/// the appraisal team, the totals and index of each round, and the signature blocks. For admins
/// and the unit's own reviewers; printable on A4.
struct CouncilRecordPage: PageModel {
    static let template = "council-record"
    static let styles = ["review", "document"]

    struct Fact {
        var label: String
        var value: String
    }

    struct Member {
        var name: String
        var username: String
    }

    struct Item {
        var code: String
        var title: String
        var max: String
        var applicable: Bool
        var selfPoints: String
        var appraised: String
        var final: String
        var state: String
        var changed: Bool
    }

    struct Group {
        var code: String
        var title: String
        var items: [Item]
    }

    struct Adjustment {
        var code: String
        var title: String
        var stage: String
        var change: String
        var reason: String
        var by: String
    }

    struct Round {
        var label: String
        var points: String
        var max: String
        var index: String
    }

    var heading: DocumentHeading
    var signatures: [DocumentSignature]
    var memberSignatures: [DocumentSignature]
    var hasMemberSignatures: Bool
    var unitName: String
    var unitCode: String
    var reviewHref: String
    var facts: [Fact]
    var members: [Member]
    var hasMembers: Bool
    var groups: [Group]
    var adjustments: [Adjustment]
    var hasAdjustments: Bool
    var rounds: [Round]

    /// Points as shown in the record: a deduction with its minus sign, a missing value as a dash.
    static func shown(_ points: Points?, _ leaf: Leaf, _ words: PageWords) -> String {
        guard let points else { return "—" }
        if case .deduction = leaf.spec.rule, points.hundredths > 0 { return "−" + words.points(points) }
        return words.points(points)
    }

    static func item(_ row: AssessmentService.View.Row, words: PageWords) -> Item {
        let item = row.item
        let leaf = row.leaf
        let survey = leaf.spec.source == .survey
        let final = item.finalPoints(source: leaf.spec.source)
        return Item(
            code: leaf.code,
            title: leaf.title,
            max: words.points(leaf.spec.max),
            applicable: item.applicable,
            selfPoints: survey ? "—" : shown(item.selfValue?.points, leaf, words),
            appraised: survey ? "—" : shown(item.appraised?.points, leaf, words),
            final: shown(final, leaf, words),
            state: survey ? words["export.grid.survey"] : words["review.state.\(item.state.rawValue)"],
            changed: !survey && item.applicable && final != nil && final != item.selfValue?.points
        )
    }

    /// The changes made to one criterion: the appraisal when it differs from the self points, and
    /// the settlement after the explanation when it differs from the appraisal.
    static func adjustments(_ row: AssessmentService.View.Row, record: CouncilRecord, words: PageWords) -> [Adjustment] {
        let item = row.item
        let leaf = row.leaf
        guard leaf.spec.source == .selfAssessed, item.applicable else { return [] }
        var out: [Adjustment] = []
        if let appraised = item.appraised, appraised.points != item.selfValue?.points {
            out.append(
                Adjustment(
                    code: leaf.code,
                    title: leaf.title,
                    stage: words["doc.record.appraisal"],
                    change: "\(shown(item.selfValue?.points, leaf, words)) → \(shown(appraised.points, leaf, words))",
                    reason: appraised.note ?? "",
                    by: record.name(appraised.stamp.by)
                )
            )
        }
        if let final = item.final, final.points != item.appraised?.points || final.disposition != nil {
            let disposition = final.disposition.map { words["public.disposition.\($0.rawValue)"] }
            let before = item.appraised?.points ?? item.selfValue?.points
            out.append(
                Adjustment(
                    code: leaf.code,
                    title: leaf.title,
                    stage: [words["doc.record.settlement"], disposition].compactMap { $0 }.joined(separator: " — "),
                    change: "\(shown(before, leaf, words)) → \(shown(final.points, leaf, words))",
                    reason: final.note ?? "",
                    by: record.name(final.stamp.by)
                )
            )
        }
        return out
    }
}

extension CouncilRecordPage {
    init(_ record: CouncilRecord, issuer: DocumentIssuer, now: Date, words: PageWords) {
        let view = record.view
        let cycle = view.cycle
        unitName = view.unit.name
        unitCode = view.unit.code
        reviewHref = CycleURL.review(cycle: cycle.code, unit: view.unit.code).path
        heading = DocumentHeading(
            issuer,
            date: now,
            name: words["doc.record.title"],
            subtitle: "\(words["doc.record.subtitle"]) — \(cycle.name)",
            language: words.language
        )
        facts = [
            Fact(label: words["doc.record.unit"], value: "\(view.unit.name) (\(view.unit.code))"),
            Fact(label: words["doc.record.block"], value: record.blockName),
            Fact(label: words["doc.record.cycle"], value: cycle.name),
            Fact(label: words["doc.record.phase"], value: words.phase(cycle.phase)),
            Fact(
                label: words["doc.record.submittedAt"],
                value: view.assessment?.submittedAt.map { Timestamp.vietnamese($0) } ?? words["doc.record.notSubmitted"]
            ),
        ]
        members = record.reviewers.map { Member(name: $0.name, username: $0.username) }
        hasMembers = !members.isEmpty

        let titles = Dictionary(view.framework.nodes.map { ($0.code, $0.title) }, uniquingKeysWith: { a, _ in a })
        var groups: [Group] = []
        var adjustments: [Adjustment] = []
        for row in view.rows {
            if groups.last?.code != row.leaf.fieldCode {
                groups.append(Group(code: row.leaf.fieldCode, title: titles[row.leaf.fieldCode] ?? "", items: []))
            }
            groups[groups.count - 1].items.append(Self.item(row, words: words))
            adjustments += Self.adjustments(row, record: record, words: words)
        }
        self.groups = groups
        self.adjustments = adjustments
        hasAdjustments = !adjustments.isEmpty

        let totals = view.totals
        rounds = [
            ("doc.record.round.self", totals.selfScore), ("doc.record.round.appraised", totals.appraised),
            ("doc.record.round.final", totals.final),
        ].map { key, score in
            Round(
                label: words[key],
                points: words.points(score.points),
                max: words.points(score.max),
                index: score.index.map { words.points($0.rounded) } ?? "—"
            )
        }

        let lead = record.reviewers.first?.name ?? ""
        signatures = [
            DocumentSignature(role: words["doc.record.unitSigner"], hint: words["doc.sealHint"]),
            DocumentSignature(role: words["doc.record.councilSigner"], hint: words["doc.signHint"], name: lead),
        ]
        memberSignatures = record.reviewers.dropFirst().map {
            DocumentSignature(role: words["doc.record.membersSign"], hint: words["doc.signHint"], name: $0.name)
        }
        hasMemberSignatures = !memberSignatures.isEmpty
    }
}
