import Foundation

extension ReviewService {
    /// Which items a bulk acceptance takes: the ones named, or every item still waiting for the
    /// council that the unit scored.
    public enum AcceptanceScope: Sendable, Equatable {
        case criteria([String])
        case allUnreviewed
    }

    /// Accepts the unit's own entries as the appraisal of several items at once (the reviewer
    /// agrees with each self score): one transaction, and for each item the same row change and the
    /// same `item.appraise` ledger event as a single appraisal with the self entry and no note.
    ///
    /// Only items that are `unreviewed`, applicable, self-scored and carry the unit's entry can be
    /// accepted so. When any named item cannot, nothing is written and the refusal names each one
    /// with its reason: an item someone appraised meanwhile is no longer `unreviewed`, so a page
    /// loaded before that save cannot overwrite it.
    public func acceptSelfScores(
        cycle cycleCode: String,
        unit unitCode: String,
        _ scope: AcceptanceScope,
        by caller: Caller
    ) async throws -> [Item] {
        let now = services.clock.now()
        return try await services.repository.write { db in
            let (cycle, assigned) = try db.visibleUnitCycle(caller, cycle: cycleCode, unit: unitCode)
            try AccessPolicy.require(AccessPolicy.canAppraise(unit: unitCode, by: caller, assignedUnits: assigned), canSee: true, what: "đơn vị")
            let framework = try db.requireFramework(of: cycle)
            guard let assessment = try db.assessment(cycle: cycleCode, unit: unitCode), assessment.status == .submitted else {
                throw DomainError.conflict("not_submitted", "Đơn vị chưa nộp bản tự đánh giá.")
            }
            try WritingWindow.check(cycle, phases: [.appraisal, .finalReview], now: now, extensionUntil: assessment.extensionUntil)
            let items = Dictionary(try db.items(assessment: assessment.id!).map { ($0.criterion, $0) }, uniquingKeysWith: { a, _ in a })

            let codes: [String]
            switch scope {
            case .criteria(let named):
                var seen = Set<String>()
                codes = named.filter { seen.insert($0).inserted }
                guard !codes.isEmpty else {
                    throw DomainError.invalid("nothing_selected", "Chưa chọn tiêu chí nào để chấp nhận điểm tự đánh giá.")
                }
            case .allUnreviewed:
                codes = framework.leaves.filter { leaf in
                    leaf.spec.source == .selfAssessed && items[leaf.code].map(Self.acceptable) == true
                }.map(\.code)
                guard !codes.isEmpty else {
                    throw DomainError.conflict("nothing_to_accept", "Không còn tiêu chí nào chưa thẩm định có điểm tự đánh giá để chấp nhận.")
                }
            }

            var targets: [(Leaf, Item, Entry, Points)] = []
            var refused: [(String, String)] = []
            for code in codes {
                let leaf = try db.leaf(framework, code)
                let item = items[code]
                if let reason = Self.refusal(leaf, item) {
                    refused.append((code, reason))
                } else if let item, let entry = item.selfValue?.entry, let points = item.selfValue?.points {
                    targets.append((leaf, item, entry, points))
                }
            }
            guard refused.isEmpty else {
                throw DomainError.conflict(
                    "not_acceptable",
                    "Không chấp nhận được điểm tự đánh giá của: "
                        + refused.map { "\($0.0) (\($0.1))" }.joined(separator: "; ") + ". Chưa lưu tiêu chí nào.",
                    details: ["criteria": .array(refused.map { .object([("criterion", .string($0.0)), ("reason", .string($0.1))]) })]
                )
            }
            return try targets.map { _, item, entry, points in
                try Self.recordAppraisal(db, item, entry: entry, points: points, note: nil, subject: (cycleCode, unitCode), by: caller, at: now)
            }
        }
    }

    /// An item whose self score a reviewer can accept as it stands.
    public static func acceptable(_ item: Item) -> Bool {
        item.applicable && item.state == .unreviewed && item.selfValue?.entry != nil && item.selfValue?.points != nil
    }

    /// Why the self score of `leaf` cannot be accepted in bulk, in words; nil when it can.
    static func refusal(_ leaf: Leaf, _ item: Item?) -> String? {
        if leaf.spec.source == .survey { return "điểm điều tra xã hội học" }
        guard let item, item.selfValue?.entry != nil, item.selfValue?.points != nil else {
            return item?.applicable == false ? "không áp dụng" : "đơn vị chưa chấm điểm"
        }
        if !item.applicable { return "không áp dụng" }
        if item.state != .unreviewed { return "đã ở trạng thái \(item.state.vietnamese)" }
        return nil
    }
}
