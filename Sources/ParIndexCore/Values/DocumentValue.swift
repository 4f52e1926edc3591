import Foundation

/// A JSON-shaped tree that keeps numbers as their exact text. Framework files (YAML or JSON),
/// ledger payloads, receipts and publication snapshots are all built from it, so that the bytes
/// that get hashed never pass through floating point.
public enum DocumentValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `"0.25"` or `"100"`.
    case number(String)
    case string(String)
    case array([DocumentValue])
    /// Keys in the order they were written; canonical output sorts them.
    case object([(String, DocumentValue)])

    public static func == (lhs: DocumentValue, rhs: DocumentValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalJSON)
    }

    public static func int(_ value: Int) -> DocumentValue { .number(String(value)) }
    public static func points(_ value: Points) -> DocumentValue { .number(value.description) }
    public static func date(_ value: Date) -> DocumentValue { .string(Timestamp.format(value)) }
    public static func optional(_ value: String?) -> DocumentValue { value.map { .string($0) } ?? .null }

    /// Builds an object from literal pairs, dropping pairs whose value is `nil`.
    public static func fields(_ pairs: KeyValuePairs<String, DocumentValue?>) -> DocumentValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    public subscript(key: String) -> DocumentValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var isBool: Bool {
        if case .bool = self { return true }
        return false
    }

    public var arrayValue: [DocumentValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The text a person would see for a scalar (numbers keep their literal text).
    public var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }
}

// MARK: - Canonical JSON

extension DocumentValue {
    /// Canonical JSON (decision 0002): keys sorted by Unicode scalar order, no insignificant white
    /// space, strings in NFC with only `"`, `\` and control characters escaped, numbers as their
    /// shortest exact text. `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
    /// in Python produces the same bytes for the documents ParIndex writes.
    public var canonicalJSON: String {
        var out = ""
        writeCanonical(to: &out)
        return out
    }

    public var canonicalData: Data { Data(canonicalJSON.utf8) }

    /// SHA-256 of the canonical JSON, lowercase hex.
    public var canonicalSHA256: String { Digests.sha256Hex(canonicalJSON) }

    private func writeCanonical(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += DocumentValue.canonicalNumber(n)
        case .string(let s): DocumentValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeCanonical(to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            let sorted = pairs.map { (DocumentValue.nfc($0.0), $0.1) }
                .sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out += "," }
                DocumentValue.writeString(key, to: &out)
                out += ":"
                value.writeCanonical(to: &out)
            }
            out += "}"
        }
    }

    /// `"1.50"` → `"1.5"`, `"2.00"` → `"2"`, `"007"` → `"7"`; other text is kept as written.
    static func canonicalNumber(_ text: String) -> String {
        if isCanonicalNumber(text) { return text }
        if let points = Points(parsing: text), !text.contains(",") { return points.description }
        return text
    }

    /// Whether `text` is already what `canonicalNumber` would write (`-12`, `0`, `88.5`, `1.25`):
    /// the numbers ParIndex builds are, and parsing each one again showed in profiles.
    static func isCanonicalNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let whole = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard let first = whole.first, whole.count <= 12 else { return false }
        // A leading zero only as the whole "0" part.
        if first == UInt8(ascii: "0") && whole.count > 1 { return false }
        let rest = bytes.dropFirst(whole.count)
        // "-0" is written "0".
        if rest.isEmpty { return !(first == UInt8(ascii: "0") && text.hasPrefix("-")) }
        let fraction = rest.dropFirst()
        return rest.first == UInt8(ascii: ".") && (1...2).contains(fraction.count)
            && fraction.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } && fraction.last != UInt8(ascii: "0")
    }

    /// NFC of `text`. Foundation's normaliser costs microseconds per call and a response has
    /// thousands of strings, so text already in NFC by construction skips it: scalars below U+0300
    /// and the precomposed letters of U+1E00–U+1EFF (Vietnamese) are starters that never compose
    /// with a neighbour, so such text is its own NFC.
    static func nfc(_ text: String) -> String {
        let alreadyNFC = text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) }
        return alreadyNFC ? text : text.precomposedStringWithCanonicalMapping
    }

    static func writeString(_ raw: String, to out: inout String) {
        out += "\""
        let text = nfc(raw)
        // Most text needs no escape: append it whole rather than scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

// MARK: - Parsing JSON

extension DocumentValue {
    /// Parses JSON text strictly (RFC 8259), keeping numbers as text. Nesting is bounded so that
    /// a hostile document cannot exhaust the stack.
    public static func parseJSON(_ data: Data, maxDepth: Int = 64) throws(DomainError) -> DocumentValue {
        var parser = JSONTextParser(bytes: Array(data), maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    public static func parseJSON(_ text: String) throws(DomainError) -> DocumentValue {
        try parseJSON(Data(text.utf8))
    }
}

private struct JSONTextParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ what: String) -> DomainError {
        .badRequest("malformed_json", "JSON không hợp lệ tại byte \(index): \(what).", details: ["offset": .int(index)])
    }

    mutating func parseDocument() throws(DomainError) -> DocumentValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw fail("thừa ký tự sau giá trị") }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func parseValue(depth: Int) throws(DomainError) -> DocumentValue {
        guard depth < maxDepth else { throw fail("lồng nhau quá sâu") }
        skipWhitespace()
        guard index < bytes.count else { throw fail("hết dữ liệu") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var pairs: [(String, DocumentValue)] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(pairs)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("cần tên trường") }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("cần dấu ':'") }
                index += 1
                let value = try parseValue(depth: depth + 1)
                if pairs.contains(where: { $0.0 == key }) { throw fail("trường \"\(key)\" bị lặp") }
                pairs.append((key, value))
                skipWhitespace()
                guard index < bytes.count else { throw fail("hết dữ liệu") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(pairs)
                } else {
                    throw fail("cần ',' hoặc '}'")
                }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [DocumentValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw fail("hết dữ liệu") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                } else {
                    throw fail("cần ',' hoặc ']'")
                }
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return try parseNumber()
        }
    }

    mutating func literal(_ word: String, _ value: DocumentValue) throws(DomainError) -> DocumentValue {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw fail("giá trị không hợp lệ")
        }
        index += w.count
        return value
    }

    mutating func parseNumber() throws(DomainError) -> DocumentValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ p: inout JSONTextParser) -> Int {
            let s = p.index
            while p.index < p.bytes.count, (0x30...0x39).contains(p.bytes[p.index]) { p.index += 1 }
            return p.index - s
        }
        let intDigits = digits(&self)
        guard intDigits > 0 else { throw fail("giá trị không hợp lệ") }
        if intDigits > 1, bytes[start + (bytes[start] == UInt8(ascii: "-") ? 1 : 0)] == 0x30 {
            throw fail("số không được bắt đầu bằng 0")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("số thập phân thiếu chữ số") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("số mũ thiếu chữ số") }
        }
        guard index - start <= 64 else { throw fail("số quá dài") }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func parseString() throws(DomainError) -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        // Invalid UTF-8 is refused rather than silently replaced with U+FFFD (SECURITY.md IV-1).
        func flush(_ p: JSONTextParser, _ s: inout String.UnicodeScalarView, _ from: Int) throws(DomainError) {
            guard from < p.index else { return }
            guard let text = String(validating: p.bytes[from..<p.index], as: UTF8.self) else { throw p.fail("chuỗi không phải UTF-8 hợp lệ") }
            s.append(contentsOf: text.unicodeScalars)
        }

        while true {
            guard index < bytes.count else { throw fail("chuỗi chưa đóng") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(self, &scalars, runStart)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw fail("ký tự điều khiển trong chuỗi") }
            if byte == UInt8(ascii: "\\") {
                try flush(self, &scalars, runStart)
                index += 1
                guard index < bytes.count else { throw fail("chuỗi chưa đóng") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("cặp UTF-16 không hợp lệ")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("cặp UTF-16 không hợp lệ") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("mã Unicode không hợp lệ") }
                    scalars.append(scalar)
                default: throw fail("chuỗi thoát không hợp lệ")
                }
                runStart = index
                continue
            }
            index += 1
        }
    }

    mutating func hex4() throws(DomainError) -> UInt32 {
        guard index + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw fail("mã \\u không hợp lệ")
        }
        index += 4
        return v
    }
}
