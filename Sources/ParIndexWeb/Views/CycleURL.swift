import Foundation
import ParIndexCore

/// The pages and forms of one cycle's workflow, built in one place: a misspelt link is a
/// compile error here rather than a dead link on a page.
enum CycleURL: Equatable {
    case cycle(String)
    case unitRow(cycle: String, unit: String)
    case phase(cycle: String, to: Phase)
    case publish(String)
    case reviewers(String)
    case survey(String)
    case submitOnBehalf(cycle: String, unit: String)
    case extension_(cycle: String, unit: String)
    case reopen(cycle: String, unit: String)
    case review(cycle: String, unit: String)
    case unitForm(cycle: String, unit: String)
    case unitReceipt(cycle: String, unit: String)
    case unitWithdraw(cycle: String, unit: String)
    case unitSubmit(cycle: String, unit: String)
    case unitItem(cycle: String, unit: String, criterion: String)
    case unitEvidenceDelete(cycle: String, unit: String, id: String)
    /// A file of evidence shown in the browser (PDF, image) rather than downloaded.
    case unitEvidenceView(cycle: String, unit: String, id: String)
    case reviewWorklist(String)
    case reviewItem(cycle: String, unit: String, criterion: String)
    case reviewAccept(cycle: String, unit: String)
    /// The JSON API's download of an evidence file (always an attachment).
    case evidenceDownload(String)
    case unitAPI(cycle: String, unit: String)

    var path: String {
        switch self {
        case .cycle(let cycle): "/admin/cycles/\(cycle)"
        case .unitRow(let cycle, let unit): "/admin/cycles/\(cycle)#unit-\(unit)"
        case .phase(let cycle, let to): "/admin/cycles/\(cycle)/phase?to=\(to.rawValue)"
        case .publish(let cycle): "/admin/cycles/\(cycle)/publish"
        case .reviewers(let cycle): "/admin/cycles/\(cycle)/reviewers"
        case .survey(let cycle): "/admin/cycles/\(cycle)/survey"
        case .submitOnBehalf(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/submit"
        case .extension_(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/extension"
        case .reopen(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/reopen"
        case .review(let cycle, let unit): "/review/\(cycle)/units/\(unit)"
        case .unitForm(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)"
        case .unitReceipt(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/receipt"
        case .unitWithdraw(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/withdraw"
        case .unitSubmit(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/submit"
        case .unitItem(let cycle, let unit, let criterion): "/cycles/\(cycle)/units/\(unit)/items/\(criterion)"
        case .unitEvidenceDelete(let cycle, let unit, let id): "/cycles/\(cycle)/units/\(unit)/evidence/\(id)/delete"
        case .unitEvidenceView(let cycle, let unit, let id): "/cycles/\(cycle)/units/\(unit)/evidence/\(id)"
        case .reviewWorklist(let cycle): "/review/\(cycle)"
        case .reviewItem(let cycle, let unit, let criterion): "/review/\(cycle)/units/\(unit)/items/\(criterion)"
        case .reviewAccept(let cycle, let unit): "/review/\(cycle)/units/\(unit)/accept"
        case .evidenceDownload(let id): "/api/v1/evidence/\(id)"
        case .unitAPI(let cycle, let unit): "/api/v1/cycles/\(cycle)/units/\(unit)"
        }
    }

    /// This page at one criterion's row: `…#item-<criterion>`.
    func item(_ criterion: String) -> String { "\(path)#item-\(criterion)" }

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
