/// `/admin/frameworks`: the stored frameworks, and validating or importing one (every issue with
/// its node path).
struct AdminFrameworksPage: PageModel {
    static let template = "admin-frameworks"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Summary {
        var code: String
        var version: String
        var title: String
        var leaves: Int
        var maxPoints: String
        var sha: String
    }

    struct Row {
        var code: String
        var version: String
        var sha: String
        var newCycleHref: String
    }

    struct Issue {
        var path: String
        var code: String
        var hasCode: Bool
        var message: String
    }

    struct Report {
        var error: FormMessage?
        var issues: [Issue]
        var hasIssues: Bool
        var count: String
        var valid: Summary?
    }

    let nav = AdminNav()
    var imported: Summary?
    var frameworks: [Row]
    var hasFrameworks: Bool
    var report: Report?
    var action = SiteURL.frameworks.path
    var document: String
}

/// `/admin/cycles/:cycle/survey`: the framework's survey leaves and the CSV import of their points.
struct AdminSurveyPage: PageModel {
    static let template = "admin-survey"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Leaf {
        var code: String
        var title: String
        var max: String
    }

    var cycle: AdminCycleHeader
    var notice: FormMessage?
    var closed: Bool
    var leaves: [Leaf]
    var hasLeaves: Bool
    var csv: String
    var error: AdminImportError?
}
