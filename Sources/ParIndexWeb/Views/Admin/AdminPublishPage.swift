import Foundation
import ParIndexCore

/// `/admin/cycles/:cycle/publish`: before publication, what is unfinished (grouped by unit, with
/// counts) and a preview of every block's ranking exactly as it will be published, then the
/// confirmation with the admin's password; afterwards, the publication's facts.
struct AdminPublishPage: PageModel {
    static let template = "admin-publish"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Done {
        var at: String
        var atISO: String
        var by: String
        var sha: String
        var head: String
    }

    /// One unfinished criterion of a unit, linked to its review.
    struct Item {
        var criterion: String
        var state: String
        var href: String
    }

    struct StateCount {
        var label: String
        var count: Int
    }

    /// One unit's unfinished criteria: counted by state, and listed (up to the page's limit).
    struct UnitGroup {
        var code: String
        var name: String
        var id: String
        var count: Int
        var states: [StateCount]
        var items: [Item]
        var hasMore: Bool
        var more: String
        var reviewHref: String
    }

    struct Preview {
        var provisional: Bool
        var blocks: [RankingBlock]
    }

    struct Pending {
        var wrongPhase: Bool
        var wrongPhaseText: String
        var unsettled: Bool
        var summary: String
        var leftBehind: LeftBehindView?
        var groups: [UnitGroup]
        var hasGroups: Bool
        var preview: Preview?
        var ready: Bool
        var question: String
    }

    var cycle: AdminCycleHeader
    var error: FormMessage?
    var publication: Done?
    var pending: Pending?
}

extension AdminPublishPage.UnitGroup {
    /// At most this many criteria are listed on the page in all (the counts cover every one): a
    /// national cycle can leave hundreds of thousands unfinished.
    static let listed = 500

    /// The unsettled criteria grouped by unit, in Vietnamese order of the units' names.
    static func groups(
        _ items: [(unit: String, criterion: String, state: String)],
        cycle: String,
        names: [String: String],
        words: AdminWords
    ) -> [Self] {
        var order: [String] = []
        var byUnit: [String: [(criterion: String, state: String)]] = [:]
        for item in items {
            if byUnit[item.unit] == nil { order.append(item.unit) }
            byUnit[item.unit, default: []].append((item.criterion, item.state))
        }
        order.sort { VietnameseText.precedes(names[$0] ?? $0, names[$1] ?? $1) }
        var budget = listed
        return order.map { unit in
            let entries = byUnit[unit] ?? []
            var counts: [String: Int] = [:]
            var states: [String] = []
            for entry in entries {
                if counts[entry.state] == nil { states.append(entry.state) }
                counts[entry.state, default: 0] += 1
            }
            let shown = entries.prefix(budget)
            budget -= shown.count
            let left = entries.count - shown.count
            return Self(
                code: unit,
                name: names[unit] ?? unit,
                id: "unsettled-\(unit)",
                count: entries.count,
                states: states.map { AdminPublishPage.StateCount(label: words["admin.publish.state_\($0)"], count: counts[$0] ?? 0) },
                items: shown.map { entry in
                    AdminPublishPage.Item(
                        criterion: entry.criterion,
                        state: words["admin.publish.state_\(entry.state)"],
                        href: CycleURL.reviewItem(cycle: cycle, unit: unit, criterion: entry.criterion).path
                    )
                },
                hasMore: left > 0,
                more: words.fill("admin.publish.more", ["count": String(left)]),
                reviewHref: CycleURL.review(cycle: cycle, unit: unit).path
            )
        }
    }
}
