import Foundation

/// Reading cycles: the list a caller takes part in, and one cycle with its units and progress.
public struct CycleService: Sendable {
    let services: Services

    public struct Detail: Sendable {
        public var cycle: Cycle
        /// Units the caller may see, with whether each has submitted.
        public var units: [(unit: Unit, status: AssessmentStatus, late: Bool)]
        public var submitted: Int
        /// Unfinished items of the visible units, all of them: `pending` says whose move each is.
        public var unsettled: Int
        public var pending: Pending
    }

    /// Unfinished items by who must act next, so a page can count for each person only what is theirs.
    public struct Pending: Sendable, Equatable {
        /// `unreviewed`: the council has yet to appraise.
        public var toAppraise = 0
        /// `question_open`: the unit has yet to answer.
        public var toAnswer = 0
        /// `answered`: the council has yet to settle.
        public var toSettle = 0
        /// Survey leaves without an imported value: the secretariat has yet to import.
        public var surveyValues = 0

        public init() {}
    }

    public func list(by caller: Caller) async throws -> [Cycle] {
        try await services.repository.read { db in
            try db.cycles().filter { cycle in
                AccessPolicy.takesPart(
                    caller,
                    cycleUnits: Set(try db.cycleUnits(cycle.code)),
                    assignedUnits: try db.assignedUnits(caller, cycle: cycle.code)
                )
            }
        }
    }

    public func detail(_ cycleCode: String, by caller: Caller) async throws -> Detail {
        try await services.repository.read { db in
            let cycle = try db.requireCycle(cycleCode)
            let cycleUnits = try db.cycleUnits(cycleCode)
            let assigned = try db.assignedUnits(caller, cycle: cycleCode)
            guard AccessPolicy.takesPart(caller, cycleUnits: Set(cycleUnits), assignedUnits: assigned) else {
                throw DomainError.notFound("kỳ đánh giá \"\(cycleCode)\"")
            }
            let assessments = Dictionary(try db.assessments(cycle: cycleCode).map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
            let units = Dictionary(try db.units().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            let visible = cycleUnits.filter { AccessPolicy.canSee(unit: $0, by: caller, assignedUnits: assigned) }
            let rows = visible.compactMap { code in
                units[code].map { ($0, assessments[code]?.status ?? .draft, assessments[code]?.late ?? false) }
            }
            let unsettled = try ResultsService.unsettled(db, cycle: cycle)
            let visibleSet = Set(visible)
            var pending = Pending()
            for (unit, _, state) in unsettled.items where visibleSet.contains(unit) {
                switch state {
                case ItemState.questionOpen.rawValue: pending.toAnswer += 1
                case ItemState.answered.rawValue: pending.toSettle += 1
                case ItemState.unreviewed.rawValue: pending.toAppraise += 1
                default: pending.surveyValues += 1
                }
            }
            return Detail(
                cycle: cycle,
                units: rows.sorted { VietnameseText.precedes($0.0.name, $1.0.name) },
                submitted: rows.filter { $0.1 == .submitted }.count,
                unsettled: unsettled.items.filter { visibleSet.contains($0.unit) }.count,
                pending: pending
            )
        }
    }
}

extension Services {
    public var cycles: CycleService { CycleService(services: self) }
}
