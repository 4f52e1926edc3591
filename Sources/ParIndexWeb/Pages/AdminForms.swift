import Foundation

// The admin pages' forms, by the names their templates post.

/// The phase page: the phase to move to.
enum PhaseField: String, FormKey { case to }

/// An extension for one unit on the cycle page, and where to go back to.
enum ExtensionField: String, FormKey { case until, reason, back }

/// Submitting for or reopening one unit on the cycle page, and where to go back to.
enum UnitStepField: String, FormKey { case reason, back }

/// Publishing: the admin's password again (SECURITY.md AC-9).
enum PublishField: String, FormKey { case password }

/// Adding or renaming a block (`rename=1` on a block's own row).
enum BlockField: String, FormKey { case code, name, rename }

/// Adding or changing a unit.
enum UnitField: String, FormKey { case code, name, block }

/// A CSV import (units, survey scores): the pasted text; a chosen file is a multipart part.
enum CSVField: String, FormKey { case csv }

/// A framework file, pasted or chosen, to check (`action=check`) or import (`action=import`).
enum FrameworkField: String, FormKey { case action, document }

/// A new cycle: its code, name, year, framework (`code|version`), deadlines (Vietnam time) and
/// the ticked units (`units`, once per box).
struct NewCycleForm: SignedForm {
    var csrf: String
    var code: String?
    var name: String?
    var year: String?
    var framework: String?
    var selfAssessment: String?
    var appraisal: String?
    var explanation: String?
    var finalReview: String?
    var units: [String]?

    static var repeated: Set<String> { ["units"] }

    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf"
        case code, name, year, framework, selfAssessment, appraisal, explanation, finalReview, units
    }
}

/// A reviewer's units in a cycle (`units`, once per ticked box).
struct AssignmentForm: SignedForm {
    var csrf: String
    var units: [String]?

    static var repeated: Set<String> { ["units"] }

    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf"
        case units
    }
}
