import Foundation

/// The fields of a row's forms on the unit's grid (entry, reference, answer) and the reviewer's
/// page (appraisal, question, settlement), under the names the pages' forms and scripts post.
/// Each form sends some of them; a refused form is shown again with what was sent.
enum RowField: String, FormKey {
    case version, na, naReason, note, points, choice, numerator, denominator
    case title, documentNumber, issuedOn, url, message, disposition, filter
}

/// A council note and the page to go back to.
enum NoteField: String, FormKey { case body, back }

/// The reviewer's acceptance of the unit's own scores: the ticked items (`criteria`, once per
/// box) or every unreviewed one (`scope=unreviewed`), and the page's filter.
struct AcceptanceForm: SignedForm {
    var csrf: String
    var scope: String?
    var filter: String?
    var criteria: [String]?

    static var repeated: Set<String> { ["criteria"] }

    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf"
        case scope, filter, criteria
    }
}

extension FormFields where Key == RowField {
    /// The field without the spaces around it; empty when not sent.
    func trimmed(_ key: RowField) -> String { (self[key] ?? "").trimmingCharacters(in: .whitespaces) }
}
