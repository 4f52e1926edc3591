import HTTPTypes
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// Links are built by `SiteURL` and `CycleURL` only; every case must land on a registered route
/// with the method its page or form uses, so a link cannot point nowhere.
@Suite struct SiteURLTests {
    static let links: [(HTTPRequest.Method, String)] =
        [
            (.get, SiteURL.home.path), (.get, SiteURL.dashboard.path), (.get, SiteURL.login.path), (.post, SiteURL.login.path),
            (.post, SiteURL.logout.path), (.get, SiteURL.loginCode.path), (.post, SiteURL.loginCode.path),
            (.get, SiteURL.passwordReset().path), (.get, SiteURL.passwordReset(done: true).path), (.post, SiteURL.passwordReset().path),
            (.get, SiteURL.accountPassword().path), (.get, SiteURL.accountPassword(done: true).path), (.post, SiteURL.accountPassword().path),
            (.get, SiteURL.results("2026").path), (.get, SiteURL.scoreCard(cycle: "2026", unit: "A1").path),
            (.get, SiteURL.resultsData(cycle: "2026", .json).path), (.get, SiteURL.resultsData(cycle: "2026", .csv).path),
            (.get, SiteURL.resultsData(cycle: "2026", .xlsx).path),
            (.get, SiteURL.admin.path), (.get, SiteURL.newCycle().path), (.get, SiteURL.newCycle(framework: "fw|1").path),
            (.post, SiteURL.createCycle.path), (.get, SiteURL.units().path), (.get, SiteURL.units(edit: "A1").path),
            (.get, SiteURL.units(saved: "A1").path), (.get, SiteURL.units(imported: 3).path), (.get, SiteURL.unitForm.path),
            (.post, SiteURL.saveUnit.path), (.post, SiteURL.saveBlock.path), (.post, SiteURL.importUnits.path),
            (.get, SiteURL.users().path), (.get, SiteURL.users(filter: .init(text: "Tài chính", role: .unit), created: "u.x").path),
            (.post, SiteURL.createUser.path), (.get, SiteURL.frameworks.path), (.post, SiteURL.frameworks.path),
            (.get, SiteURL.frameworkImported(code: "fw", version: "1").path),
        ]
        + SiteURL.UserAction.allCases.map { (.post, SiteURL.userAction(username: "r1", $0).path) }
        + [
            (.get, CycleURL.cycle("2026").path), (.get, CycleURL.unitRow(cycle: "2026", unit: "A1").path),
            (.get, CycleURL.phase(cycle: "2026", to: .appraisal).path), (.get, CycleURL.movePhase("2026").path),
            (.post, CycleURL.movePhase("2026").path), (.get, CycleURL.publish("2026").path), (.post, CycleURL.publish("2026").path),
            (.get, CycleURL.reviewers("2026").path), (.get, CycleURL.reviewersSaved(cycle: "2026", username: "r1").path),
            (.post, CycleURL.assignReviewer(cycle: "2026", username: "r1").path), (.get, CycleURL.survey("2026").path),
            (.post, CycleURL.survey("2026").path), (.get, CycleURL.surveyImported(cycle: "2026", count: 2).path),
            (.get, CycleURL.worklist("2026").path), (.get, CycleURL.reviewItem(cycle: "2026", unit: "A1", criterion: "1.1").path),
            (.post, CycleURL.submitOnBehalf(cycle: "2026", unit: "A1").path), (.post, CycleURL.extension_(cycle: "2026", unit: "A1").path),
            (.post, CycleURL.reopen(cycle: "2026", unit: "A1").path), (.get, CycleURL.review(cycle: "2026", unit: "A1").path),
            (.get, CycleURL.unitForm(cycle: "2026", unit: "A1").path), (.get, CycleURL.unitReceipt(cycle: "2026", unit: "A1").path),
            (.post, CycleURL.unitWithdraw(cycle: "2026", unit: "A1").path),
            (.get, CycleURL.worklistState(cycle: "2026", state: .questionOpen).path),
            (.get, CycleURL.reviewCriterion(cycle: "2026", criterion: "1.1").path),
            (.post, CycleURL.councilNote(cycle: "2026", unit: "A1", criterion: "1.1").path),
        ]

    /// Whether a link's path (query and fragment aside) fits a route's `:parameter` pattern.
    static func fits(_ link: String, _ pattern: String) -> Bool {
        let path = link.prefix { $0 != "?" && $0 != "#" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let expected = pattern.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == expected.count else { return false }
        return zip(parts, expected).allSatisfy { part, wanted in wanted.hasPrefix(":") ? !part.isEmpty : part == wanted }
    }

    @Test("every link built by SiteURL and CycleURL lands on a route with its method")
    func everyLinkHasARoute() {
        for (method, link) in Self.links {
            #expect(AccessMatrixTests.specs.contains { $0.method == method && Self.fits(link, $0.path) }, "\(method) \(link)")
        }
    }

    @Test("query values are percent-encoded, Vietnamese letters included; a fixed order, absent values left out")
    func queries() {
        #expect(SiteURL.users(filter: .init(text: "Tài chính", role: .reviewer)).path == "/admin/users?q=T%C3%A0i%20ch%C3%ADnh&role=reviewer")
        #expect(SiteURL.users(created: "u.b3").path == "/admin/users?created=u.b3")
        #expect(SiteURL.newCycle(framework: "test-fw|1").path == "/admin/cycles/new?framework=test-fw%7C1")
        #expect(SiteURL.units(edit: "A1").path == "/admin/units?edit=A1#unit-form")
        #expect(SiteURL.frameworkImported(code: "a b", version: "1&2").path == "/admin/frameworks?code=a%20b&version=1%262")
        #expect(CycleURL.reviewersSaved(cycle: "2026", username: "r1").path == "/admin/cycles/2026/reviewers?saved=r1#rv-r1")
        #expect(!Self.fits("/admin/userz", "/admin/users"), "a misspelt link fits no route")
    }
}
