/// Where one leaf stands in review: `unreviewed → agreed | adjusted → (question_open → answered → settled)`.
public enum ItemState: String, Sendable, CaseIterable {
    case unreviewed
    case agreed
    case adjusted
    case questionOpen = "question_open"
    case answered
    case settled

    /// States that block publication.
    public var isUnsettled: Bool { self == .unreviewed || self == .questionOpen || self == .answered }

    public var vietnamese: String {
        switch self {
        case .unreviewed: "Chưa thẩm định"
        case .agreed: "Đồng ý"
        case .adjusted: "Điều chỉnh"
        case .questionOpen: "Yêu cầu giải trình"
        case .answered: "Đã giải trình"
        case .settled: "Đã chốt"
        }
    }
}

/// How a reviewer settles an explained item.
public enum Disposition: String, Sendable, CaseIterable {
    case accepted
    case partlyAccepted = "partly_accepted"
    case rejected
}

/// An assessment is a draft until the unit submits it.
public enum AssessmentStatus: String, Sendable, CaseIterable {
    case draft
    case submitted
}
