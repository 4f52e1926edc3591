import Foundation

/// Whether a write may happen now: the cycle must be in one of the allowed phases and, for that
/// phase, before its deadline (or before the unit's extension, for writes by the unit).
public enum WritingWindow {
    public static func check(_ cycle: Cycle, phases: [Phase], now: Date, extensionUntil: Date? = nil) throws(DomainError) {
        guard phases.contains(cycle.phase) else {
            throw .conflict(
                "wrong_phase",
                "Kỳ đánh giá đang ở giai đoạn \"\(cycle.phase.vietnamese)\"; thao tác này chỉ làm được trong giai đoạn "
                    + phases.map { "\"\($0.vietnamese)\"" }.joined(separator: " hoặc ") + ".",
                details: ["phase": .string(cycle.phase.rawValue), "allowed": .array(phases.map { .string($0.rawValue) })]
            )
        }
        guard let deadline = cycle.deadlines.deadline(for: cycle.phase) else { return }
        if now <= deadline { return }
        if let extensionUntil, now <= extensionUntil { return }
        throw .conflict(
            "deadline_passed",
            "Đã quá hạn \(Timestamp.vietnamese(extensionUntil.map { max($0, deadline) } ?? deadline)) của giai đoạn \"\(cycle.phase.vietnamese)\".",
            details: ["deadline": .date(deadline), "extensionUntil": extensionUntil.map { .date($0) } ?? .null]
        )
    }
}

extension WritingWindow {
    /// Whether a unit may write its own assessment now (entries, evidence, submitting, withdrawing):
    /// in self-assessment before its deadline or its extension, and in any later phase short of
    /// publication while an extension runs. An extension is how an admin lets a unit left behind
    /// finish after the cycle has moved on, so it has to reopen writing whatever the phase.
    public static func checkSelf(_ cycle: Cycle, now: Date, extensionUntil: Date?) throws(DomainError) {
        if cycle.phase > .selfAssessment, cycle.phase < .published, let extensionUntil, now <= extensionUntil { return }
        try check(cycle, phases: [.selfAssessment], now: now, extensionUntil: extensionUntil)
    }

    /// `checkSelf` as a yes or no, for pages deciding what to offer.
    public static func selfOpen(_ cycle: Cycle, now: Date, extensionUntil: Date?) -> Bool {
        (try? checkSelf(cycle, now: now, extensionUntil: extensionUntil)) != nil
    }
}
