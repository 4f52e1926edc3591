import Foundation
import ParIndexCore
import Yams

/// Reads a framework file (YAML, or JSON, which YAML 1.2 contains) into the domain's document tree,
/// keeping every number as its literal text so that no point value passes through floating point.
public enum FrameworkDocumentReader {
    /// Bounds that keep a hostile document (deep nesting, alias bombs) from exhausting memory.
    static let maxDepth = 64
    static let maxNodes = 200_000

    public static func read(_ data: Data) throws(DomainError) -> DocumentValue {
        try read(UTF8Text.decode(data, what: "Tệp bộ tiêu chí"))
    }

    public static func read(_ text: String) throws(DomainError) -> DocumentValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .badRequest("malformed_yaml", "Tệp YAML/JSON không đọc được: \(describe(error)).", details: place(error))
        } catch {
            throw .badRequest("malformed_yaml", "Tệp YAML/JSON không đọc được.")
        }
        guard let node else { throw .badRequest("empty_document", "Tệp bộ tiêu chí rỗng.") }
        var budget = maxNodes
        return try convert(node, depth: 0, budget: &budget)
    }

    static func convert(_ node: Node, depth: Int, budget: inout Int) throws(DomainError) -> DocumentValue {
        budget -= 1
        guard depth < maxDepth, budget > 0 else {
            throw .badRequest(
                "document_too_large",
                "Tệp bộ tiêu chí quá lớn (tối đa \(maxNodes) nút) hoặc lồng nhau quá sâu (tối đa \(maxDepth) mức)\(line(node)).",
                details: place(node)
            )
        }
        switch node {
        case .scalar(let scalar):
            switch node.tag.description {
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
                return .number(scalar.string)
            case Tag.Name.bool.rawValue:
                return .bool(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"].contains(scalar.string))
            case Tag.Name.null.rawValue:
                return .null
            default:
                return .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [DocumentValue] = []
            for child in sequence { items.append(try convert(child, depth: depth + 1, budget: &budget)) }
            return .array(items)
        case .mapping(let mapping):
            var pairs: [(String, DocumentValue)] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw .badRequest("malformed_yaml", "Tên trường phải là chuỗi ký tự\(line(key)).", details: place(key))
                }
                guard !pairs.contains(where: { $0.0 == name }) else {
                    throw .badRequest("malformed_yaml", "Trường \"\(name)\" bị lặp\(line(key)).", details: place(key))
                }
                pairs.append((name, try convert(value, depth: depth + 1, budget: &budget)))
            }
            return .object(pairs)
        case .alias:
            throw .badRequest("malformed_yaml", "Không hỗ trợ alias YAML (*tên)\(line(node)).", details: place(node))
        }
    }

    static func place(_ node: Node) -> [String: DocumentValue] {
        node.mark.map { ["line": .int($0.line), "column": .int($0.column)] } ?? [:]
    }

    static func line(_ node: Node) -> String {
        node.mark.map { " (dòng \($0.line), cột \($0.column))" } ?? ""
    }

    /// Line and column of a YAML error, for programs (the message has them for people).
    static func place(_ error: YamlError) -> [String: DocumentValue] {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            ["line": .int(mark.line), "column": .int(mark.column)]
        case .reader(_, let offset, _, _): offset.map { ["offset": .int($0)] } ?? [:]
        case .duplicatedKeysInMapping(_, let context): ["line": .int(context.mark.line), "column": .int(context.mark.column)]
        default: [:]
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            "\(problem) (dòng \(mark.line), cột \(mark.column))"
        case .reader(let problem, _, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, let context):
            "trường \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) bị lặp (dòng \(context.mark.line), cột \(context.mark.column))"
        default: "cú pháp không hợp lệ"
        }
    }
}
