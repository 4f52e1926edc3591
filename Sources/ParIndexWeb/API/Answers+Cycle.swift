import Foundation
import ParIndexCore

/// A cycle in lists: `{code, name, year, phase, framework}`.
struct CycleAnswer: Encodable {
    var code: String
    var name: String
    var year: Int
    var phase: String
    var framework: FrameworkReference

    /// The framework a cycle is pinned to, with the hash of its content.
    struct FrameworkReference: Encodable {
        var code: String
        var version: String
        var contentSha256: String
    }

    init(_ cycle: Cycle) {
        code = cycle.code
        name = cycle.name
        year = cycle.year
        phase = cycle.phase.rawValue
        framework = FrameworkReference(code: cycle.frameworkCode, version: cycle.frameworkVersion, contentSha256: cycle.frameworkSHA256)
    }
}

/// One cycle: the list's fields, its deadlines, the units the caller may see and the progress.
struct CycleDetailAnswer: Encodable {
    var code: String
    var name: String
    var year: Int
    var phase: String
    var framework: CycleAnswer.FrameworkReference
    var deadlines: DeadlinesAnswer
    var units: [UnitStatus]
    var progress: Progress

    struct DeadlinesAnswer: Encodable {
        var selfAssessment: Date
        var appraisal: Date
        var explanation: Date
        var finalReview: Date
    }

    struct UnitStatus: Encodable {
        var code: String
        var name: String
        var block: String
        var status: String
    }

    struct Progress: Encodable {
        var submitted: Int
        var unsettled: Int
    }

    init(_ detail: CycleService.Detail) {
        let summary = CycleAnswer(detail.cycle)
        code = summary.code
        name = summary.name
        year = summary.year
        phase = summary.phase
        framework = summary.framework
        let d = detail.cycle.deadlines
        deadlines = DeadlinesAnswer(selfAssessment: d.selfAssessment, appraisal: d.appraisal, explanation: d.explanation, finalReview: d.finalReview)
        units = detail.units.map { UnitStatus(code: $0.unit.code, name: $0.unit.name, block: $0.unit.blockCode, status: $0.status.rawValue) }
        progress = Progress(submitted: detail.submitted, unsettled: detail.unsettled)
    }
}

/// A reviewer's units in a cycle after an assignment.
struct ReviewerUnitsAnswer: Encodable {
    var username: String
    var units: [String]
}

/// An extension granted to a unit.
struct ExtensionAnswer: Encodable {
    var unit: String
    var until: Date?
    var reason: String?
}
