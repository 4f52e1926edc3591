import ParIndexCore

/// `/results/:cycle/units/:code`: a unit's published score card. Points and reasons only, never
/// who appraised or settled (SECURITY.md RV-2).
struct ScoreCardPage: PageModel {
    static let template = "public-scorecard"
    static let styles = ["public"]

    struct Field {
        var code: String
        var title: String
        var points: String
        var max: String
        var showMax: Bool
        var index: String
        var hasIndex: Bool
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

    var backHref: String
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
    var snapshotSha256: String
    var framework: ResultsPage.FrameworkHash
}
