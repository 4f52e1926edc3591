import ParIndexCore

/// Domain values in the API's JSON shapes (API.md). One place, so every route answers alike.
enum Present {
    static func block(_ b: Block) -> DocumentValue { .object([("code", .string(b.code)), ("name", .string(b.name))]) }

    static func unit(_ u: Unit) -> DocumentValue {
        .object([("code", .string(u.code)), ("name", .string(u.name)), ("block", .string(u.blockCode))])
    }

    static func user(_ u: User) -> DocumentValue {
        .object([
            ("username", .string(u.username)), ("name", .string(u.name)), ("role", .string(u.role.rawValue)),
            ("unit", .optional(u.unitCode)), ("disabled", .bool(u.disabled)),
        ])
    }

    static func frameworkRef(_ c: Cycle) -> DocumentValue {
        .object([("code", .string(c.frameworkCode)), ("version", .string(c.frameworkVersion)), ("contentSha256", .string(c.frameworkSHA256))])
    }

    static func cycleSummary(_ c: Cycle) -> DocumentValue {
        .object([
            ("code", .string(c.code)), ("name", .string(c.name)), ("year", .int(c.year)), ("phase", .string(c.phase.rawValue)),
            ("framework", frameworkRef(c)),
        ])
    }

    static func cycleDetail(_ d: CycleService.Detail) -> DocumentValue {
        guard case .object(var pairs) = cycleSummary(d.cycle) else { return .null }
        pairs.append(("deadlines", d.cycle.deadlines.document))
        pairs.append(
            (
                "units",
                .array(
                    d.units.map { u in
                        .object([
                            ("code", .string(u.unit.code)), ("name", .string(u.unit.name)), ("block", .string(u.unit.blockCode)),
                            ("status", .string(u.status.rawValue)),
                        ])
                    }
                )
            )
        )
        pairs.append(("progress", .object([("submitted", .int(d.submitted)), ("unsettled", .int(d.unsettled))])))
        return .object(pairs)
    }

    static func stamp(_ s: Stamp, hideFrom caller: Caller?) -> [(String, DocumentValue)] {
        [("by", hidesReviewers(caller) ? .null : .string(s.by)), ("at", .date(s.at))]
    }

    /// Reviewer identities are hidden from units (SECURITY.md RV): a unit sees what was decided and
    /// why, not which council member decided it.
    static func hidesReviewers(_ caller: Caller?) -> Bool { caller?.role == .unit }

    static func entryFields(_ entry: Entry?) -> [(String, DocumentValue)] {
        switch entry {
        case .choice(let c)?: [("choice", .int(c))]
        case .ratio(let n, let d)?: [("inputs", .object([("numerator", .int(n)), ("denominator", .int(d))]))]
        default: []
        }
    }

    static func item(_ row: AssessmentService.View.Row, caller: Caller?) -> DocumentValue {
        let item = row.item
        var selfDocument: DocumentValue = .null
        if let s = item.selfValue {
            selfDocument = .object(
                [("points", s.points.map { .points($0) } ?? .null)] + entryFields(s.entry) + [("note", .optional(s.note))]
                    + [("by", .string(s.stamp.by)), ("at", .date(s.stamp.at))]
            )
        }
        var appraisal: DocumentValue = .null
        if let a = item.appraised {
            appraisal = .object(
                [("points", .points(a.points))] + entryFields(a.entry) + [("note", .optional(a.note))] + stamp(a.stamp, hideFrom: caller)
            )
        }
        var final: DocumentValue = .null
        if let f = item.final {
            final = .object(
                [("points", .points(f.points)), ("note", .optional(f.note)), ("disposition", .optional(f.disposition?.rawValue))]
                    + stamp(f.stamp, hideFrom: caller)
            )
        }
        return .object([
            ("criterion", .string(row.leaf.code)), ("title", .string(row.leaf.title)), ("field", .string(row.leaf.fieldCode)),
            ("kind", .string(row.leaf.spec.rule.kind)), ("max", .points(row.leaf.spec.max)), ("applicable", .bool(item.applicable)),
            ("naReason", .optional(item.notApplicableReason)), ("self", selfDocument), ("appraisal", appraisal), ("final", final),
            ("state", .string(item.state.rawValue)), ("version", .int(item.version)),
            ("evidence", .array(row.evidence.map(evidence))),
            ("thread", .array(row.thread.map { message($0, caller: caller) })),
        ])
    }

    static func evidence(_ e: Evidence) -> DocumentValue {
        .fields([
            "id": .string(e.id), "kind": .string(e.kind.rawValue), "filename": e.filename.map { .string($0) },
            "size": e.size.map { .number(String($0)) }, "sha256": e.sha256.map { .string($0) }, "contentType": e.contentType.map { .string($0) },
            "title": e.title.map { .string($0) }, "documentNumber": e.documentNumber.map { .string($0) }, "issuedOn": e.issuedOn.map { .string($0) },
            "url": e.url.map { .string($0) }, "uploadedBy": .string(e.uploaded.by), "uploadedAt": .date(e.uploaded.at),
            "supplementary": .bool(e.supplementary),
        ])
    }

    static func message(_ m: ThreadMessage, caller: Caller?) -> DocumentValue {
        let hide = m.kind == .question && hidesReviewers(caller)
        return .object([
            ("id", .number(String(m.id ?? 0))), ("kind", .string(m.kind.rawValue)), ("message", .string(m.body)),
            ("by", hide ? .null : .string(m.stamp.by)), ("at", .date(m.stamp.at)),
        ])
    }

    static func score(_ s: Score) -> DocumentValue { .points(s.points) }

    static func receipt(_ a: Assessment) -> DocumentValue {
        guard let sha = a.receiptSHA256, let at = a.submittedAt, let manifest = a.manifest,
            let counts = ReceiptCounts.shared.counts(sha256: sha, manifest: manifest)
        else { return .null }
        return .object([("sha256", .string(sha)), ("submittedAt", .date(at)), ("items", .int(counts.items)), ("files", .int(counts.files))])
    }

    static func assessment(_ view: AssessmentService.View, caller: Caller?) -> DocumentValue {
        let a = view.assessment
        var extensionDocument: DocumentValue = .null
        if let until = a?.extensionUntil {
            extensionDocument = .object([("until", .date(until)), ("reason", .optional(a?.extensionReason))])
        }
        return .object([
            ("cycle", .string(view.cycle.code)), ("unit", .string(view.unit.code)), ("status", .string((a?.status ?? .draft).rawValue)),
            ("late", .bool(a?.late ?? false)), ("submittedAt", a?.submittedAt.map { .date($0) } ?? .null),
            ("receipt", a.map(receipt) ?? .null), ("extension", extensionDocument),
            (
                "totals",
                .object([
                    ("self", score(view.totals.selfScore)), ("appraised", score(view.totals.appraised)), ("final", score(view.totals.final)),
                    ("max", .points(view.totals.final.max)), ("index", view.totals.final.index.map { .points($0.rounded) } ?? .null),
                ])
            ),
            ("items", .array(view.rows.map { item($0, caller: caller) })),
        ])
    }
}
