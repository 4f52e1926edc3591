import Foundation
import ParIndexCore

/// A reviewer's save that met a version saved meanwhile by someone else: that version beside what
/// this reviewer typed, side by side. The typed values also stay in the form (with the current
/// version), so sending it again is one click and nothing typed is lost.
struct ReviewConflictView {
    /// One version: its points (or inputs) and its note, as shown.
    struct Side {
        var entry: String
        var note: String
        var hasNote: Bool
    }

    var heading: String
    var savedTitle: String
    var saved: Side
    var typedTitle: String
    var typed: Side
    var hint: String

    /// `saved` is the council's current value of the form's kind (appraisal or final), if any.
    init(
        saved: (entry: String, note: String?, stamp: Stamp)?,
        stateName: String,
        typed values: [String: String],
        typedEntry: String,
        words: PageWords
    ) {
        heading = words["review.conflict.title"]
        if let saved {
            savedTitle = words["review.conflict.saved"].replacingOccurrences(of: "{by}", with: saved.stamp.by)
                .replacingOccurrences(of: "{at}", with: Timestamp.vietnamese(saved.stamp.at))
            self.saved = Side(entry: saved.entry, note: saved.note ?? "", hasNote: !(saved.note ?? "").isEmpty)
        } else {
            savedTitle = words["review.conflict.savedState"].replacingOccurrences(of: "{state}", with: stateName)
            self.saved = Side(entry: "—", note: "", hasNote: false)
        }
        typedTitle = words["review.conflict.typed"]
        let note = values["note"] ?? ""
        typed = Side(entry: typedEntry, note: note, hasNote: !note.isEmpty)
        hint = words["review.conflict.hint"]
    }

    /// What the form carried, in the words the page uses for saved values; as typed when it does not parse.
    static func typedEntry(_ values: [String: String], rule: Rule, words: PageWords) -> String {
        let form = FormFields<RowField>(values: values)
        if case .choice = rule, let entry = try? ReviewPagesController.entry(for: rule, form) { return words.describe(entry, rule: rule) }
        if let entry = try? ReviewPagesController.entry(for: rule, form) {
            if case .points(let p) = entry { return words.points(p) }
            return words.describe(entry, rule: rule)
        }
        let raw = ["points", "numerator", "denominator", "choice"].compactMap { values[$0] }.filter { !$0.isEmpty }.joined(separator: " / ")
        return raw.isEmpty ? "—" : raw
    }
}
