import Foundation
import HTTPTypes
import HummingbirdTesting
import OpenAPIKit
import ParIndexCore
import Testing

/// The served OpenAPI document read with OpenAPIKit, and the questions the tests ask of it.
struct APIDocument {
    let document: OpenAPI.Document
    let schemas: SchemaCheck

    init(json: String) throws {
        document = try JSONDecoder().decode(OpenAPI.Document.self, from: Data(json.utf8))
        schemas = SchemaCheck(components: document.components)
    }

    /// The document as the test app serves it.
    static func served(by client: some TestClientProtocol, app: TestApp) async throws -> APIDocument {
        let answer = try await client.call(.get, "/api/v1/openapi.json", as: nil, app: app)
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
        return try APIDocument(json: answer.body)
    }

    struct Documented {
        var method: String
        var path: String
        var operation: OpenAPI.Operation
    }

    /// Every documented operation, its method in upper case and its path in OpenAPI form.
    var operations: [Documented] {
        document.paths.flatMap { path, item in
            (document.components[item]?.endpoints ?? []).map { Documented(method: $0.method.rawValue, path: path.rawValue, operation: $0.operation) }
        }
    }

    /// The documented operation a concrete request reaches: constant segments win over parameters,
    /// as in the router.
    func operation(_ method: HTTPRequest.Method, _ uri: String) -> Documented? {
        let segments = uri.split(separator: "?")[0].split(separator: "/")
        func matches(_ path: String) -> Int? {
            let template = path.split(separator: "/")
            guard template.count == segments.count else { return nil }
            var constants = 0
            for (pattern, segment) in zip(template, segments) {
                if pattern.hasPrefix("{") { continue }
                guard pattern == segment else { return nil }
                constants += 1
            }
            return constants
        }
        return operations.filter { $0.method == method.rawValue }.compactMap { candidate in matches(candidate.path).map { (candidate, $0) } }
            .max { $0.1 < $1.1 }?.0
    }

    /// The documented answer for `status`, or nil when that status is not documented.
    func response(_ operation: OpenAPI.Operation, status: Int) -> OpenAPI.Response? {
        let entry = operation.responses[.init(integerLiteral: status)] ?? operation.responses[.default]
        return entry.flatMap { try? document.components.lookup($0) }
    }

    /// The media type entry for a `Content-Type` header value (its parameters aside).
    func content(_ map: OpenAPI.Content.Map, for contentType: String) -> OpenAPI.Content? {
        let wanted = contentType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        return map.first { $0.key.typeAndSubtype.lowercased() == wanted }.flatMap { try? document.components.lookup($0.value) }
    }

    /// What is wrong with an answer the server gave to `method uri`, judged by the document: an
    /// undocumented operation or status, a content type it does not list, a JSON body off its schema.
    func problems(_ method: HTTPRequest.Method, _ uri: String, _ answer: Answer) -> [String] {
        guard let found = operation(method, uri) else { return ["\(method) \(uri): no such operation in the document"] }
        let name = "\(method) \(found.path) → \(answer.status.code)"
        guard let response = response(found.operation, status: answer.status.code) else { return ["\(name): status not documented"] }
        guard !answer.body.isEmpty else { return response.content.isEmpty ? [] : ["\(name): empty body, the document promises content"] }
        let type = answer.headers[.contentType] ?? ""
        guard let content = content(response.content, for: type) else { return ["\(name): content type \(type) not documented"] }
        guard type.hasPrefix("application/json"), let schema = content.schema else { return [] }
        guard let body = answer.json else { return ["\(name): the body is not JSON"] }
        return schemas.problems(body, schema, at: name)
    }

    /// What is wrong with a JSON request body, judged by the operation's request schema.
    func requestProblems(_ method: HTTPRequest.Method, _ uri: String, json: String) -> [String] {
        guard let found = operation(method, uri) else { return ["\(method) \(uri): no such operation in the document"] }
        let name = "\(method) \(found.path) request"
        guard let body = found.operation.requestBody.flatMap({ try? document.components.lookup($0) }),
            let schema = content(body.content, for: "application/json")?.schema
        else { return ["\(name): no JSON request body documented"] }
        guard let value = try? DocumentValue.parseJSON(json) else { return ["\(name): not JSON"] }
        return schemas.problems(value, schema, at: name)
    }
}

/// A small JSON Schema validator over OpenAPIKit's schemas, for the keywords the document uses:
/// type (with null), required, properties, additionalProperties, enum/const, items, min/max items,
/// lengths, pattern, minimum/maximum, multipleOf, allOf/anyOf/oneOf/not, and the date-time and date
/// formats. Numbers stay the exact text the server wrote. OpenAPIKit drops the fields beside a
/// `oneOf` or `anyOf`, so the document puts such fields in an `allOf` part instead.
struct SchemaCheck {
    let components: OpenAPI.Components
    /// A field an object schema does not name is drift too, unless the schema says what else it
    /// allows or names none (a free-form object); off only for the parts of an allOf.
    var strict = true

    func problems(_ value: DocumentValue, _ schema: JSONSchema, at path: String) -> [String] {
        if schema.nullable, value == .null { return [] }
        var found: [String] = []
        if let allowed = schema.allowedValues?.map({ Self.document($0)?.canonicalJSON ?? "?" }), !allowed.contains(value.canonicalJSON) {
            found.append("\(path): \(value.canonicalJSON) is none of \(allowed)")
        }
        switch schema.value {
        case .reference:
            guard let target = try? components.lookup(schema) else { return found + ["\(path): unresolved \(String(describing: schema.reference))"] }
            return found + problems(value, target, at: path)
        case .null:
            if value != .null { found.append("\(path): \(value.canonicalJSON) is not null") }
        case .boolean:
            if case .bool = value {} else { found.append("\(path): \(value.canonicalJSON) is not a boolean") }
        case .integer(_, let bounds):
            guard case .number(let text) = value, let number = Int(text) else { return found + ["\(path): \(value.canonicalJSON) is not an integer"] }
            if let minimum = bounds.minimum, number < minimum.value || (minimum.exclusive && number == minimum.value) {
                found.append("\(path): \(number) is below \(minimum.value)")
            }
            if let maximum = bounds.maximum, number > maximum.value || (maximum.exclusive && number == maximum.value) {
                found.append("\(path): \(number) is above \(maximum.value)")
            }
        case .number(_, let bounds):
            guard case .number(let text) = value, let number = Double(text) else {
                return found + ["\(path): \(value.canonicalJSON) is not a number"]
            }
            if let minimum = bounds.minimum, number < minimum.value || (minimum.exclusive && number == minimum.value) {
                found.append("\(path): \(text) is below \(minimum.value)")
            }
            if let maximum = bounds.maximum, number > maximum.value || (maximum.exclusive && number == maximum.value) {
                found.append("\(path): \(text) is above \(maximum.value)")
            }
            if let step = bounds.multipleOf, abs((number / step).rounded() * step - number) > 1e-9 {
                found.append("\(path): \(text) is not a multiple of \(step)")
            }
        case .string(let core, let rules):
            guard case .string(let text) = value else { return found + ["\(path): \(value.canonicalJSON) is not a string"] }
            if text.count < rules.minLength { found.append("\(path): shorter than \(rules.minLength)") }
            if let maxLength = rules.maxLength, text.count > maxLength { found.append("\(path): longer than \(maxLength)") }
            if let pattern = rules.pattern, (try? Regex(pattern)).map({ text.firstMatch(of: $0) == nil }) ?? true {
                found.append("\(path): \"\(text)\" does not match \(pattern)")
            }
            if core.format == .dateTime, Timestamp.parse(text) == nil { found.append("\(path): \"\(text)\" is not a date-time") }
            if core.format == .date, text.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) == nil { found.append("\(path): \"\(text)\" is not a date") }
        case .object(_, let rules):
            guard case .object(let pairs) = value else { return found + ["\(path): \(value.canonicalJSON) is not an object"] }
            let fields = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
            for name in rules.requiredProperties where fields[name] == nil { found.append("\(path): \"\(name)\" is missing") }
            for (name, field) in pairs {
                if let property = rules.properties[name] {
                    found += problems(field, property, at: "\(path).\(name)")
                } else if rules.additionalProperties == nil ? strict && Self.namesFields(rules) : rules.additionalProperties == .a(false) {
                    found.append("\(path): \"\(name)\" is not in the schema")
                } else if case .b(let extra)? = rules.additionalProperties {
                    found += problems(field, extra, at: "\(path).\(name)")
                }
            }
        case .array(_, let rules):
            guard case .array(let items) = value else { return found + ["\(path): \(value.canonicalJSON) is not an array"] }
            if items.count < rules.minItems { found.append("\(path): fewer than \(rules.minItems) items") }
            if let maxItems = rules.maxItems, items.count > maxItems { found.append("\(path): more than \(maxItems) items") }
            if let item = rules.items {
                for (index, element) in items.enumerated() { found += problems(element, item, at: "\(path)[\(index)]") }
            }
        case .all(let schemas, _):
            // Each part names only some of the fields: they are checked together, below.
            var loose = self
            loose.strict = false
            for part in schemas { found += loose.problems(value, part, at: path) }
            let parts = schemas.compactMap { (try? components.lookup($0))?.objectContext }
            if strict, case .object(let pairs) = value, parts.count == schemas.count,
                parts.allSatisfy({ $0.additionalProperties == nil && Self.namesFields($0) })
            {
                let named = Set(parts.flatMap(\.properties.keys))
                for (name, _) in pairs where !named.contains(name) { found.append("\(path): \"\(name)\" is not in the schema") }
            }
        case .any(let schemas, _):
            if !schemas.contains(where: { problems(value, $0, at: path).isEmpty }) { found.append("\(path): matches none of anyOf") }
        case .one(let schemas, _):
            let matching = schemas.filter { problems(value, $0, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): matches \(matching) of oneOf, not exactly one") }
        case .not(let schema, _):
            if problems(value, schema, at: path).isEmpty { found.append("\(path): matches what `not` excludes") }
        case .fragment:
            break
        }
        return found
    }

    /// Whether an object schema names its fields; `required` alone gives OpenAPIKit empty properties.
    static func namesFields(_ object: JSONSchema.ObjectContext) -> Bool {
        object.properties.values.contains { !$0.isFragment }
    }

    /// A value OpenAPIKit read (an example, an allowed value) in the document tree the server writes.
    static func document(_ value: AnyCodable) -> DocumentValue? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? DocumentValue.parseJSON(data)
    }
}
