import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// Builds the review page's model (`ReviewUnitPage`), its rows and its bar.
extension ReviewPagesController {
    /// Whether the caller may write on this unit's items now (the services still check).
    static func writable(_ view: AssessmentService.View, _ caller: Caller) -> Bool {
        caller.role == .reviewer && view.assessment?.status == .submitted && [.appraisal, .finalReview].contains(view.cycle.phase)
    }

    func render(
        _ view: AssessmentService.View,
        caller: Caller,
        filter: ReviewFilter?,
        failure: Failure?,
        accepted: Int? = nil,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let notes = try await services.councilNotes.notes(cycle: view.cycle.code, unit: view.unit.code, by: caller)
        let model = page(
            view,
            caller: caller,
            filter: filter,
            failure: failure,
            accepted: accepted,
            notes: notes,
            request: request,
            csrf: context.csrfToken ?? ""
        )
        let title = "\(PageWords(request)["review.unit.title"]): \(view.unit.name)"
        return renderer.page(model, title: title, context: context, request: request, status: status)
    }

    /// The council's page of one unit as its model; `csrf` goes in every form.
    func page(
        _ view: AssessmentService.View,
        caller: Caller,
        filter: ReviewFilter?,
        failure: Failure?,
        accepted: Int? = nil,
        notes: [CouncilNote]? = nil,
        request: Request,
        csrf: String
    ) -> ReviewUnitPage {
        let words = PageWords(request)
        let cycle = view.cycle
        let submitted = view.assessment?.status == .submitted
        let reviewer = caller.role == .reviewer
        let writable = Self.writable(view, caller)
        let base = CycleURL.review(cycle: cycle.code, unit: view.unit.code).path
        let deadline = cycle.deadlines.deadline(for: cycle.phase)

        var filters = [
            ReviewUnitPage.FilterLink(label: words["review.filter.all"], href: base, current: filter == nil, count: view.rows.count)
        ]
        for option in ReviewFilter.allCases {
            filters.append(
                .init(
                    label: words["review.filter.\(option.rawValue)"],
                    href: "\(base)?filter=\(option.rawValue)",
                    current: filter == option,
                    count: view.rows.filter { option.matches($0) }.count
                )
            )
        }

        // Items, grouped by field, in framework order.
        var fields: [ReviewUnitPage.Field] = []
        for field in view.framework.nodes {
            let rows = view.rows.filter { $0.leaf.fieldCode == field.code && (filter?.matches($0) ?? true) }
            guard !rows.isEmpty else { continue }
            fields.append(
                .init(
                    code: field.code,
                    title: field.title,
                    items: rows.map { item($0, view: view, writable: writable, failure: failure, notes: notes, csrf: csrf, words: words) }
                )
            )
        }
        return ReviewUnitPage(
            messages: .init(words),
            cycleCode: cycle.code,
            cycleName: cycle.name,
            phaseName: words["review.phase.\(cycle.phase.rawValue)"],
            deadline: deadline.map { Timestamp.vietnamese($0) },
            deadlineISO: deadline.map(Timestamp.format) ?? "",
            worklistHref: CycleURL.worklist(cycle.code).path,
            gridXLSXHref: CycleURL.unitGridXLSX(cycle: cycle.code, unit: view.unit.code).path,
            recordHref: caller.role == .observer ? nil : CycleURL.councilRecord(cycle: cycle.code, unit: view.unit.code).path,
            unitName: view.unit.name,
            unitCode: view.unit.code,
            submittedAt: view.assessment?.submittedAt.map { Timestamp.vietnamese($0) },
            notSubmitted: !submitted,
            readOnly: !reviewer,
            phaseReadOnly: reviewer && submitted && !writable,
            hasFilter: filter != nil,
            filterValue: filter?.rawValue ?? "",
            acceptedText: accepted.map { words["review.bulk.done"].replacingOccurrences(of: "{count}", with: String($0)) },
            bar: bar(view, writable: writable, words: words),
            filters: filters,
            toc: fields.map { field in
                let count = words["review.toc.count"].replacingOccurrences(of: "{count}", with: String(field.items.count))
                    .replacingOccurrences(of: "{waiting}", with: String(field.items.filter(\.waiting).count))
                return FieldLink(code: field.code, title: field.title, summary: count, href: "#field-\(field.code)")
            },
            fields: fields,
            noItems: fields.isEmpty,
            failure: failure.map { .init(code: $0.criterion, message: $0.message) }
        )
    }

    /// One row as the page's script swaps it in after a save, with the bar it changed.
    func fragment(
        _ view: AssessmentService.View,
        criterion: String,
        caller: Caller,
        filter: ReviewFilter?,
        failure: Failure?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let words = PageWords(request)
        let notes = try await services.councilNotes.notes(cycle: view.cycle.code, unit: view.unit.code, by: caller)
        guard let row = view.rows.first(where: { $0.leaf.code == criterion }) else { throw DomainError.notFound("tiêu chí \"\(criterion)\"") }
        let writable = Self.writable(view, caller)
        let model = ReviewRowFragment(
            item: item(row, view: view, writable: writable, failure: failure, notes: notes, csrf: context.csrfToken ?? "", words: words),
            bar: bar(view, writable: writable, words: words),
            hasFilter: filter != nil,
            filterValue: filter?.rawValue ?? ""
        )
        return renderer.page(model, title: "", context: context, request: request, status: status)
    }

    /// Self, appraised and (once there are any) final totals, each with how many applicable leaves
    /// already carry that value, so a partly appraised unit's index reads as partial.
    func bar(_ view: AssessmentService.View, writable: Bool, words: PageWords) -> ReviewBar {
        let applicable = view.rows.filter(\.item.applicable)
        func total(_ key: String, _ score: Score, _ has: (AssessmentService.View.Row) -> Bool) -> ReviewBar.Total {
            .init(
                label: words[key],
                points: words.points(score.points),
                max: words.points(score.max),
                index: score.index.map { words.points($0.rounded) } ?? "—",
                counted: "\(applicable.filter(has).count)/\(applicable.count)"
            )
        }
        var totals = [total("review.totals.self", view.totals.selfScore) { $0.item.selfValue?.points != nil }]
        if view.rows.contains(where: { $0.item.appraised != nil }) {
            totals.append(total("review.totals.appraised", view.totals.appraised) { $0.item.appraised != nil })
        }
        if view.rows.contains(where: { $0.item.final != nil }) {
            totals.append(total("review.totals.final", view.totals.final) { $0.item.finalPoints(source: $0.leaf.spec.source) != nil })
        }
        let acceptable = view.rows.filter { $0.leaf.spec.source == .selfAssessed && ReviewService.acceptable($0.item) }.count
        return ReviewBar(
            totals: totals,
            nextWaiting: view.rows.first { Self.waiting($0, phase: view.cycle.phase) }.map { "#item-\($0.leaf.code)" },
            bulk: writable
                ? .init(
                    action: CycleURL.reviewAccept(cycle: view.cycle.code, unit: view.unit.code).path,
                    allLabel: words["review.bulk.all"].replacingOccurrences(of: "{count}", with: String(acceptable)),
                    acceptable: acceptable > 0
                ) : nil
        )
    }

    /// An item the council still has to act on in this phase.
    static func waiting(_ row: AssessmentService.View.Row, phase: Phase) -> Bool {
        guard row.leaf.spec.source == .selfAssessed, row.item.applicable else { return false }
        switch row.item.state {
        case .unreviewed: return true
        case .questionOpen, .answered: return phase == .finalReview
        default: return false
        }
    }

    func item(
        _ row: AssessmentService.View.Row,
        view: AssessmentService.View,
        writable: Bool,
        failure: Failure?,
        notes: [CouncilNote]? = nil,
        csrf: String,
        words: PageWords
    ) -> ReviewItem {
        let cycle = view.cycle
        let leaf = row.leaf
        let item = row.item
        let code = leaf.code
        let survey = leaf.spec.source == .survey
        let failed = failure?.criterion == code ? failure : nil
        let action = CycleURL.reviewItemSave(cycle: cycle.code, unit: view.unit.code, criterion: code).path
        let selfValue = item.selfValue
        let reviewable = writable && !survey
        var model = ReviewItem(
            code: code,
            title: leaf.title,
            max: words.points(leaf.spec.max),
            stateName: words["review.state.\(item.state.rawValue)"],
            stateClass: item.state.rawValue.replacingOccurrences(of: "_", with: "-"),
            guidance: leaf.guidance,
            survey: survey,
            evidenceRequired: leaf.spec.evidence == .required,
            failed: failed != nil,
            draftVersion: item.version,
            waiting: Self.waiting(row, phase: cycle.phase),
            pickable: reviewable && ReviewService.acceptable(item),
            pickLabel: words["review.bulk.pick"].replacingOccurrences(of: "{code}", with: code),
            csrf: csrf,
            conflict: failed.flatMap { conflict(row, $0, words) },
            notApplicable: !item.applicable,
            naReason: item.notApplicableReason ?? "",
            selfPoints: selfValue?.points.map { "\(words.points($0)) / \(words.points(leaf.spec.max))" },
            selfInputs: selfValue?.entry.flatMap { entry in
                if case .points = entry { return nil }
                return words.describe(entry, rule: leaf.spec.rule)
            },
            selfNote: selfValue?.note,
            noSelf: !survey && item.applicable && selfValue?.points == nil,
            evidence: row.evidence.map { EvidenceLine($0, cycle: cycle.code, unit: view.unit.code, canDelete: false, words) },
            evidenceCount: row.evidence.count,
            thread: row.thread.map { message in
                .init(
                    isQuestion: message.kind == .question,
                    kindName: words[message.kind == .question ? "review.item.question" : "review.item.answer"],
                    body: message.body,
                    by: message.stamp.by,
                    at: Timestamp.vietnamese(message.stamp.at),
                    atISO: Timestamp.format(message.stamp.at)
                )
            },
            hasThread: !row.thread.isEmpty,
            appraised: item.appraised.map { appraised in
                .init(
                    points: words.points(appraised.points),
                    inputs: {
                        if case .points = appraised.entry { return nil } else { return words.describe(appraised.entry, rule: leaf.spec.rule) }
                    }(),
                    note: appraised.note,
                    by: appraised.stamp.by,
                    at: Timestamp.vietnamese(appraised.stamp.at)
                )
            },
            notAppraised: !survey && item.appraised == nil,
            final: item.final.map { final in
                .init(
                    points: words.points(final.points),
                    disposition: final.disposition.map { words["review.disposition.\($0.rawValue)"] },
                    note: final.note,
                    by: final.stamp.by,
                    at: Timestamp.vietnamese(final.stamp.at)
                )
            },
            surveyMissing: survey && item.final == nil
        )

        model.criterionHref = CycleURL.reviewCriterion(cycle: cycle.code, criterion: code).path
        model.councilNotes = notes.map { notes in
            Self.councilNotes(notes.filter { $0.criterion == code }, cycle: cycle.code, unit: view.unit.code, code: code, back: .review, csrf: csrf)
        }

        // Forms, only where the service would accept them now.
        if reviewable && item.applicable && [.unreviewed, .agreed, .adjusted].contains(item.state) {
            model.appraisalForm = appraisalForm(row, action: action + "/appraisal", failure: failed?.form == .appraisal ? failed : nil, words)
        }
        if reviewable && cycle.phase == .appraisal && item.state != .settled {
            let asked = failed?.form == .question ? failed : nil
            model.questionForm = ReviewItem.QuestionForm(
                action: action + "/questions",
                messageId: "q-\(code)",
                messageValue: asked?.values["message"] ?? "",
                questionError: asked?.message,
                open: asked != nil
            )
        }
        if reviewable && cycle.phase == .finalReview && [.questionOpen, .answered].contains(item.state) {
            model.settleForm = settleForm(row, action: action + "/settle", failure: failed?.form == .settle ? failed : nil, words)
        }
        return model
    }

    /// After a save that met a newer version: that version beside what was typed.
    func conflict(_ row: AssessmentService.View.Row, _ failed: Failure, _ words: PageWords) -> ReviewConflictView? {
        guard failed.conflict, failed.form != .question else { return nil }
        let item = row.item
        let rule = row.leaf.spec.rule
        let saved: (entry: String, note: String?, stamp: Stamp)?
        if failed.form == .settle {
            saved = item.final.map { (words.points($0.points), $0.note, $0.stamp) }
        } else {
            saved = item.appraised.map { appraised in
                let entry: String
                if case .points(let p) = appraised.entry {
                    entry = words.points(p)
                } else {
                    entry = words.describe(appraised.entry, rule: rule)
                }
                return (entry, appraised.note, appraised.stamp)
            }
        }
        return ReviewConflictView(
            saved: saved,
            stateName: words["review.state.\(item.state.rawValue)"],
            typed: failed.values,
            typedEntry: failed.form == .settle
                ? (failed.values["points"].flatMap { $0.isEmpty ? nil : $0 } ?? "—")
                : ReviewConflictView.typedEntry(failed.values, rule: rule, words: words),
            words: words
        )
    }

    func appraisalForm(_ row: AssessmentService.View.Row, action: String, failure: Failure?, _ words: PageWords) -> ReviewItem.AppraisalForm {
        let leaf = row.leaf
        let code = leaf.code
        let item = row.item
        // Start from the saved appraisal, else from what the unit entered: agreeing is one click.
        let typed = failure?.values
        var form = ReviewItem.AppraisalForm(
            action: action,
            version: item.version,
            pointsId: "ap-\(code)-points",
            pointsHint: "",
            choiceId: "ap-\(code)-choice",
            numeratorId: "ap-\(code)-numerator",
            denominatorId: "ap-\(code)-denominator",
            noteId: "ap-\(code)-note",
            noteValue: typed?["note"] ?? item.appraised?.note ?? "",
            noteHint: words["review.form.noteHint"].replacingOccurrences(of: "{self}", with: item.selfValue?.points.map(words.points) ?? "—"),
            appraisalError: failure?.message,
            reappraise: item.appraised != nil,
            focusMain: failure != nil && failure?.field != "note",
            focusNote: failure?.field == "note"
        )
        let inputs = EntryInputs(leaf.spec.rule, entry: item.appraised?.entry ?? item.selfValue?.entry, typed: typed, words)
        if let (value, step) = inputs.points {
            form.pointsValue = value
            form.pointsHint = words["review.form.pointsHint"].replacingOccurrences(of: "{max}", with: words.points(leaf.spec.max))
                .replacingOccurrences(of: "{step}", with: words.points(step))
        }
        form.choice = inputs.options.map { .init(options: $0) }
        form.ratio = inputs.ratio
        return form
    }

    func settleForm(_ row: AssessmentService.View.Row, action: String, failure: Failure?, _ words: PageWords) -> ReviewItem.SettleForm {
        let code = row.leaf.code
        let chosen = failure?.values["disposition"]
        return .init(
            action: action,
            pointsId: "st-\(code)-points",
            noteId: "st-\(code)-note",
            pointsValue: failure?.values["points"] ?? "",
            noteValue: failure?.values["note"] ?? "",
            dispositions: Disposition.allCases.map { disposition in
                .init(
                    id: "st-\(code)-\(disposition.rawValue)",
                    value: disposition.rawValue,
                    label: words["review.disposition.\(disposition.rawValue)"],
                    checked: chosen == disposition.rawValue
                )
            },
            settleError: failure?.message,
            focusMain: failure != nil && failure?.field != "note",
            focusNote: failure?.field == "note"
        )
    }
}
