extension Framework {
    /// The framework as a document with every default spelled out, so two files that mean the same
    /// thing have the same canonical JSON and therefore the same content hash.
    public var document: DocumentValue {
        .fields([
            "code": .string(code),
            "version": .string(version),
            "title": .string(title),
            "source": source.map { .string($0) },
            "capAt100": .bool(capAt100),
            "bands": .array(bands.map { .object([("label", .string($0.label)), ("atLeast", .points($0.atLeast))]) }),
            "nodes": .array(nodes.map(\.document)),
        ])
    }

    /// SHA-256 of the canonical JSON form: pins the methodology that produced a published number.
    public var contentSHA256: String { document.canonicalSHA256 }
}

extension Criterion {
    var document: DocumentValue {
        var pairs: [(String, DocumentValue)] = [("code", .string(code)), ("title", .string(title))]
        if let guidance { pairs.append(("guidance", .string(guidance))) }
        if let spec {
            pairs += [
                ("max", .points(spec.max)),
                ("evidence", .string(spec.evidence.rawValue)),
                ("applicability", .string(spec.applicability.rawValue)),
                ("source", .string(spec.source.rawValue)),
                ("rule", spec.rule.document),
            ]
        } else {
            pairs.append(("children", .array(children.map(\.document))))
        }
        return .object(pairs)
    }
}

extension Rule {
    public var document: DocumentValue {
        switch self {
        case .scale(let step), .bonus(let step), .deduction(let step):
            return .object([("kind", .string(kind)), ("step", .points(step))])
        case .choice(let options):
            return .object([
                ("kind", .string(kind)),
                ("options", .array(options.map { .object([("label", .string($0.label)), ("points", .points($0.points))]) })),
            ])
        case .ratioTiers(let n, let d, let tiers):
            return .object([
                ("kind", .string(kind)), ("numerator", .string(n)), ("denominator", .string(d)),
                ("tiers", .array(tiers.map { .object([("atLeast", .points($0.atLeast)), ("points", .points($0.points))]) })),
            ])
        case .ratioLinear(let n, let d):
            return .object([("kind", .string(kind)), ("numerator", .string(n)), ("denominator", .string(d))])
        case .survey:
            return .object([("kind", .string(kind))])
        }
    }
}
