import Foundation

/// A cycle's phase. Admins move it forward one step at a time; nothing moves after publication.
public enum Phase: String, Sendable, CaseIterable, Comparable {
    case setup
    case selfAssessment = "self_assessment"
    case appraisal
    case explanation
    case finalReview = "final_review"
    case published

    public var next: Phase? {
        let all = Phase.allCases
        let i = all.firstIndex(of: self)!
        return i + 1 < all.count ? all[i + 1] : nil
    }

    /// Only the next phase is a legal move: no skipping, no going back.
    public func canMove(to target: Phase) -> Bool { next == target }

    public static func < (lhs: Phase, rhs: Phase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Vietnamese name for pages and messages.
    public var vietnamese: String {
        switch self {
        case .setup: "Chuẩn bị"
        case .selfAssessment: "Tự đánh giá"
        case .appraisal: "Thẩm định"
        case .explanation: "Giải trình"
        case .finalReview: "Xem xét cuối cùng"
        case .published: "Đã công bố"
        }
    }
}

/// The deadline of each writing phase; writes after it are refused.
public struct Deadlines: Sendable, Equatable {
    public var selfAssessment: Date
    public var appraisal: Date
    public var explanation: Date
    public var finalReview: Date

    public init(selfAssessment: Date, appraisal: Date, explanation: Date, finalReview: Date) {
        self.selfAssessment = selfAssessment
        self.appraisal = appraisal
        self.explanation = explanation
        self.finalReview = finalReview
    }

    public func deadline(for phase: Phase) -> Date? {
        switch phase {
        case .selfAssessment: selfAssessment
        case .appraisal: appraisal
        case .explanation: explanation
        case .finalReview: finalReview
        case .setup, .published: nil
        }
    }

    /// Deadlines must follow the phases' order.
    public var isOrdered: Bool { selfAssessment < appraisal && appraisal < explanation && explanation < finalReview }

    public var document: DocumentValue {
        .object([
            ("selfAssessment", .date(selfAssessment)), ("appraisal", .date(appraisal)),
            ("explanation", .date(explanation)), ("finalReview", .date(finalReview)),
        ])
    }
}
