import Foundation
import ParIndexCore

/// A sentence shown beside a form: a refusal (`alert`) or a confirmation (`notice`).
struct FormMessage {
    var message: String
}

/// The admin area's links, read by the `admin-nav` partial (every admin page holds one).
struct AdminNav {
    let overview = SiteURL.admin.path
    let newCycle = SiteURL.newCycle().path
    let units = SiteURL.units().path
    let users = SiteURL.users().path
    let frameworks = SiteURL.frameworks.path
    let mail = SiteURL.adminMail.path
}

/// What every page of one cycle starts with, and its links (the `admin-cycle-nav` partial reads
/// it inside `{{#cycle}}`).
struct AdminCycleHeader {
    var code: String
    var name: String
    var year: Int
    var phaseName: String
    var frameworkCode: String
    var frameworkVersion: String
    var frameworkSha: String
    var overviewHref = SiteURL.admin.path
    var cycleHref: String
    var reviewersHref: String
    var surveyHref: String
    var publishHref: String
    var worklistHref: String
    var resultsHref: String
    var phaseAction: String

    init(_ cycle: Cycle, _ words: AdminWords) {
        code = cycle.code
        name = cycle.name
        year = cycle.year
        phaseName = words.phase(cycle.phase)
        frameworkCode = cycle.frameworkCode
        frameworkVersion = cycle.frameworkVersion
        frameworkSha = cycle.frameworkSHA256
        cycleHref = CycleURL.cycle(cycle.code).path
        reviewersHref = CycleURL.reviewers(cycle.code).path
        surveyHref = CycleURL.survey(cycle.code).path
        publishHref = CycleURL.publish(cycle.code).path
        worklistHref = CycleURL.worklist(cycle.code).path
        resultsHref = SiteURL.results(cycle.code).path
        phaseAction = CycleURL.movePhase(cycle.code).path
    }
}

/// One of a cycle's four deadlines; the current phase's is marked.
struct AdminDeadlineRow {
    var phase: String
    var at: String
    var atISO: String
    var current: Bool

    static func rows(_ cycle: Cycle, _ words: AdminWords) -> [AdminDeadlineRow] {
        let phases: [Phase] = [.selfAssessment, .appraisal, .explanation, .finalReview]
        return phases.compactMap { phase in
            cycle.deadlines.deadline(for: phase).map { date in
                AdminDeadlineRow(
                    phase: words.phase(phase),
                    at: Timestamp.vietnamese(date),
                    atISO: Timestamp.format(date),
                    current: cycle.phase == phase
                )
            }
        }
    }
}

/// An option of a `<select>`.
struct SelectOption {
    var value: String
    var label: String
    var selected: Bool
}
