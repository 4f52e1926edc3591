import Foundation

/// An e-mail address as ParIndex accepts one: ASCII `local@domain` with a dotted domain, at most
/// 254 characters. It is written into a message header, so nothing else gets through: no spaces,
/// line breaks, commas, display names or several addresses.
public enum EmailAddress {
    static let label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    nonisolated(unsafe) static let pattern = try! Regex("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@\(label)(?:\\.\(label))+")

    public static func isValid(_ text: String) -> Bool {
        text.utf8.count <= 254 && (try? pattern.wholeMatch(in: text)) != nil
    }

    /// The address trimmed, nil when blank; a refusal naming the field otherwise.
    public static func check(_ raw: String?, field: String = "email") throws(DomainError) -> String? {
        let text = raw?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else { return nil }
        guard isValid(text) else {
            throw .invalid("invalid_email", "Địa chỉ thư điện tử không hợp lệ (dạng ten@donvi.gov.vn).", details: ["field": .string(field)])
        }
        return text
    }

    /// The part after `@`.
    public static func domain(_ address: String) -> String { String(address.split(separator: "@").last ?? "") }
}
