import Foundation
import Hummingbird

/// The names of a form's text fields, as its page posts them.
protocol FormKey: CodingKey, CaseIterable {}

/// A form's text fields read by name, decoded by `URLEncodedFormDecoder`: `Key` lists the names
/// the form sends (others are ignored). `values` is what was sent, for a refused form shown again
/// with what was typed.
struct FormFields<Key: FormKey>: SignedForm {
    let csrf: String
    let values: [String: String]

    private struct Token: CodingKey {
        var stringValue: String { "_csrf" }
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) { nil }
        init?(intValue: Int) { nil }
    }

    /// Fields read before (a refused form's `values`), to read again by name; no token.
    init(values: [String: String]) {
        csrf = ""
        self.values = values
    }

    init(from decoder: any Decoder) throws {
        csrf = try decoder.container(keyedBy: Token.self).decode(String.self, forKey: Token())
        let fields = try decoder.container(keyedBy: Key.self)
        var values: [String: String] = [:]
        for key in Key.allCases {
            values[key.stringValue] = try fields.decodeIfPresent(String.self, forKey: key)
        }
        self.values = values
    }

    /// The field as sent; nil when the form did not send it (an unticked checkbox).
    subscript(_ key: Key) -> String? { values[key.stringValue] }

    /// The field, trimmed; empty when absent.
    func text(_ key: Key) -> String { (self[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}
