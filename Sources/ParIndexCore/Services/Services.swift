import Foundation

/// Everything a use case needs: the repository, the clock, the password hasher and the reader of
/// uploaded files' formats. Built once by the composition root and shared by the web layer and the
/// command line.
public struct Services: Sendable {
    public let repository: any Repository
    public let clock: any WallClock
    public let passwords: any PasswordHasher
    /// Sign-in rules and quotas; the composition root sets them from the configuration.
    public var security = SecuritySettings()
    /// Scans every upload before it is stored (UP-9); swap in a ClamAV adapter here.
    public var scanner: any EvidenceScanner = SignatureScanner()
    /// Reads uploaded files' formats: the formats module's reader. An initialiser argument, so a
    /// composition root cannot leave uploads without one.
    public let inspector: any EvidenceInspector
    /// Whether notifications also go by e-mail, and how; the composition root sets it from `mail.*`.
    public var notificationSettings = NotificationSettings()

    public init(repository: any Repository, clock: any WallClock, passwords: any PasswordHasher, inspector: any EvidenceInspector) {
        self.repository = repository
        self.clock = clock
        self.passwords = passwords
        self.inspector = inspector
    }

    public var admin: AdminService { AdminService(services: self) }
    public var assessments: AssessmentService { AssessmentService(services: self) }
    public var review: ReviewService { ReviewService(services: self) }
    public var councilNotes: CouncilNoteService { CouncilNoteService(services: self) }
    public var results: ResultsService { ResultsService(services: self) }
    public var audit: AuditService { AuditService(services: self) }
    public var notifications: NotificationService { NotificationService(services: self) }
    public var uploads: UploadPolicy { UploadPolicy(inspector: inspector, scanner: scanner) }
}

/// Shared lookups used by several services inside a transaction.
extension RepositoryReader {
    func requireCycle(_ code: String) throws -> Cycle {
        guard let cycle = try self.cycle(code) else { throw DomainError.notFound("kỳ đánh giá \"\(code)\"") }
        return cycle
    }

    func requireFramework(of cycle: Cycle) throws -> Framework {
        guard let stored = try framework(code: cycle.frameworkCode, version: cycle.frameworkVersion) else {
            throw DomainError.internalFailure()
        }
        return stored.framework
    }

    /// The units a reviewer is assigned to in a cycle (empty for everyone else).
    func assignedUnits(_ caller: Caller, cycle cycleCode: String) throws -> Set<String> {
        guard caller.role == .reviewer else { return [] }
        return Set(try assignedUnits(cycle: cycleCode, reviewer: caller.username))
    }

    /// The cycle, checked to include the unit and to be visible to the caller, and for anyone but
    /// the unit and admins to have been submitted (DR-1); `404` otherwise.
    /// The set holds the unit itself when the caller is a reviewer assigned to it, else nothing.
    func visibleUnitCycle(_ caller: Caller, cycle cycleCode: String, unit unitCode: String) throws -> (Cycle, Set<String>) {
        let found = try visibleUnitInCycle(caller, cycle: cycleCode, unit: unitCode)
        return (found.cycle, found.reviewerAssigned ? [unitCode] : [])
    }

    /// `visibleUnitCycle` with the unit's assessment revision, all from one statement.
    func visibleUnitInCycle(_ caller: Caller, cycle cycleCode: String, unit unitCode: String) throws -> UnitInCycle {
        // Only this unit's assignment matters here; the reviewer's whole list cost a read of every
        // assignment in a national cycle on each request.
        let reviewer = caller.role == .reviewer ? caller.username : nil
        guard let found = try unitInCycle(cycle: cycleCode, unit: unitCode, reviewer: reviewer) else {
            throw DomainError.notFound("kỳ đánh giá \"\(cycleCode)\"")
        }
        let assigned: Set<String> = found.reviewerAssigned ? [unitCode] : []
        // A draft is answered exactly as a unit the caller may never see (DR-1).
        guard found.includesUnit, AccessPolicy.canSeeEntries(unit: unitCode, by: caller, assignedUnits: assigned, status: found.status)
        else { throw DomainError.notFound("đơn vị \"\(unitCode)\" trong kỳ \"\(cycleCode)\"") }
        return found
    }

    func leaf(_ framework: Framework, _ code: String) throws(DomainError) -> Leaf {
        guard let leaf = framework.leaf(code) else { throw .notFound("tiêu chí \"\(code)\"") }
        return leaf
    }
}

/// Text as people typed it, made safe by `TypedText` (NFC, no control or bidi override characters,
/// `\n` line ends, one line for `.line`), trimmed and bounded. Every name, title, note and message a
/// person types comes in here. `field` names it for programs (`details.field`, fixed by the API
/// contract); `name` names it for people, in Vietnamese words ("nội dung câu hỏi"), because a refusal
/// is read by someone filling in a page, not a JSON body.
public func cleanText(
    _ raw: String?,
    field: String,
    name: String,
    max: Int = 4000,
    required: Bool = false,
    shape: TypedText.Shape = .multiline
) throws(DomainError) -> String? {
    let text = raw.map { TypedText.clean($0, shape).trimmingCharacters(in: .whitespacesAndNewlines) }
    if let text, text.count > max {
        throw .invalid(
            "too_long",
            "\(sentenceCase(name)) dài quá \(groupedDigits(max)) ký tự.",
            details: ["field": .string(field), "max": .int(max)]
        )
    }
    if required && (text ?? "").isEmpty {
        throw .invalid("required", "Cần nhập \(name).", details: ["field": .string(field)])
    }
    return text?.isEmpty == true ? nil : text
}

/// "nội dung câu hỏi" → "Nội dung câu hỏi", to open a sentence.
func sentenceCase(_ words: String) -> String { words.prefix(1).uppercased() + words.dropFirst() }

/// 4000 → "4.000": the thousands dot people read in Vietnamese.
func groupedDigits(_ number: Int) -> String {
    var digits = String(number.magnitude)
    var index = digits.endIndex
    while digits.distance(from: digits.startIndex, to: index) > 3 {
        index = digits.index(index, offsetBy: -3)
        digits.insert(".", at: index)
    }
    return number < 0 ? "-" + digits : digits
}

/// Admin-chosen codes: letters, digits, `-`, `_` and `.`, at most 64.
/// `field` and `name` as for `cleanText`: "mã khối" for people, `block` for programs.
public func checkCode(_ code: String, field: String, name: String) throws(DomainError) {
    guard code.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._-]{0,63}/) != nil else {
        throw .invalid(
            "invalid_code",
            "\(sentenceCase(name)) chỉ gồm chữ không dấu, chữ số, '.', '-', '_' (tối đa 64 ký tự).",
            details: ["field": .string(field)]
        )
    }
}
