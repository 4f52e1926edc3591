/// One problem found in a framework document, at a node path such as `nodes[0].children[2].rule`.
public struct FrameworkIssue: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The criterion code at that place, when it has one.
    public var code: String?
    public var message: String

    public var description: String { "\(path)\(code.map { " (\($0))" } ?? ""): \(message)" }

    public var document: DocumentValue { .fields(["path": .string(path), "code": code.map { .string($0) }, "message": .string(message)]) }
}

/// Reads and validates a framework document (the tree DESIGN.md fixes), collecting every problem
/// with its node path instead of stopping at the first.
public enum FrameworkReader {
    public static func read(_ document: DocumentValue) throws(DomainError) -> Framework {
        var reader = Reading()
        let framework = reader.framework(document)
        guard let framework, reader.issues.isEmpty else {
            let issues = reader.issues.isEmpty ? [FrameworkIssue(path: "$", code: nil, message: "Tài liệu không hợp lệ.")] : reader.issues
            throw .invalid(
                "invalid_framework",
                "Bộ tiêu chí không hợp lệ: " + issues.prefix(3).map(\.description).joined(separator: "; ")
                    + (issues.count > 3 ? " (và \(issues.count - 3) lỗi khác)" : ""),
                details: ["issues": .array(issues.map(\.document))]
            )
        }
        return framework
    }

    /// The issues only, for a validation report.
    public static func issues(in document: DocumentValue) -> [FrameworkIssue] {
        var reader = Reading()
        _ = reader.framework(document)
        return reader.issues
    }
}

private struct Reading {
    var issues: [FrameworkIssue] = []
    var seenCodes: Set<String> = []

    mutating func problem(_ path: String, _ code: String? = nil, _ message: String) {
        issues.append(FrameworkIssue(path: path, code: code, message: message))
    }

    mutating func object(_ value: DocumentValue?, _ path: String, allowed: [String], code: String? = nil) -> [(String, DocumentValue)]? {
        guard case .object(let pairs) = value else {
            problem(path, code, "phải là một đối tượng (key: value)")
            return nil
        }
        for (key, _) in pairs where !allowed.contains(key) {
            problem("\(path).\(key)", code, "trường không được phép \"\(key)\"")
        }
        return pairs
    }

    mutating func text(_ value: DocumentValue?, _ path: String, code: String? = nil, required: Bool = true, max: Int = 2000) -> String? {
        guard let value, value != .null else {
            if required { problem(path, code, "thiếu giá trị") }
            return nil
        }
        guard let raw = value.scalarText, !value.isBool else {
            problem(path, code, "phải là chuỗi ký tự")
            return nil
        }
        let text = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && required { problem(path, code, "không được để trống") }
        if text.count > max { problem(path, code, "dài quá \(max) ký tự") }
        return text
    }

    mutating func points(_ value: DocumentValue?, _ path: String, code: String?, required: Bool = true) -> Points? {
        guard let value, value != .null else {
            if required { problem(path, code, "thiếu giá trị") }
            return nil
        }
        guard let raw = value.scalarText, !value.isBool, let p = Points(parsing: raw), !raw.contains(",")
        else {
            problem(path, code, "phải là số có tối đa 2 chữ số thập phân")
            return nil
        }
        guard p >= .zero, p.hundredths <= 100_000 else {
            problem(path, code, "phải trong khoảng 0 đến 1000")
            return nil
        }
        return p
    }

    mutating func framework(_ document: DocumentValue) -> Framework? {
        guard
            let pairs = object(
                document,
                "$",
                allowed: ["code", "version", "title", "source", "capAt100", "bands", "nodes"]
            )
        else { return nil }
        let top = DocumentValue.object(pairs)
        let code = text(top["code"], "code")
        if let code, code.wholeMatch(of: /[a-z0-9-]{1,64}/) == nil {
            problem("code", nil, "chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (a-z, 0-9, -)")
        }
        let version = text(top["version"], "version", max: 32)
        if let version, version.wholeMatch(of: /[A-Za-z0-9._-]{1,32}/) == nil {
            problem("version", nil, "chỉ gồm chữ cái, chữ số, dấu chấm, gạch ngang")
        }
        let title = text(top["title"], "title", max: 500)
        let source = text(top["source"], "source", required: false)
        var capAt100 = false
        switch top["capAt100"] {
        case nil, .null?: break
        case .bool(let b)?: capAt100 = b
        default: problem("capAt100", nil, "phải là true hoặc false")
        }
        let bands = readBands(top["bands"])
        var nodes: [Criterion] = []
        if case .array(let items)? = top["nodes"], !items.isEmpty {
            for (i, item) in items.enumerated() {
                if let node = criterion(item, path: "nodes[\(i)]", parent: nil) { nodes.append(node) }
            }
        } else {
            problem("nodes", nil, "phải là danh sách lĩnh vực, không rỗng")
        }
        guard let code, let version, let title else { return nil }
        return Framework(
            code: code,
            version: version,
            title: title,
            source: source?.isEmpty == true ? nil : source,
            capAt100: capAt100,
            bands: bands,
            nodes: nodes
        )
    }

    mutating func readBands(_ value: DocumentValue?) -> [Band] {
        guard let value, value != .null else { return [] }
        guard case .array(let items) = value else {
            problem("bands", nil, "phải là danh sách")
            return []
        }
        var bands: [Band] = []
        for (i, item) in items.enumerated() {
            let path = "bands[\(i)]"
            guard let pairs = object(item, path, allowed: ["label", "atLeast"]) else { continue }
            let band = DocumentValue.object(pairs)
            let label = text(band["label"], "\(path).label", max: 100)
            let atLeast = points(band["atLeast"], "\(path).atLeast", code: nil)
            if let atLeast, atLeast > Points(100) { problem("\(path).atLeast", nil, "phải trong khoảng 0 đến 100") }
            if let atLeast, let last = bands.last, atLeast >= last.atLeast {
                problem("\(path).atLeast", nil, "các nhóm phải giảm dần theo atLeast")
            }
            if let label, let atLeast { bands.append(Band(label: label, atLeast: atLeast)) }
        }
        return bands
    }

    mutating func criterion(_ value: DocumentValue, path: String, parent: String?) -> Criterion? {
        let rawCode = value["code"].flatMap(\.scalarText)
        let leafKeys = ["max", "evidence", "applicability", "source", "rule"]
        guard
            let pairs = object(
                value,
                path,
                allowed: ["code", "title", "guidance", "children"] + leafKeys,
                code: rawCode
            )
        else { return nil }
        let node = DocumentValue.object(pairs)
        guard let code = text(node["code"], "\(path).code", max: 32) else { return nil }
        if code.wholeMatch(of: /[0-9A-Za-z]+(\.[0-9A-Za-z]+)*/) == nil {
            problem("\(path).code", code, "mã tiêu chí chỉ gồm chữ, số và dấu chấm (ví dụ 1.2.3)")
        }
        if let parent {
            if !(code.hasPrefix(parent + ".") && code.count > parent.count + 1) {
                problem("\(path).code", code, "mã tiêu chí con phải bắt đầu bằng mã cha \"\(parent).\"")
            }
        } else if code.contains(".") {
            problem("\(path).code", code, "mã lĩnh vực không được chứa dấu chấm")
        }
        if !seenCodes.insert(code).inserted {
            problem("\(path).code", code, "mã tiêu chí bị trùng \"\(code)\"")
        }
        let title = text(node["title"], "\(path).title", code: code, max: 1000) ?? ""
        let guidance = text(node["guidance"], "\(path).guidance", code: code, required: false, max: 4000)
        let guidanceValue = guidance?.isEmpty == true ? nil : guidance

        if let childrenValue = node["children"], childrenValue != .null {
            guard case .array(let items) = childrenValue, !items.isEmpty else {
                problem("\(path).children", code, "phải là danh sách tiêu chí con, không rỗng")
                return nil
            }
            for key in leafKeys where node[key] != nil {
                problem("\(path).\(key)", code, "tiêu chí có tiêu chí con không được có \"\(key)\" (điểm tối đa là tổng của các tiêu chí con)")
            }
            var children: [Criterion] = []
            for (i, item) in items.enumerated() {
                if let child = criterion(item, path: "\(path).children[\(i)]", parent: code) { children.append(child) }
            }
            return Criterion(code: code, title: title, guidance: guidanceValue, children: children)
        }
        guard let spec = leafSpec(node, path: path, code: code) else { return nil }
        return Criterion(code: code, title: title, guidance: guidanceValue, spec: spec)
    }

    mutating func choose<E: RawRepresentable<String> & CaseIterable>(
        _ value: DocumentValue?,
        _ path: String,
        code: String,
        default fallback: E
    ) -> E {
        guard let value, value != .null else { return fallback }
        guard let raw = value.stringValue, let e = E(rawValue: raw) else {
            problem(path, code, "phải là một trong: " + E.allCases.map(\.rawValue).joined(separator: ", "))
            return fallback
        }
        return e
    }

    mutating func leafSpec(_ node: DocumentValue, path: String, code: String) -> LeafSpec? {
        guard node["max"] != nil else {
            problem(path, code, "tiêu chí lá thiếu điểm tối đa (max)")
            return nil
        }
        let max = points(node["max"], "\(path).max", code: code)
        if let max, max == .zero { problem("\(path).max", code, "điểm tối đa phải lớn hơn 0") }
        let evidence = choose(node["evidence"], "\(path).evidence", code: code, default: EvidenceRequirement.optional)
        let applicability = choose(node["applicability"], "\(path).applicability", code: code, default: Applicability.always)
        let source = choose(node["source"], "\(path).source", code: code, default: LeafSource.selfAssessed)
        guard let ruleValue = node["rule"] else {
            problem(path, code, "tiêu chí lá thiếu cách tính điểm (rule)")
            return nil
        }
        guard let max, let rule = rule(ruleValue, path: "\(path).rule", code: code, max: max) else { return nil }
        if (rule == .survey) != (source == .survey) {
            problem("\(path).source", code, "tiêu chí loại survey phải có source: survey và ngược lại")
        }
        return LeafSpec(max: max, evidence: evidence, applicability: applicability, source: source, rule: rule)
    }

    mutating func rule(_ value: DocumentValue, path: String, code: String, max: Points) -> Rule? {
        guard case .object = value, let kind = value["kind"]?.stringValue else {
            problem("\(path).kind", code, "thiếu loại cách tính (kind)")
            return nil
        }
        let allowed: [String]
        switch kind {
        case "scale", "bonus", "deduction": allowed = ["kind", "step"]
        case "choice": allowed = ["kind", "options"]
        case "ratio_tiers": allowed = ["kind", "numerator", "denominator", "tiers"]
        case "ratio_linear": allowed = ["kind", "numerator", "denominator"]
        case "survey": allowed = ["kind"]
        default:
            problem("\(path).kind", code, "loại cách tính không hợp lệ \"\(kind)\" (hợp lệ: \(Rule.kinds.joined(separator: ", ")))")
            return nil
        }
        guard let pairs = object(value, path, allowed: allowed, code: code) else { return nil }
        let rule = DocumentValue.object(pairs)
        switch kind {
        case "scale", "bonus", "deduction":
            var step = Rule.defaultStep
            if let s = rule["step"], s != .null {
                guard let parsed = points(s, "\(path).step", code: code) else { return nil }
                step = parsed
            }
            guard step > .zero else {
                problem("\(path).step", code, "bước điểm phải lớn hơn 0")
                return nil
            }
            if !max.isMultiple(of: step) {
                problem("\(path).step", code, "bước điểm \(step) không chia hết điểm tối đa \(max)")
            }
            return kind == "scale" ? .scale(step: step) : kind == "bonus" ? .bonus(step: step) : .deduction(step: step)
        case "choice":
            guard case .array(let items)? = rule["options"], !items.isEmpty else {
                problem("\(path).options", code, "phải là danh sách lựa chọn, không rỗng")
                return nil
            }
            var options: [ChoiceOption] = []
            for (i, item) in items.enumerated() {
                let p = "\(path).options[\(i)]"
                guard let pairs = object(item, p, allowed: ["label", "points"], code: code) else { continue }
                let option = DocumentValue.object(pairs)
                let label = text(option["label"], "\(p).label", code: code, max: 500)
                let points = points(option["points"], "\(p).points", code: code)
                if let points, points > max { problem("\(p).points", code, "điểm lựa chọn \(points) vượt điểm tối đa \(max)") }
                if let label, let points { options.append(ChoiceOption(label: label, points: points)) }
            }
            return .choice(options: options)
        case "ratio_tiers", "ratio_linear":
            let numerator = text(rule["numerator"], "\(path).numerator", code: code, max: 300) ?? ""
            let denominator = text(rule["denominator"], "\(path).denominator", code: code, max: 300) ?? ""
            if kind == "ratio_linear" { return .ratioLinear(numerator: numerator, denominator: denominator) }
            guard case .array(let items)? = rule["tiers"], !items.isEmpty else {
                problem("\(path).tiers", code, "phải là danh sách mức, không rỗng")
                return nil
            }
            var tiers: [Tier] = []
            for (i, item) in items.enumerated() {
                let p = "\(path).tiers[\(i)]"
                guard let pairs = object(item, p, allowed: ["atLeast", "points"], code: code) else { continue }
                let tier = DocumentValue.object(pairs)
                let atLeast = points(tier["atLeast"], "\(p).atLeast", code: code)
                let points = points(tier["points"], "\(p).points", code: code)
                if let atLeast, atLeast > Points(100) { problem("\(p).atLeast", code, "tỷ lệ phải trong khoảng 0 đến 100") }
                if let points, points > max { problem("\(p).points", code, "điểm của mức \(points) vượt điểm tối đa \(max)") }
                if let atLeast, let last = tiers.last, atLeast >= last.atLeast {
                    problem("\(p).atLeast", code, "các mức phải giảm dần nghiêm ngặt theo atLeast")
                }
                if let atLeast, let points { tiers.append(Tier(atLeast: atLeast, points: points)) }
            }
            if let last = tiers.last, last.atLeast != .zero, tiers.count == items.count {
                problem("\(path).tiers[\(items.count - 1)].atLeast", code, "mức cuối cùng phải là atLeast: 0")
            }
            return .ratioTiers(numerator: numerator, denominator: denominator, tiers: tiers)
        default:
            return .survey
        }
    }
}
