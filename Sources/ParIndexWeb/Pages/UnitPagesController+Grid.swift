import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// Builds the self-assessment grid's page model (`UnitGridPage`).
extension UnitPagesController {
    func render(
        _ view: AssessmentService.View,
        caller: Caller,
        failure: Failure?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let (title, model) = page(
            view,
            caller: caller,
            failure: failure,
            request: request,
            csrf: context.csrfToken ?? "",
            now: services.clock.now()
        )
        return renderer.page(model, title: title, context: context, request: request, status: status)
    }

    /// The grid's title and model; `csrf` goes in every form (the token, or the kept page's marker).
    /// `now` decides which forms are open.
    func page(
        _ view: AssessmentService.View,
        caller: Caller,
        failure: Failure?,
        request: Request,
        csrf: String,
        now: Date
    ) -> (String, UnitGridPage) {
        let words = PageWords(request)
        let cycle = view.cycle
        let can = Permissions(view, caller: caller, now: now)

        // The grid, one collapsible section per field, in framework order.
        let calculator = IndexCalculator(framework: view.framework)
        let fieldScores = calculator.fieldScores(
            view.rows.map { LeafResult(code: $0.leaf.code, applicable: $0.item.applicable, points: $0.item.selfValue?.points) }
        )
        var fields: [UnitGridPage.Field] = []
        for (field, score) in fieldScores {
            let rows = view.rows.filter { $0.leaf.fieldCode == field.code }
            guard !rows.isEmpty else { continue }
            let summary = words["unit.field.summary"].replacingOccurrences(of: "{points}", with: words.points(score.rawPoints))
                .replacingOccurrences(of: "{max}", with: words.points(score.max))
            fields.append(
                UnitGridPage.Field(
                    code: field.code,
                    title: field.title,
                    summary: summary,
                    items: rows.map { row(view, $0, can: can, failure: failure, caller: caller, csrf: csrf, words: words) }
                )
            )
        }
        // Only the questions still waiting for the unit's answer: an answered one waits for the council.
        let open = view.rows.filter { $0.item.state == .questionOpen }.count
        let explanation =
            open > 0 && cycle.phase >= .explanation && can.isUnit
            ? words["unit.page.explanation"].replacingOccurrences(of: "{count}", with: String(open)) : nil
        let model = UnitGridPage(
            heading: UnitHeading(view, words),
            base: CycleURL.unitForm(cycle: cycle.code, unit: view.unit.code).path,
            apiBase: CycleURL.unitAPI(cycle: cycle.code, unit: view.unit.code).path,
            messages: .init(words),
            readOnly: !can.isUnit,
            selfOpen: can.selfOpen,
            showClosed: can.isUnit && !can.submitted && cycle.phase != .selfAssessment && !can.selfOpen,
            showOverdue: can.isUnit && !can.submitted && cycle.phase == .selfAssessment && can.overdue,
            closedText: words["unit.page.closed"].replacingOccurrences(of: "{phase}", with: words.phase(cycle.phase)),
            capAt100: view.framework.capAt100,
            totals: Totals(view, words),
            explanationText: explanation,
            toc: fields.map { FieldLink(code: $0.code, title: $0.title, summary: $0.summary, href: "#field-\($0.code)") },
            nextMissing: fields.lazy.flatMap(\.items).first(where: \.missing).map { "#item-\($0.code)" },
            fields: fields,
            failure: failure.map { .init(code: $0.criterion, message: $0.message) }
        )
        return ("\(words["unit.page.title"]): \(view.unit.name)", model)
    }

    /// The cycle and unit heading of the submission and receipt pages.
    func header(_ view: AssessmentService.View, _ words: PageWords) -> [String: Any] {
        let heading = UnitHeading(view, words)
        var model: [String: Any] = [
            "cycleCode": heading.cycleCode, "cycleName": heading.cycleName, "unitCode": heading.unitCode, "unitName": heading.unitName,
            "phaseName": heading.phaseName, "hasDeadline": heading.hasDeadline, "deadline": heading.deadline,
            "deadlineISO": heading.deadlineISO, "formHref": heading.formHref, "submitHref": heading.submitHref,
            "receiptHref": heading.receiptHref, "receiptJSON": heading.receiptJSON,
        ]
        if let until = heading.extensionUntil {
            model["hasExtension"] = true
            model["extension"] = until
        }
        if let text = heading.submittedText {
            model["submitted"] = true
            model["submittedText"] = text
        }
        return model
    }

    func row(
        _ view: AssessmentService.View,
        _ row: AssessmentService.View.Row,
        can: Permissions,
        failure: Failure?,
        caller: Caller,
        csrf: String,
        words: PageWords
    ) -> UnitGridPage.Row {
        let leaf = row.leaf
        let item = row.item
        let code = leaf.code
        let cycle = view.cycle.code
        let unit = view.unit.code
        let survey = leaf.spec.source == .survey
        let failed = failure?.criterion == code ? failure : nil
        let typed = failed?.form == .entry ? failed?.values : nil
        let action = CycleURL.unitItemSave(cycle: cycle, unit: unit, criterion: code).path
        let editable = can.selfOpen && !survey

        // State: while drafting, whether it is entered; after submission, where the council is.
        let stateName: String
        if survey {
            stateName = words["unit.draft.survey"]
        } else if can.submitted || view.cycle.phase > .selfAssessment {
            stateName = words["unit.state.\(item.state.rawValue)"]
        } else if !item.applicable {
            stateName = words["unit.draft.na"]
        } else {
            stateName = words[item.selfValue?.points != nil ? "unit.draft.entered" : "unit.draft.empty"]
        }

        let entry = item.selfValue?.entry
        let evidenceNeed = EvidenceNeed(row, words)
        let questioned = item.state == .questionOpen || item.state == .answered
        let canAttach = !survey && (can.selfOpen || (can.explainOpen && questioned))
        let evidenceFailed = failed?.form == .evidence || failed?.form == .reference
        var model = UnitGridPage.Row(
            code: code,
            title: leaf.title,
            guidance: leaf.guidance,
            max: words.points(leaf.spec.max),
            maxHundredths: leaf.spec.max.hundredths,
            kind: leaf.spec.rule.kind,
            ruleJSON: Self.ruleJSON(leaf.spec),
            counts: leaf.spec.rule.countsTowardMax,
            version: item.version,
            selfPointsHundredths: item.selfValue?.points.map { String($0.hundredths) } ?? "",
            notApplicable: !item.applicable,
            survey: survey,
            editable: editable,
            readOnlyEntry: !editable && !survey,
            failed: failed != nil,
            missing: !survey && item.applicable && (item.selfValue?.points == nil || EvidenceNeed.lacking(row)),
            method: Self.method(leaf, words),
            stateName: stateName,
            stateClass: item.state.rawValue.replacingOccurrences(of: "_", with: "-"),
            selfPoints: item.selfValue?.points.map(words.points) ?? (item.applicable ? "—" : words["unit.draft.na"]),
            csrf: csrf,
            evidenceNeed: evidenceNeed,
            evidenceNotNeeded: leaf.spec.evidence == .none,
            evidence: row.evidence.map { EvidenceLine($0, cycle: cycle, unit: unit, canDelete: can.selfOpen, words) },
            evidenceCount: row.evidence.count,
            evidenceSummary: words["unit.evidence.summary"],
            evidenceListLabel: words["unit.evidence.list"].replacingOccurrences(of: "{code}", with: code),
            // A row in question shows its evidence: the unit answers with it, the council weighs it.
            evidenceOpen: evidenceFailed || (questioned && canAttach)
        )
        if editable {
            model.form = entryForm(leaf, item, action: action, typed: typed, error: failed?.form == .entry ? failed?.message : nil, words)
        } else if !survey {
            model.entryText = entry.map { words.describe($0, rule: leaf.spec.rule) }
            model.naReasonText = item.applicable ? nil : (item.notApplicableReason ?? "")
            model.noteText = item.selfValue?.note
        }

        // The council's values, once there are any (who decided stays hidden from units).
        if item.appraised != nil || item.final != nil {
            model.council = .init(
                appraised: item.appraised.map { words.points($0.points) },
                councilNote: item.appraised?.note,
                final: item.final.map { words.points($0.points) }
            )
        }

        if canAttach {
            model.upload = .init(
                action: "\(action)/evidence",
                fileHint: words["unit.evidence.fileHint"].replacingOccurrences(of: "{max}", with: words.bytes(maxFileBytes)),
                error: failed?.form == .evidence ? failed?.message : nil
            )
        }
        if can.selfOpen && !survey {
            let values = failed?.form == .reference ? failed!.values : [:]
            model.reference = .init(
                action: "\(action)/references",
                title: values["title"] ?? "",
                number: values["documentNumber"] ?? "",
                issuedOn: values["issuedOn"] ?? "",
                url: values["url"] ?? "",
                open: failed?.form == .reference,
                error: failed?.form == .reference ? failed?.message : nil
            )
        }

        // Explanation: the thread and the answer form.
        let hideReviewers = caller.role == .unit
        var answer: UnitGridPage.Answer? = nil
        if can.explainOpen && questioned && !survey {
            answer = .init(
                action: "\(action)/answers",
                label: words["unit.answer.label"].replacingOccurrences(of: "{code}", with: code),
                value: failed?.form == .answer ? failed!.values["message"] ?? "" : "",
                error: failed?.form == .answer ? failed?.message : nil
            )
        }
        if !row.thread.isEmpty || answer != nil {
            model.explanation = .init(
                thread: row.thread.map { message in
                    let isQuestion = message.kind == .question
                    return .init(
                        isQuestion: isQuestion,
                        kindName: words[isQuestion ? "unit.thread.question" : "unit.thread.answer"],
                        body: message.body,
                        by: isQuestion && hideReviewers ? nil : message.stamp.by,
                        at: Timestamp.vietnamese(message.stamp.at),
                        atISO: Timestamp.format(message.stamp.at)
                    )
                },
                hasThread: !row.thread.isEmpty,
                answer: answer,
                canSupplement: answer != nil && canAttach
            )
        }
        return model
    }

    /// The inputs by rule kind, starting from what was typed (after an error) or what was saved.
    func entryForm(
        _ leaf: Leaf,
        _ item: Item,
        action: String,
        typed: [String: String]?,
        error: String?,
        _ words: PageWords
    ) -> UnitGridPage.EntryForm {
        let code = leaf.code
        var form = UnitGridPage.EntryForm(
            id: "entry-\(code)",
            action: action,
            saveLabel: words["unit.item.saveLabel"].replacingOccurrences(of: "{code}", with: code),
            note: typed?["note"] ?? item.selfValue?.note ?? "",
            noteLabel: words["unit.item.noteLabel"].replacingOccurrences(of: "{code}", with: code),
            entryError: error
        )
        let inputs = EntryInputs(leaf.spec.rule, entry: item.selfValue?.entry, typed: typed, words)
        if let (value, step) = inputs.points {
            form.points = .init(
                value: value,
                label: words["unit.item.points"].replacingOccurrences(of: "{code}", with: code),
                hint: words["unit.item.pointsHint"].replacingOccurrences(of: "{max}", with: words.points(leaf.spec.max))
                    .replacingOccurrences(of: "{step}", with: words.points(step))
            )
        }
        if let options = inputs.options {
            form.choice = .init(label: words["unit.item.choice"].replacingOccurrences(of: "{code}", with: code), options: options)
        }
        form.ratio = inputs.ratio
        if leaf.spec.applicability == .mayBeNA {
            form.na = .init(checked: typed.map { $0["na"] != nil } ?? !item.applicable, reason: typed?["naReason"] ?? item.notApplicableReason ?? "")
        }
        return form
    }
}
