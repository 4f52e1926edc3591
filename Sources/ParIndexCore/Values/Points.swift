import Foundation

/// Points as exact integer hundredths: `0.25` is 25. No floating point ever touches a score.
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }

    public static let zero = Points(hundredths: 0)

    /// Whole points, for literals in code and tests: `Points(3)` is 3.00.
    public init(_ whole: Int) { self.hundredths = whole * 100 }

    /// Parses `"0.25"`, `"0,25"`, `"14.5"`, `"3"`, `"-1.5"`. At most two decimals; no thousands
    /// separators, exponents or spaces inside, so `"1,234.5"` is refused rather than guessed at.
    public init?(parsing raw: String) {
        // Plain numbers, which is nearly every score sent or stored, are read from the bytes; the
        // character-by-character path handles the rest (spaces, other scripts) and refusals.
        guard let hundredths = Self.plainHundredths(raw.utf8) ?? Self.generalHundredths(raw) else { return nil }
        self.hundredths = hundredths
    }

    static func generalHundredths(_ raw: String) -> Int? {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        } else if text.first == "+" {
            text = text.dropFirst()
        }
        let separators = text.filter { $0 == "." || $0 == "," }
        guard separators.count <= 1 else { return nil }
        let parts = text.split(separator: separators.first ?? ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 12, fraction.count <= 2,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || !fraction.isEmpty
        else { return nil }
        let fractionValue = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        let value = Int(whole)! * 100 + fractionValue
        return negative ? -value : value
    }

    /// `[+-]digits[(.|,)d[d]]` with 1 to 12 whole digits, exactly what the general path accepts
    /// when there is no space to trim; `nil` for anything else, which that path then decides.
    static func plainHundredths(_ bytes: String.UTF8View) -> Int? {
        var whole = 0
        var wholeDigits = 0
        var fraction = 0
        var fractionDigits = 0
        var negative = false
        var inFraction = false
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if inFraction {
                    guard fractionDigits < 2 else { return nil }
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                } else {
                    guard wholeDigits < 12 else { return nil }
                    whole = whole * 10 + digit
                    wholeDigits += 1
                }
            case UInt8(ascii: "-") where offset == 0: negative = true
            case UInt8(ascii: "+") where offset == 0: break
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard !inFraction, wholeDigits > 0 else { return nil }
                inFraction = true
            default: return nil
            }
        }
        guard wholeDigits > 0, !inFraction || fractionDigits > 0 else { return nil }
        let value = whole * 100 + (fractionDigits == 1 ? fraction * 10 : fraction)
        return negative ? -value : value
    }

    /// The shortest exact decimal text: `0.25`, `0.5`, `3`, `88.54`, `-1.5`. Used in JSON and
    /// canonical documents, where a reader parsing it as a number gets the same value back.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Always two decimals, for tables: `88.54`, `3.00`.
    public var fixed2: String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Rounded half-up to whole points, a tie going away from zero: `12.49` → 12, `12.50` → 13,
    /// `99.50` → 100. For displays with no decimals, so the whole number shown is the nearest one.
    public var wholeRoundedHalfUp: Int {
        let whole = Int((hundredths.magnitude + 50) / 100)
        return hundredths < 0 ? -whole : whole
    }

    /// Vietnamese display: decimal comma, thousands dot, two decimals (`88,54`, `1.234,50`).
    public var vietnamese: String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(groupThousands(magnitude / 100, separator: ".")),\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func - (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths - rhs.hundredths) }
    public static func += (lhs: inout Points, rhs: Points) { lhs.hundredths += rhs.hundredths }

    /// Whether this is a whole multiple of `step` (both in hundredths).
    public func isMultiple(of step: Points) -> Bool {
        step.hundredths > 0 && hundredths % step.hundredths == 0
    }
}

/// `1234567` → `1.234.567` (Vietnamese) or `1,234,567`.
public func groupThousands(_ value: UInt, separator: String) -> String {
    let digits = String(value)
    var out = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 { out += separator }
        out.append(character)
    }
    return out
}

extension Points: Codable {
    /// Decodes a JSON number or a string, exactly: `0.25`, `"0.25"`, `"0,25"`. A value with more than
    /// two decimals, NaN or an exponent is refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let whole = try? container.decode(Int.self) {
            guard whole.magnitude <= 1_000_000_000_000 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "points out of range")
            }
            self.init(hundredths: whole * 100)
        } else if let text = try? container.decode(String.self), let parsed = Points(parsing: text) {
            self = parsed
        } else if let decimal = try? container.decode(Decimal.self), let exact = Points(exactly: decimal) {
            self = exact
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "points must be a number with at most two decimals"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimal)
    }

    /// Exact conversion from a `Decimal` with at most two decimals.
    public init?(exactly decimal: Decimal) {
        guard decimal.isFinite, let parsed = Points(parsing: NSDecimalNumber(decimal: decimal).stringValue) else {
            return nil
        }
        self = parsed
    }

    public var decimal: Decimal { Decimal(sign: hundredths < 0 ? .minus : .plus, exponent: -2, significand: Decimal(hundredths.magnitude)) }
}
