import Foundation

/// The secretariat's use cases: users, tokens, blocks, units, frameworks, cycles, phases,
/// reviewer assignments and extensions. Every change is recorded in the ledger.
public struct AdminService: Sendable {
    let services: Services

    public struct NewUser: Sendable {
        public var username: String
        public var name: String
        public var role: Role
        public var unitCode: String?
        public var password: String
        /// Where notifications are e-mailed; optional.
        public var email: String?
        public init(username: String, name: String, role: Role, unitCode: String?, password: String, email: String? = nil) {
            self.username = username
            self.name = name
            self.role = role
            self.unitCode = unitCode
            self.password = password
            self.email = email
        }
    }

    /// Creates a user; the password is checked against the policy and stored hashed.
    public func createUser(_ new: NewUser, by caller: Caller) async throws -> User {
        try requireAdmin(caller)
        guard new.username.wholeMatch(of: /[a-z0-9][a-z0-9._-]{1,63}/) != nil else {
            throw DomainError.invalid("invalid_username", "Tên đăng nhập gồm 2–64 ký tự: chữ thường không dấu, chữ số, '.', '-', '_'.")
        }
        let name = try cleanText(new.name, field: "name", name: "họ tên", max: 200, required: true, shape: .line)!
        let email = try EmailAddress.check(new.email)
        try PasswordPolicy.check(new.password, username: new.username)
        if new.role == .unit && new.unitCode == nil {
            throw DomainError.invalid("unit_required", "Tài khoản đơn vị phải gắn với một đơn vị.")
        }
        if new.role == .admin || new.role == .observer, new.unitCode != nil {
            throw DomainError.invalid("unit_not_allowed", "Tài khoản quản trị hoặc quan sát không gắn với đơn vị.")
        }
        let hash = try services.passwords.hash(new.password)
        let now = services.clock.now()
        return try await services.repository.write { db in
            if try db.user(new.username) != nil {
                throw DomainError.conflict("user_exists", "Tên đăng nhập \"\(new.username)\" đã tồn tại.")
            }
            if let unitCode = new.unitCode, try db.unit(unitCode) == nil { throw DomainError.notFound("đơn vị \"\(unitCode)\"") }
            let user = User(
                username: new.username,
                name: name,
                role: new.role,
                unitCode: new.unitCode,
                passwordHash: hash,
                createdAt: now,
                email: email
            )
            try db.save(user)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "user.create",
                    subject: "user:\(user.username)",
                    payload: .fields([
                        "role": .string(user.role.rawValue), "unit": .optional(user.unitCode), "name": .string(name),
                        "email": email.map { .string($0) },
                    ])
                )
            )
            return user
        }
    }

    /// Sets or (with nil or blank) removes the address a user's notifications are e-mailed to.
    public func setEmail(_ username: String, to raw: String?, by caller: Caller) async throws -> User {
        try requireAdmin(caller)
        let email = try EmailAddress.check(raw)
        return try await services.repository.write { db in
            guard var user = try db.user(username) else { throw DomainError.notFound("người dùng \"\(username)\"") }
            user.email = email
            try db.save(user)
            try db.record(
                LedgerEntry(actor: caller.username, action: "user.email", subject: "user:\(username)", payload: .fields(["email": .optional(email)]))
            )
            return user
        }
    }

    /// Issues a bearer token for a user; the token is returned once and only its hash is kept. It
    /// expires after `auth.tokenDays` (SECURITY.md CR-2); `label` says what it is for.
    public func createToken(for username: String, label rawLabel: String? = nil, by caller: Caller) async throws -> String {
        try requireAdmin(caller)
        let label = try cleanText(rawLabel, field: "label", name: "tên gợi nhớ của mã", max: 200)
        var generator = SystemRandomNumberGenerator()
        let token = "pi_" + hexEncoded((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let hash = Digests.sha256Hex(token)
        let now = services.clock.now()
        let expiresAt = now.addingTimeInterval(services.security.auth.tokenLifetime)
        try await services.repository.write { db in
            guard try db.user(username) != nil else { throw DomainError.notFound("người dùng \"\(username)\"") }
            let saved = try db.insert(APIToken(tokenSHA256: hash, username: username, label: label, createdAt: now, expiresAt: expiresAt))
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "token.create",
                    subject: "user:\(username)",
                    payload: .fields([
                        "id": saved.id.map { .int(Int($0)) }, "label": label.map { .string($0) }, "expiresAt": .date(expiresAt),
                    ])
                )
            )
        }
        return token
    }

    public func saveBlock(_ block: Block, by caller: Caller) async throws -> Block {
        try requireAdmin(caller)
        try checkCode(block.code, field: "block", name: "mã khối")
        let name = try cleanText(block.name, field: "name", name: "tên khối", max: 200, required: true, shape: .line)!
        let clean = Block(code: block.code, name: name)
        return try await services.repository.write { db in
            try db.save(clean)
            try db.record(
                LedgerEntry(actor: caller.username, action: "block.save", subject: "block:\(clean.code)", payload: .fields(["name": .string(name)]))
            )
            return clean
        }
    }

    public func saveUnit(_ unit: Unit, by caller: Caller) async throws -> Unit {
        try requireAdmin(caller)
        let clean = try Self.cleanUnit(unit)
        return try await services.repository.write { db in
            try Self.saveUnit(clean, in: db, by: caller)
            return clean
        }
    }

    /// One row of a units file: `code,name,block`.
    public struct UnitRow: Sendable {
        public var line: Int
        public var code: String
        public var name: String
        public var block: String
        public init(line: Int, code: String, name: String, block: String) {
            self.line = line
            self.code = code
            self.name = name
            self.block = block
        }
    }

    /// Imports units all or nothing. Blocks named in the file are created when missing (named by
    /// their code until renamed). Errors list every bad line.
    public func importUnits(_ rows: [UnitRow], blockNames: [String: String] = [:], by caller: Caller) async throws -> Int {
        try requireAdmin(caller)
        var problems: [DocumentValue] = []
        var clean: [Unit] = []
        var seen: Set<String> = []
        for row in rows {
            do {
                let unit = try Self.cleanUnit(Unit(code: row.code, name: row.name, blockCode: row.block))
                try checkCode(unit.blockCode, field: "block", name: "mã khối")
                guard seen.insert(unit.code).inserted else {
                    throw DomainError.invalid("duplicate", "Mã đơn vị \"\(unit.code)\" bị lặp.")
                }
                clean.append(unit)
            } catch let error as DomainError {
                problems.append(.fields(["line": .int(row.line), "message": .string(error.message)]))
            }
        }
        guard problems.isEmpty else {
            throw DomainError.invalid("invalid_rows", "Tệp có \(problems.count) dòng lỗi; chưa nhập dòng nào.", details: ["rows": .array(problems)])
        }
        let units = clean
        return try await services.repository.write { db in
            for code in Set(units.map(\.blockCode)) where try db.block(code) == nil {
                let block = Block(code: code, name: blockNames[code].map { TypedText.clean($0, .line) } ?? code)
                try db.save(block)
                try db.record(
                    LedgerEntry(
                        actor: caller.username,
                        action: "block.save",
                        subject: "block:\(code)",
                        payload: .fields(["name": .string(block.name)])
                    )
                )
            }
            for unit in units { try Self.saveUnit(unit, in: db, by: caller) }
            return units.count
        }
    }

    static func cleanUnit(_ unit: Unit) throws(DomainError) -> Unit {
        try checkCode(unit.code, field: "unit", name: "mã đơn vị")
        let name = try cleanText(unit.name, field: "name", name: "tên đơn vị", max: 200, required: true, shape: .line)!
        return Unit(code: unit.code, name: name, blockCode: unit.blockCode)
    }

    static func saveUnit(_ unit: Unit, in db: any RepositoryWriter, by caller: Caller) throws {
        guard try db.block(unit.blockCode) != nil else { throw DomainError.invalid("unknown_block", "Không có khối \"\(unit.blockCode)\".") }
        try db.save(unit)
        try db.record(
            LedgerEntry(
                actor: caller.username,
                action: "unit.save",
                subject: "unit:\(unit.code)",
                payload: .fields(["name": .string(unit.name), "block": .string(unit.blockCode)])
            )
        )
    }

    /// Validates and stores a framework version. The same code and version cannot be imported twice
    /// with different content: a published methodology never changes under its name.
    public func importFramework(_ document: DocumentValue, by caller: Caller) async throws -> StoredFramework {
        try requireAdmin(caller)
        let framework = try FrameworkReader.read(document)
        let stored = StoredFramework(framework: framework, contentSHA256: framework.contentSHA256, importedAt: services.clock.now())
        return try await services.repository.write { db in
            if let existing = try db.framework(code: framework.code, version: framework.version) {
                guard existing.contentSHA256 == stored.contentSHA256 else {
                    throw DomainError.conflict(
                        "framework_exists",
                        "Bộ tiêu chí \(framework.code) phiên bản \(framework.version) đã có với nội dung khác; hãy đặt phiên bản mới."
                    )
                }
                return existing
            }
            try db.insert(stored)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "framework.import",
                    subject: "framework:\(framework.code)/\(framework.version)",
                    payload: .fields(["contentSha256": .string(stored.contentSHA256), "leaves": .int(framework.leaves.count)])
                )
            )
            return stored
        }
    }

    public struct NewCycle: Sendable {
        public var code: String
        public var name: String
        public var year: Int
        public var frameworkCode: String
        public var frameworkVersion: String
        public var units: [String]
        public var deadlines: Deadlines
        public init(code: String, name: String, year: Int, frameworkCode: String, frameworkVersion: String, units: [String], deadlines: Deadlines) {
            self.code = code
            self.name = name
            self.year = year
            self.frameworkCode = frameworkCode
            self.frameworkVersion = frameworkVersion
            self.units = units
            self.deadlines = deadlines
        }
    }

    public func createCycle(_ new: NewCycle, by caller: Caller) async throws -> Cycle {
        try requireAdmin(caller)
        try checkCode(new.code, field: "code", name: "mã kỳ đánh giá")
        let name = try cleanText(new.name, field: "name", name: "tên kỳ đánh giá", max: 200, required: true, shape: .line)!
        guard (2000...2100).contains(new.year) else { throw DomainError.invalid("invalid_year", "Năm đánh giá không hợp lệ.") }
        guard new.deadlines.isOrdered else {
            throw DomainError.invalid("deadlines_order", "Các hạn phải theo thứ tự: tự đánh giá < thẩm định < giải trình < xem xét cuối cùng.")
        }
        guard !new.units.isEmpty, Set(new.units).count == new.units.count else {
            throw DomainError.invalid("invalid_units", "Danh sách đơn vị phải không rỗng và không trùng lặp.")
        }
        let now = services.clock.now()
        return try await services.repository.write { db in
            guard try db.cycle(new.code) == nil else { throw DomainError.conflict("cycle_exists", "Kỳ đánh giá \"\(new.code)\" đã tồn tại.") }
            guard let framework = try db.framework(code: new.frameworkCode, version: new.frameworkVersion) else {
                throw DomainError.invalid("unknown_framework", "Không có bộ tiêu chí \(new.frameworkCode) phiên bản \(new.frameworkVersion).")
            }
            let known = Set(try db.units().map(\.code))
            let missing = new.units.filter { !known.contains($0) }
            guard missing.isEmpty else {
                throw DomainError.invalid(
                    "unknown_units",
                    "Không có đơn vị: \(missing.joined(separator: ", ")).",
                    details: ["units": .array(missing.map { .string($0) })]
                )
            }
            let cycle = Cycle(
                code: new.code,
                name: name,
                year: new.year,
                frameworkCode: new.frameworkCode,
                frameworkVersion: new.frameworkVersion,
                frameworkSHA256: framework.contentSHA256,
                phase: .setup,
                deadlines: new.deadlines,
                createdAt: now
            )
            try db.insert(cycle, units: new.units)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "cycle.create",
                    subject: "cycle:\(cycle.code)",
                    payload: .fields([
                        "name": .string(name), "year": .int(new.year), "framework": .string("\(new.frameworkCode)/\(new.frameworkVersion)"),
                        "contentSha256": .string(framework.contentSHA256), "units": .array(new.units.map { .string($0) }),
                        "deadlines": new.deadlines.document,
                    ])
                )
            )
            return cycle
        }
    }

    /// Moves a cycle one phase forward. Publishing goes through `ResultsService.publish`.
    public func movePhase(cycle cycleCode: String, to target: Phase, by caller: Caller) async throws -> Cycle {
        try requireAdmin(caller)
        guard target != .published else {
            throw DomainError.conflict("use_publish", "Dùng chức năng công bố kết quả để chuyển sang giai đoạn đã công bố.")
        }
        let now = services.clock.now()
        return try await services.repository.write { db in
            var cycle = try db.requireCycle(cycleCode)
            guard cycle.phase.canMove(to: target) else {
                throw DomainError.conflict(
                    "illegal_phase_move",
                    "Không thể chuyển từ \"\(cycle.phase.vietnamese)\" sang \"\(target.vietnamese)\"; chỉ được chuyển sang giai đoạn kế tiếp.",
                    details: ["from": .string(cycle.phase.rawValue), "to": .string(target.rawValue)]
                )
            }
            let from = cycle.phase
            cycle.phase = target
            try db.update(cycle)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "cycle.phase",
                    subject: "cycle:\(cycleCode)",
                    payload: .fields(["from": .string(from.rawValue), "to": .string(target.rawValue)])
                )
            )
            try services.notifier(db, at: now).phaseMoved(cycle, from: from, by: caller.username)
            return cycle
        }
    }

    /// Replaces a reviewer's units in a cycle. A reviewer who belongs to a unit is never assigned to it.
    public func assignReviewer(cycle cycleCode: String, username: String, units: [String], by caller: Caller) async throws -> [String] {
        try requireAdmin(caller)
        return try await services.repository.write { db in
            let cycle = try db.requireCycle(cycleCode)
            guard cycle.phase != .published else { throw DomainError.conflict("published", "Kỳ đánh giá đã công bố.") }
            guard let reviewer = try db.user(username), reviewer.role == .reviewer else {
                throw DomainError.invalid("not_a_reviewer", "\"\(username)\" không phải thẩm định viên.")
            }
            let inCycle = Set(try db.cycleUnits(cycleCode))
            let unique = Array(Set(units)).sorted()
            let outside = unique.filter { !inCycle.contains($0) }
            guard outside.isEmpty else {
                throw DomainError.invalid("unknown_units", "Đơn vị không thuộc kỳ: \(outside.joined(separator: ", ")).")
            }
            if let own = unique.first(where: { !AccessPolicy.canAssign(reviewer: reviewer, to: $0) }) {
                throw DomainError.invalid(
                    "conflict_of_interest",
                    "Thẩm định viên \(username) thuộc đơn vị \(own) nên không được phân công thẩm định đơn vị này.",
                    details: ["unit": .string(own)]
                )
            }
            try db.replaceAssignments(cycle: cycleCode, username: username, units: unique)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "reviewer.assign",
                    subject: "cycle:\(cycleCode)/reviewer:\(username)",
                    payload: .fields(["units": .array(unique.map { .string($0) })])
                )
            )
            return unique
        }
    }

    /// Grants one unit more time for its current writing phase, with a reason.
    public func grantExtension(
        cycle cycleCode: String,
        unit unitCode: String,
        until: Date,
        reason: String,
        by caller: Caller
    ) async throws
        -> Assessment
    {
        try requireAdmin(caller)
        let reason = try cleanReason(reason, required: true, missing: "Cần nêu lý do gia hạn.")!
        return try await services.repository.write { db in
            let cycle = try db.requireCycle(cycleCode)
            guard try db.cycleUnits(cycleCode).contains(unitCode) else {
                throw DomainError.notFound("đơn vị \"\(unitCode)\" trong kỳ \"\(cycleCode)\"")
            }
            guard cycle.phase != .published else { throw DomainError.conflict("published", "Kỳ đánh giá đã công bố.") }
            var assessment = try db.assessment(cycle: cycleCode, unit: unitCode) ?? Assessment(cycleCode: cycleCode, unitCode: unitCode)
            assessment.extensionUntil = until
            assessment.extensionReason = reason
            let saved = try db.save(assessment)
            try db.record(
                LedgerEntry(
                    actor: caller.username,
                    action: "assessment.extension",
                    subject: "cycle:\(cycleCode)/unit:\(unitCode)",
                    payload: .fields(["until": .date(until), "reason": .string(reason), "phase": .string(cycle.phase.rawValue)])
                )
            )
            return saved
        }
    }

    func requireAdmin(_ caller: Caller) throws(DomainError) {
        guard AccessPolicy.canAdminister(caller) else { throw .forbidden() }
    }
}
