import Foundation

/// Reading cycles: the list a caller takes part in, and one cycle with its units and progress.
public struct CycleService: Sendable {
    let services: Services

    public struct Detail: Sendable {
        public var cycle: Cycle
        /// Units the caller may see, with whether each has submitted.
        public var units: [(unit: Unit, status: AssessmentStatus, late: Bool)]
        /// The units in `units` whose entries the caller may read: all of them for admins and the
        /// unit itself, only the submitted ones for reviewers and observers (DR-1). Counts of items
        /// run over these alone, so no number says anything about a draft.
        public var entriesVisible: Set<String> = []
        public var submitted: Int
        /// Unfinished items of the units in `entriesVisible`: `pending` says whose move each is.
        public var unsettled: Int
        public var pending: Pending
        /// What is the caller's to do in this cycle now, each with how many; empty for observers.
        public var toDo: [ToDo] = []
    }

    /// One line of a person's to-do list: what to do, how many, and where (one unit, one item)
    /// when the work is all in one place.
    public struct ToDo: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            /// A unit's applicable leaves without self points.
            case score
            /// A unit's own self-assessment, not submitted while it may be.
            case submit
            /// A unit's questions waiting for its answer.
            case answer
            /// Items of submitted units the reviewer has yet to appraise.
            case appraise
            /// Explained items the reviewer has yet to settle.
            case settle
            /// Questions the unit never answered, which the reviewer settles all the same.
            case settleUnanswered
            /// Units that have not submitted (the secretariat follows them up).
            case unitsNotSubmitted
            /// Survey leaves without an imported value.
            case surveyValues
            /// Items not finished before publication; 0 means the cycle may be published.
            case publish
        }

        public var kind: Kind
        public var count: Int
        public var unit: String?
        public var criterion: String?

        public init(_ kind: Kind, _ count: Int, unit: String? = nil, criterion: String? = nil) {
            self.kind = kind
            self.count = count
            self.unit = unit
            self.criterion = criterion
        }
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

    /// The framework a cycle is pinned to (the caller has read the cycle already, through `detail`).
    public func framework(of cycle: Cycle) async throws -> Framework {
        try await services.repository.read { db in try db.requireFramework(of: cycle) }
    }

    public func detail(_ cycleCode: String, by caller: Caller) async throws -> Detail {
        let now = services.clock.now()
        return try await services.repository.read { db in
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
            let visibleSet = Set(
                rows.map(\.0.code).filter {
                    AccessPolicy.canSeeEntries(unit: $0, by: caller, assignedUnits: assigned, status: assessments[$0]?.status)
                }
            )
            var pending = Pending()
            for (unit, _, state) in unsettled.items where visibleSet.contains(unit) {
                switch state {
                case ItemState.questionOpen.rawValue: pending.toAnswer += 1
                case ItemState.answered.rawValue: pending.toSettle += 1
                case ItemState.unreviewed.rawValue: pending.toAppraise += 1
                default: pending.surveyValues += 1
                }
            }
            var detail = Detail(
                cycle: cycle,
                units: rows.sorted { VietnameseText.precedes($0.0.name, $1.0.name) },
                entriesVisible: visibleSet,
                submitted: rows.filter { $0.1 == .submitted }.count,
                unsettled: unsettled.items.filter { visibleSet.contains($0.unit) }.count,
                pending: pending
            )
            detail.toDo = try Self.toDo(db, detail, unsettled: unsettled, caller: caller, now: now)
            return detail
        }
    }

    /// The caller's to-do list in a cycle, counted over what they may see and may act on now.
    static func toDo(_ db: any RepositoryReader, _ detail: Detail, unsettled: ResultsService.Unsettled, caller: Caller, now: Date) throws -> [ToDo] {
        let cycle = detail.cycle
        let phase = cycle.phase
        let visible = detail.entriesVisible
        let submitted = Set(detail.units.filter { $0.status == .submitted }.map(\.unit.code))
        /// The waiting items in `states`, of the units `units` admits, as one to-do line.
        func items(_ kind: ToDo.Kind, _ states: Set<ItemState>, of units: Set<String>) -> ToDo {
            let found = unsettled.items.filter { units.contains($0.unit) && ItemState(rawValue: $0.state).map(states.contains) == true }
            let one = Set(found.map(\.unit)).count == 1 ? found.first : nil
            return ToDo(kind, found.count, unit: one?.unit, criterion: one?.criterion)
        }
        var list: [ToDo] = []
        switch caller.role {
        case .observer:
            return []
        case .unit:
            guard let unit = caller.unitCode, visible.contains(unit) else { return [] }
            let assessment = try db.assessment(cycle: cycle.code, unit: unit)
            if assessment?.status != .submitted, WritingWindow.selfOpen(cycle, now: now, extensionUntil: assessment?.extensionUntil) {
                let framework = try db.requireFramework(of: cycle)
                let entered = Dictionary(
                    try assessment.map { try db.items(assessment: $0.id!) }?.map { ($0.criterion, $0) } ?? [],
                    uniquingKeysWith: { a, _ in a }
                )
                let unscored = framework.leaves.filter { leaf in
                    leaf.spec.source == .selfAssessed && (entered[leaf.code]?.applicable ?? true) && entered[leaf.code]?.selfValue?.points == nil
                }
                list.append(ToDo(.score, unscored.count, unit: unit, criterion: unscored.first?.code))
                list.append(ToDo(.submit, 1, unit: unit))
            }
            if phase == .explanation { list.append(items(.answer, [.questionOpen], of: [unit])) }
        case .reviewer:
            if phase == .appraisal || phase == .finalReview { list.append(items(.appraise, [.unreviewed], of: visible.intersection(submitted))) }
            if phase == .finalReview {
                list.append(items(.settle, [.answered], of: visible))
                list.append(items(.settleUnanswered, [.questionOpen], of: visible))
            }
        case .admin:
            guard phase > .setup, phase < .published else { return [] }
            list.append(ToDo(.unitsNotSubmitted, unsettled.unitsNotSubmitted.count))
            if phase >= .appraisal {
                list.append(ToDo(.surveyValues, unsettled.items.filter { $0.state == "no_survey_value" }.count))
            }
            if phase == .finalReview {
                // Ready (0) once nothing blocks publication; otherwise the items that still do.
                list = list.filter { $0.count > 0 }
                if unsettled.isEmpty || !unsettled.items.isEmpty { list.append(ToDo(.publish, unsettled.items.count)) }
                return list
            }
        }
        return list.filter { $0.count > 0 }
    }
}

extension Services {
    public var cycles: CycleService { CycleService(services: self) }
}
