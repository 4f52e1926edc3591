import Foundation

/// Writes `Encodable` values as a `DocumentValue`, exactly: `Points` as their shortest decimal
/// text, `Date` as RFC 3339 text (`Timestamp`), whole numbers as digits; floating point is refused.
/// A property without a value is written `null`, as the API's answers name their fields, unless it
/// is marked `@OmittedIfNil`. The canonical JSON of the result is what `DocumentValue` writes.
public struct DocumentEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> DocumentValue {
        try DocumentEncoding.document(value, codingPath: [])
    }
}

/// A property left out of the document when it has no value, rather than written `null`: an
/// evidence object names a filename or a title, whichever it has. Read back, an absent key is nil.
@propertyWrapper
public struct OmittedIfNil<Value> {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }
}

extension OmittedIfNil: Sendable where Value: Sendable {}
extension OmittedIfNil: Equatable where Value: Equatable {}

extension OmittedIfNil: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension OmittedIfNil: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedEncodingContainer {
    /// Chosen over the generic `encode` for `@OmittedIfNil` properties: nothing is written for nil.
    public mutating func encode<Value: Encodable>(_ value: OmittedIfNil<Value>, forKey key: Key) throws {
        if let wrapped = value.wrappedValue { try encode(wrapped, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Chosen over the generic `decode` for `@OmittedIfNil` properties: an absent key is nil.
    public func decode<Value: Decodable>(_ type: OmittedIfNil<Value>.Type, forKey key: Key) throws -> OmittedIfNil<Value> {
        OmittedIfNil(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}

/// Where an encoded value goes; containers are filled in after they are handed out, so they are
/// held by reference and read once the value's `encode(to:)` has returned.
enum DocumentSlot {
    case value(DocumentValue)
    case object(ObjectBox)
    case array(ArrayBox)
    case encoder(DocumentEncoding)

    var document: DocumentValue {
        switch self {
        case .value(let value): value
        case .object(let box): .object(box.pairs.map { ($0.0, $0.1.document) })
        case .array(let box): .array(box.items.map(\.document))
        case .encoder(let encoder): encoder.result
        }
    }
}

final class ObjectBox {
    var pairs: [(String, DocumentSlot)] = []

    func set(_ key: String, _ slot: DocumentSlot) {
        if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = slot } else { pairs.append((key, slot)) }
    }
}

final class ArrayBox {
    var items: [DocumentSlot] = []
}

final class DocumentEncoding: Encoder {
    let codingPath: [any CodingKey]
    var slot: DocumentSlot?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    var result: DocumentValue { slot?.document ?? .object([]) }

    /// `value`'s document: the exact scalars here, everything else through its `encode(to:)`.
    /// Types are told apart by comparing metatypes rather than casting each value to one type
    /// after another: a tenth less time for an assessment's answer, which writes thousands.
    static func document<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> DocumentValue {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Points.self { return .points(value as! Points) }
        if T.self == Int.self { return .int(value as! Int) }
        if T.self == Date.self { return .date(value as! Date) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == DocumentValue.self { return value as! DocumentValue }
        if T.self == Int64.self { return .number(String(value as! Int64)) }
        if T.self is any FixedWidthInteger.Type { return .number("\(value)") }
        if T.self == Double.self || T.self == Float.self || T.self == Decimal.self { throw FieldRefusal.floatingPoint }
        let encoder = DocumentEncoding(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.result
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: ObjectBox
        if case .object(let existing)? = slot {
            box = existing
        } else {
            box = ObjectBox()
            slot = .object(box)
        }
        return KeyedEncodingContainer(ObjectWriter<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: ArrayBox
        if case .array(let existing)? = slot {
            box = existing
        } else {
            box = ArrayBox()
            slot = .array(box)
        }
        return ListWriter(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { ValueWriter(encoder: self) }
}

struct ObjectWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, .value(.null)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, .value(try DocumentEncoding.document(value, codingPath: codingPath + [key])))
    }

    /// A property without a value is written `null` (`@OmittedIfNil` ones never come here).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    // Every scalar goes through the generic pair above, which `document` sorts out by type.
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encode(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try optional(value, key) }

    private mutating func encode<T: Encodable>(_ value: T, _ key: Key) throws { try encode(value, forKey: key) }
    private mutating func optional<T: Encodable>(_ value: T?, _ key: Key) throws { try encodeIfPresent(value, forKey: key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        box.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(ObjectWriter<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        box.set(key.stringValue, .array(nested))
        return ListWriter(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(AnyKey("super")) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key) }

    private func superEncoder(_ key: any CodingKey) -> any Encoder {
        let encoder = DocumentEncoding(codingPath: codingPath + [key])
        box.set(key.stringValue, .encoder(encoder))
        return encoder
    }
}

struct ListWriter: UnkeyedEncodingContainer {
    let box: ArrayBox
    let codingPath: [any CodingKey]
    var count: Int { box.items.count }

    var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

    mutating func encodeNil() throws { box.items.append(.value(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        box.items.append(.value(try DocumentEncoding.document(value, codingPath: nextPath)))
    }

    mutating func encode(_ value: Bool) throws { try encodeItem(value) }
    mutating func encode(_ value: String) throws { try encodeItem(value) }
    mutating func encode(_ value: Double) throws { try encodeItem(value) }
    mutating func encode(_ value: Float) throws { try encodeItem(value) }
    mutating func encode(_ value: Int) throws { try encodeItem(value) }
    mutating func encode(_ value: Int8) throws { try encodeItem(value) }
    mutating func encode(_ value: Int16) throws { try encodeItem(value) }
    mutating func encode(_ value: Int32) throws { try encodeItem(value) }
    mutating func encode(_ value: Int64) throws { try encodeItem(value) }
    mutating func encode(_ value: UInt) throws { try encodeItem(value) }
    mutating func encode(_ value: UInt8) throws { try encodeItem(value) }
    mutating func encode(_ value: UInt16) throws { try encodeItem(value) }
    mutating func encode(_ value: UInt32) throws { try encodeItem(value) }
    mutating func encode(_ value: UInt64) throws { try encodeItem(value) }

    private mutating func encodeItem<T: Encodable>(_ value: T) throws { try encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        let path = nextPath
        box.items.append(.object(nested))
        return KeyedEncodingContainer(ObjectWriter<NestedKey>(box: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        let path = nextPath
        box.items.append(.array(nested))
        return ListWriter(box: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = DocumentEncoding(codingPath: nextPath)
        box.items.append(.encoder(encoder))
        return encoder
    }
}

struct ValueWriter: SingleValueEncodingContainer {
    let encoder: DocumentEncoding
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.slot = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.slot = .value(try DocumentEncoding.document(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Bool) throws { try encodeValue(value) }
    mutating func encode(_ value: String) throws { try encodeValue(value) }
    mutating func encode(_ value: Double) throws { try encodeValue(value) }
    mutating func encode(_ value: Float) throws { try encodeValue(value) }
    mutating func encode(_ value: Int) throws { try encodeValue(value) }
    mutating func encode(_ value: Int8) throws { try encodeValue(value) }
    mutating func encode(_ value: Int16) throws { try encodeValue(value) }
    mutating func encode(_ value: Int32) throws { try encodeValue(value) }
    mutating func encode(_ value: Int64) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt8) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt16) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt32) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt64) throws { try encodeValue(value) }

    private mutating func encodeValue<T: Encodable>(_ value: T) throws { try encode(value) }
}
