import Foundation
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The work pages (the unit's grid, the council's page of a unit and the row it swaps in after a
/// save) are too large to write out by hand: they are built here by their controllers from a real
/// seeded cycle, open for writing, with a refusal shown, and rendered through the recording values:
/// every name read must resolve. The static check of every tag against the model's fields is not
/// run on them: it needs every optional part filled (threads, settlement forms, N/A…), which one
/// cycle's state does not show.
@Suite struct WorkPageKeysTests {
    static let templates = ["unit-assessment", "review-unit", "review-row"]

    /// `whole`: a page in the layout (the saved row is a fragment without it).
    func check(_ sample: PageSample, whole: Bool = true) {
        let rendered = StrictRendering.unresolved(sample, library: PageModelKeysTests.renderer.library)
        #expect(rendered.html.contains(whole ? "</html>" : "</article>"), "\(sample.label): the template did not render")
        #expect(rendered.names == [], "\(sample.label) (\(sample.template)): read but resolve nowhere")
    }

    @Test("the unit's grid, the council's page and its saved row read only names their models have")
    func workPages() async throws {
        let app = try await UnitPagesTests.filled()
        let a1 = UnitPagesTests.a1
        _ = try await app.attachPDF(criterion: "1.3", name: "Báo cáo.pdf", text: "A1", by: a1)
        let request = PageModelSamples.request
        let renderer = PageModelKeysTests.renderer

        let units = UnitPagesController(
            services: app.services,
            renderer: renderer,
            storage: app.storage,
            configuration: WebConfiguration(),
            pages: RenderedPages(budgetBytes: 0)
        )
        let draft = try await app.services.assessments.view(cycle: "2026", unit: "A1", by: a1)
        let failure = UnitPagesController.Failure(criterion: "1.1", form: .entry, message: "Lỗi mẫu", values: ["points": "9"])
        let (_, grid) = units.page(draft, caller: a1, failure: failure, request: request, csrf: "t", now: app.clock.now())
        check(PageSample("unit grid, open", grid))

        _ = try await app.services.assessments.submit(cycle: "2026", unit: "A1", by: a1)
        app.clock.advance(by: 11 * 86400)
        _ = try await app.services.admin.movePhase(cycle: "2026", to: .appraisal, by: .commandLine())
        let reviewer = Caller(username: "r1", role: .reviewer, unitCode: nil)
        let submitted = try await app.services.assessments.view(cycle: "2026", unit: "A1", by: reviewer)
        let (_, readOnly) = units.page(submitted, caller: reviewer, failure: nil, request: request, csrf: "t", now: app.clock.now())
        check(PageSample("unit grid, read by the council", readOnly))

        let review = ReviewPagesController(services: app.services, renderer: renderer)
        let reviewFailure = ReviewPagesController.Failure(
            criterion: "1.1",
            form: .appraisal,
            message: "Lỗi mẫu",
            field: "points",
            values: ["points": "9"]
        )
        let page = review.page(submitted, caller: reviewer, filter: .unreviewed, failure: reviewFailure, accepted: 2, request: request, csrf: "t")
        check(PageSample("council's page", page))
        let item = try #require(page.fields.first?.items.first)
        check(
            PageSample("council's saved row", ReviewRowFragment(item: item, bar: page.bar, hasFilter: true, filterValue: "unreviewed")),
            whole: false
        )
    }
}
