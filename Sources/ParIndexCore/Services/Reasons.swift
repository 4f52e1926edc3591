import Foundation

/// A reason an admin or a unit gives for a step that bends the workflow (submitting for a unit,
/// reopening, withdrawing, extending), cleaned like any text. `missing` says in the person's own
/// words what is lacking, rather than naming a field of a form or a JSON body.
func cleanReason(_ raw: String?, required: Bool, missing: String) throws(DomainError) -> String? {
    let reason = try cleanText(raw, field: "reason", name: "lý do", max: 1000)
    if required && reason == nil {
        throw .invalid("reason_required", missing, details: ["field": .string("reason")])
    }
    return reason
}
