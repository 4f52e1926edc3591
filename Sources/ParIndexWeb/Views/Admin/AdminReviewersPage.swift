/// `/admin/cycles/:cycle/reviewers`: each reviewer's units, ticked by block; a unit the reviewer
/// works in is disabled with the reason (conflict of interest, SECURITY.md RV-1).
struct AdminReviewersPage: PageModel {
    static let template = "admin-reviewers"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Box {
        var id: String
        var code: String
        var name: String
        var checked: Bool
        var conflict: Bool
        var reason: String
    }

    struct Group {
        var name: String
        var units: [Box]
    }

    struct Reviewer {
        var username: String
        var name: String
        var id: String
        var action: String
        var hasUnit: Bool
        var belongsTo: String
        var current: String
        var open: Bool
        var blocks: [Group]
        var error: FormMessage?
    }

    struct Failure {
        var username: String
        var message: String
    }

    var cycle: AdminCycleHeader
    var usersHref = SiteURL.users().path
    var notice: FormMessage?
    var failure: Failure?
    var closed: Bool
    var reviewers: [Reviewer]
    var hasReviewers: Bool
}
