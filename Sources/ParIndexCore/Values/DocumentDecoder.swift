import Foundation

/// The keys of a request body: the only fields it may carry (any other is refused with
/// `unknown_field`, so nobody assigns what the body does not name), and the longest text each
/// field takes.
public protocol RequestKey: CodingKey, CaseIterable {
    /// The most characters a text under this key may have; for a list of texts, each item.
    var maxLength: Int { get }
}

extension RequestKey {
    public var maxLength: Int { 4000 }
}

/// Reads `Decodable` values out of a `DocumentValue`, exactly: numbers are read from their decimal
/// text, never through floating point, `Points` in hundredths and `Date` from RFC 3339 text.
///
/// Refusals are `DomainError`s naming the field by its dotted path (`deadlines.appraisal`,
/// `rows[3].unit`): `unknown_field` for a key a `RequestKey` type does not name, `required` for a
/// missing or null value (or blank text) a non-optional property needs, `invalid_field` for the
/// wrong type, `invalid_points` for points that are not a number with at most two decimals, and
/// `too_long` for text over the key's `maxLength`. `null` reads as absent. Types whose keys are not
/// `RequestKey`s (documents ParIndex wrote itself) read the keys they name and pass over the rest.
public struct DocumentDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from document: DocumentValue) throws -> T {
        try DocumentDecoding(value: document, codingPath: []).read(T.self)
    }

    /// Largest whole number accepted, and largest magnitude of points in hundredths.
    static let maxInteger = 1_000_000_000_000
    static let maxPointsHundredths = 100_000_000
    /// Dates are short texts whatever the key's limit; lists of texts hold at most this many.
    static let maxDateLength = 64
    static let maxListCount = 10_000
}

// MARK: - Refusals

/// The refusals' wording, one place, so every request body is refused alike.
enum FieldRefusal {
    /// `deadlines.appraisal`, `rows[3].unit`, `units[2]`.
    static func name(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = (key as? IndexKey)?.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out
    }

    static func field(_ path: [any CodingKey]) -> [String: DocumentValue] { ["field": .string(name(path))] }

    static func wrongType(_ path: [any CodingKey], _ expected: String) -> DomainError {
        .invalid("invalid_field", "Trường \"\(name(path))\" phải là \(expected).", details: field(path))
    }

    static func unknown(_ path: [any CodingKey]) -> DomainError {
        .invalid("unknown_field", "Trường không được phép: \"\(name(path))\".", details: field(path))
    }

    static func required(_ path: [any CodingKey]) -> DomainError {
        .invalid("required", "Cần nhập \"\(name(path))\".", details: field(path))
    }

    static func tooLong(_ path: [any CodingKey], _ max: Int) -> DomainError {
        .invalid("too_long", "Trường \"\(name(path))\" dài quá \(max) ký tự.", details: field(path))
    }

    static func invalidPoints(_ path: [any CodingKey]) -> DomainError {
        .invalid("invalid_points", "Trường \"\(name(path))\" phải là số có tối đa 2 chữ số thập phân.", details: field(path))
    }

    /// Floating point, which the exact tree never reads: a mistake in the code, not the sender's.
    static let floatingPoint = DomainError.internalFailure()
}

/// A position in a list, as a coding key.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

// MARK: - Decoding

/// One value of the tree being read at `codingPath`, with the limit its key sets on text.
struct DocumentDecoding: Decoder {
    let value: DocumentValue
    let codingPath: [any CodingKey]
    var maxLength: Int? = nil
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `T` from this value: the exact scalars here, everything else through `T(from:)`.
    func read<T: Decodable>(_ type: T.Type) throws -> T {
        let path = codingPath
        switch type {
        case is DocumentValue.Type: return value as! T
        case is Points.Type:
            guard case .number(let text) = value, let points = Points(parsing: text),
                points.hundredths.magnitude <= DocumentDecoder.maxPointsHundredths
            else { throw FieldRefusal.invalidPoints(path) }
            return points as! T
        case is Date.Type:
            let text = try readString(maxLength: DocumentDecoder.maxDateLength)
            guard let date = Timestamp.parse(text) else {
                throw FieldRefusal.wrongType(path, "thời điểm RFC 3339 (ví dụ 2026-12-31T17:00:00Z)")
            }
            return date as! T
        case is [String].Type:
            guard case .array(let items) = value, items.count <= DocumentDecoder.maxListCount else {
                throw FieldRefusal.wrongType(path, "danh sách chuỗi")
            }
            let limit = maxLength ?? Int.max
            return try items.map { item in
                guard case .string(let text) = item, text.count <= limit else { throw FieldRefusal.wrongType(path, "danh sách chuỗi") }
                return text
            } as! T
        case is String.Type: return try readString(maxLength: maxLength) as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw FieldRefusal.wrongType(path, "true/false") }
            return flag as! T
        case let integer as any FixedWidthInteger.Type: return try readInteger(integer) as! T
        case is Double.Type, is Float.Type, is Decimal.Type: throw FieldRefusal.floatingPoint
        default: return try T(from: self)
        }
    }

    func readString(maxLength: Int?) throws -> String {
        guard case .string(let text) = value else { throw FieldRefusal.wrongType(codingPath, "chuỗi ký tự") }
        if let maxLength, text.count > maxLength { throw FieldRefusal.tooLong(codingPath, maxLength) }
        return text
    }

    /// A whole number of at most 10^12 in magnitude that `type` holds.
    func readInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let text) = value, let number = Int(text), number.magnitude <= DocumentDecoder.maxInteger,
            let exact = I(exactly: number)
        else { throw FieldRefusal.wrongType(codingPath, "số nguyên") }
        return exact
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let pairs) = value else { throw FieldRefusal.wrongType(codingPath, "đối tượng") }
        // A key the type does not declare is refused before any field is read.
        let strict = Key.self is any RequestKey.Type
        if strict, let unknown = pairs.first(where: { Key(stringValue: $0.0) == nil }) {
            throw FieldRefusal.unknown(codingPath + [AnyKey(unknown.0)])
        }
        return KeyedDecodingContainer(ObjectReader<Key>(pairs: pairs, codingPath: codingPath, strict: strict))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw FieldRefusal.wrongType(codingPath, "danh sách") }
        return ListReader(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ValueReader(decoding: self) }
}

/// A key by its name, for paths that name a key no type declares.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct ObjectReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [(String, DocumentValue)]
    let codingPath: [any CodingKey]
    /// Whether this is a request body, whose keys limit their text.
    let strict: Bool

    var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.0) } }

    func contains(_ key: Key) -> Bool { pairs.contains { $0.0 == key.stringValue } }

    /// The value under `key`, `nil` when absent or null.
    func present(_ key: Key) -> DocumentValue? {
        guard let value = pairs.first(where: { $0.0 == key.stringValue })?.1, value != .null else { return nil }
        return value
    }

    func decoding(_ value: DocumentValue, _ key: Key) -> DocumentDecoding {
        DocumentDecoding(value: value, codingPath: codingPath + [key], maxLength: strict ? (key as? any RequestKey)?.maxLength : nil)
    }

    func decodeNil(forKey key: Key) throws -> Bool { present(key) == nil }

    /// A value the type needs: absent, null or blank text is `required`.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = present(key) else { throw FieldRefusal.required(codingPath + [key]) }
        let decoded = try decoding(value, key).read(T.self)
        if let text = decoded as? String, text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw FieldRefusal.required(codingPath + [key])
        }
        return decoded
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try decoding(value, key).read(T.self)
    }

    // Every scalar goes through the generic pair above, which `read` sorts out by type.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T { try decode(type, forKey: key) }
    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? { try decodeIfPresent(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard let value = present(key) else { throw FieldRefusal.required(codingPath + [key]) }
        return try decoding(value, key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard let value = present(key) else { throw FieldRefusal.required(codingPath + [key]) }
        return try decoding(value, key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { DocumentDecoding(value: .object(pairs), codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoding(present(key) ?? .null, key) }
}

struct ListReader: UnkeyedDecodingContainer {
    let items: [DocumentValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [DocumentValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The next item's reader; the index moves past it once it has been read.
    mutating func next() throws -> DocumentDecoding {
        let path = codingPath + [IndexKey(currentIndex)]
        guard !isAtEnd else { throw FieldRefusal.required(path) }
        return DocumentDecoding(value: items[currentIndex], codingPath: path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeItem(type) }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeItem(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeItem(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeItem(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeItem(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeItem(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeItem(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeItem(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeItem(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeItem(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeItem(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeItem(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeItem(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeItem(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeItem(type) }

    private mutating func decodeItem<T: Decodable>(_ type: T.Type) throws -> T {
        // A null item is the wrong type for what the list holds, not a missing one.
        let decoded = try next().read(T.self)
        currentIndex += 1
        return decoded
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try next().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try next().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try next()
        currentIndex += 1
        return decoder
    }
}

struct ValueReader: SingleValueDecodingContainer {
    let decoding: DocumentDecoding
    var codingPath: [any CodingKey] { decoding.codingPath }

    func decodeNil() -> Bool { decoding.value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoding.read(T.self) }

    func decode(_ type: Bool.Type) throws -> Bool { try decoding.read(type) }
    func decode(_ type: String.Type) throws -> String { try decoding.read(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoding.read(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoding.read(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoding.read(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoding.read(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoding.read(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoding.read(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoding.read(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoding.read(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoding.read(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoding.read(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoding.read(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoding.read(type) }
}
