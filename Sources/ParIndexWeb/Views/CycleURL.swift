import Foundation
import ParIndexCore

/// The pages and forms of one cycle's workflow, built in one place: a misspelt link is a
/// compile error here rather than a dead link on a page.
enum CycleURL: Equatable {
    case cycle(String)
    case unitRow(cycle: String, unit: String)
    case phase(cycle: String, to: Phase)
    /// The phase form's target: `GET` asks for the confirmation, `POST` moves.
    case movePhase(String)
    case publish(String)
    case reviewers(String)
    case reviewersSaved(cycle: String, username: String)
    case assignReviewer(cycle: String, username: String)
    case survey(String)
    case surveyImported(cycle: String, count: Int)
    case worklist(String)
    case reviewItem(cycle: String, unit: String, criterion: String)
    case submitOnBehalf(cycle: String, unit: String)
    case extension_(cycle: String, unit: String)
    case reopen(cycle: String, unit: String)
    case review(cycle: String, unit: String)
    case unitForm(cycle: String, unit: String)
    case unitReceipt(cycle: String, unit: String)
    case unitWithdraw(cycle: String, unit: String)

    var path: String {
        switch self {
        case .cycle(let cycle): "/admin/cycles/\(cycle)"
        case .unitRow(let cycle, let unit): "/admin/cycles/\(cycle)#unit-\(unit)"
        case .phase(let cycle, let to): "/admin/cycles/\(cycle)/phase?to=\(to.rawValue)"
        case .movePhase(let cycle): "/admin/cycles/\(cycle)/phase"
        case .publish(let cycle): "/admin/cycles/\(cycle)/publish"
        case .reviewers(let cycle): "/admin/cycles/\(cycle)/reviewers"
        case .reviewersSaved(let cycle, let username):
            "/admin/cycles/\(cycle)/reviewers?saved=\(SiteURL.encoded(username))#rv-\(SiteURL.encoded(username))"
        case .assignReviewer(let cycle, let username): "/admin/cycles/\(cycle)/reviewers/\(SiteURL.segment(username))"
        case .survey(let cycle): "/admin/cycles/\(cycle)/survey"
        case .surveyImported(let cycle, let count): "/admin/cycles/\(cycle)/survey?imported=\(count)"
        case .worklist(let cycle): "/review/\(cycle)"
        case .reviewItem(let cycle, let unit, let criterion): "/review/\(cycle)/units/\(unit)#item-\(criterion)"
        case .submitOnBehalf(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/submit"
        case .extension_(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/extension"
        case .reopen(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/reopen"
        case .review(let cycle, let unit): "/review/\(cycle)/units/\(unit)"
        case .unitForm(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)"
        case .unitReceipt(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/receipt"
        case .unitWithdraw(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/withdraw"
        }
    }

    /// Where an admin's form about one unit returns to: the page it was sent from, named by the
    /// form's `back` field (`phase:<phase>` or `publish`), else the unit's row on the cycle page.
    /// Only these are accepted, so the field cannot send anyone elsewhere.
    static func back(_ field: String, cycle: String, unit: String) -> CycleURL {
        if field == "publish" { return .publish(cycle) }
        if field.hasPrefix("phase:"), let phase = Phase(rawValue: String(field.dropFirst("phase:".count))) {
            return .phase(cycle: cycle, to: phase)
        }
        return .unitRow(cycle: cycle, unit: unit)
    }
}
