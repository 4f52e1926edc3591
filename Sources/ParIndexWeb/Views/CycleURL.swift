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
    /// The council's worklist showing every item in one state, across the caller's units.
    case worklistState(cycle: String, state: ItemState)
    /// One criterion (a leaf) across every unit the caller may see.
    case reviewCriterion(cycle: String, criterion: String)
    /// Where a council note on one item posts.
    case councilNote(cycle: String, unit: String, criterion: String)
    case reviewItem(cycle: String, unit: String, criterion: String)
    case submitOnBehalf(cycle: String, unit: String)
    case extension_(cycle: String, unit: String)
    case reopen(cycle: String, unit: String)
    case review(cycle: String, unit: String)
    /// The council's page of a unit at one item.
    /// The council's page of a unit showing only the items `filter` names (`ReviewFilter`).
    case reviewFiltered(cycle: String, unit: String, filter: String)
    /// The council's list of the units of a cycle.
    /// The published results of a cycle.
    case results(String)
    case unitForm(cycle: String, unit: String)
    /// A unit's self-assessment at one item.
    case unitItem(cycle: String, unit: String, criterion: String)
    case unitSubmit(cycle: String, unit: String)
    case unitReceipt(cycle: String, unit: String)
    /// The table of units on the cycle's admin page.
    case cycleUnits(String)
    case unitWithdraw(cycle: String, unit: String)
    case evidenceReuse(cycle: String, unit: String, evidence: String)
    case unitReceiptJSON(cycle: String, unit: String)
    /// The unit's grid as an Excel workbook, in the officials' columns.
    case unitGridXLSX(cycle: String, unit: String)
    /// The council's record of one unit's appraisal, printable.
    case councilRecord(cycle: String, unit: String)
    /// The published results as an Excel workbook with Vietnamese headings.
    case resultsXLSX(String)
    /// Where one item's self-assessment form posts.
    case unitItemSave(cycle: String, unit: String, criterion: String)
    case unitEvidenceDelete(cycle: String, unit: String, id: String)
    /// A file of evidence shown in the browser (PDF, image) rather than downloaded.
    case unitEvidenceView(cycle: String, unit: String, id: String)
    /// Where one item's appraisal form posts.
    case reviewItemSave(cycle: String, unit: String, criterion: String)
    case reviewAccept(cycle: String, unit: String)
    /// The JSON API's download of an evidence file (always an attachment).
    case evidenceDownload(String)
    case unitAPI(cycle: String, unit: String)

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
        case .worklistState(let cycle, let state): "/review/\(cycle)?state=\(state.rawValue)#items"
        case .reviewCriterion(let cycle, let criterion): "/review/\(cycle)/criteria/\(criterion)"
        case .councilNote(let cycle, let unit, let criterion): "/review/\(cycle)/units/\(unit)/items/\(criterion)/notes"
        case .reviewItem(let cycle, let unit, let criterion): "/review/\(cycle)/units/\(unit)#item-\(criterion)"
        case .submitOnBehalf(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/submit"
        case .extension_(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/extension"
        case .reopen(let cycle, let unit): "/admin/cycles/\(cycle)/units/\(unit)/reopen"
        case .review(let cycle, let unit): "/review/\(cycle)/units/\(unit)"
        case .reviewFiltered(let cycle, let unit, let filter): "/review/\(cycle)/units/\(unit)?filter=\(filter)"
        case .results(let cycle): "/results/\(cycle)"
        case .unitForm(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)"
        case .unitItem(let cycle, let unit, let criterion): "/cycles/\(cycle)/units/\(unit)#item-\(criterion)"
        case .unitSubmit(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/submit"
        case .unitReceipt(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/receipt"
        case .cycleUnits(let cycle): "/admin/cycles/\(cycle)#units-h"
        case .unitWithdraw(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/withdraw"
        case .evidenceReuse(let cycle, let unit, let evidence): "/cycles/\(cycle)/units/\(unit)/evidence/\(evidence)/reuse"
        case .unitReceiptJSON(let cycle, let unit): "/api/v1/cycles/\(cycle)/units/\(unit)/receipt"
        case .unitGridXLSX(let cycle, let unit): "/cycles/\(cycle)/units/\(unit)/grid.xlsx"
        case .councilRecord(let cycle, let unit): "/review/\(cycle)/units/\(unit)/record"
        case .resultsXLSX(let cycle): "/results/\(cycle)/results.xlsx"
        case .unitItemSave(let cycle, let unit, let criterion): "/cycles/\(cycle)/units/\(unit)/items/\(criterion)"
        case .unitEvidenceDelete(let cycle, let unit, let id): "/cycles/\(cycle)/units/\(unit)/evidence/\(id)/delete"
        case .unitEvidenceView(let cycle, let unit, let id): "/cycles/\(cycle)/units/\(unit)/evidence/\(id)"
        case .reviewItemSave(let cycle, let unit, let criterion): "/review/\(cycle)/units/\(unit)/items/\(criterion)"
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

/// Where a notification leads, on this site.
public enum NotificationLinks {
    public static func path(_ target: NotificationTarget) -> String { url(target).path }

    static func url(_ target: NotificationTarget) -> CycleURL {
        switch target {
        case .assessment(let cycle, let unit, let criterion?): .unitItem(cycle: cycle, unit: unit, criterion: criterion)
        case .assessment(let cycle, let unit, nil): .unitForm(cycle: cycle, unit: unit)
        case .review(let cycle, let unit, let criterion?): .reviewItem(cycle: cycle, unit: unit, criterion: criterion)
        case .review(let cycle, let unit, nil): .review(cycle: cycle, unit: unit)
        case .worklist(let cycle): .worklist(cycle)
        case .cycle(let cycle): .cycle(cycle)
        case .results(let cycle): .results(cycle)
        }
    }
}
