import Foundation

/// `DocumentDecoder` and `DocumentEncoder` pass a `DocumentValue` through as it is: a request field
/// whose type varies (a survey row's points, a number or a text) is read as the tree, and an answer
/// may hold a stored document unchanged. Other coders get the same shape, numbers as `Decimal`
/// (exact for the decimals ParIndex writes) and object keys in their sorted order.
extension DocumentValue: Codable {
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(
                try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                    ($0.stringValue, try object.decode(DocumentValue.self, forKey: $0))
                }
            )
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [DocumentValue] = []
            while !list.isAtEnd { items.append(try list.decode(DocumentValue.self)) }
            self = .array(items)
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let flag = try? value.decode(Bool.self) {
            self = .bool(flag)
        } else if let text = try? value.decode(String.self) {
            self = .string(text)
        } else {
            self = .number(NSDecimalNumber(decimal: try value.decode(Decimal.self)).stringValue)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var value = encoder.singleValueContainer()
            try value.encodeNil()
        case .bool(let flag):
            var value = encoder.singleValueContainer()
            try value.encode(flag)
        case .number(let text):
            var value = encoder.singleValueContainer()
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw EncodingError.invalidValue(text, .init(codingPath: encoder.codingPath, debugDescription: "not a decimal number"))
            }
            try value.encode(decimal)
        case .string(let text):
            var value = encoder.singleValueContainer()
            try value.encode(text)
        case .array(let items):
            var list = encoder.unkeyedContainer()
            for item in items { try list.encode(item) }
        case .object(let pairs):
            var object = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in pairs { try object.encode(value, forKey: AnyKey(key)) }
        }
    }
}
