import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Blocks and units (forms and the CSV import), users, and a cycle's reviewer assignments.
extension AdminPagesController {
    /// Which form on a page was refused, with its message and what was typed.
    struct FormFailure {
        var form: String
        var message: String
        var values: [String: String]
        var rows: [[String: Any]] = []
    }

    // MARK: - Units and blocks

    @Sendable func unitsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderUnits(failure: nil, request: request, context: context)
    }

    func renderUnits(
        failure: FormFailure?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let words = AdminWords(request)
        let query = request.uri.queryParameters
        let (blocks, units) = try await services.repository.read { db in (try db.blocks(), try db.units()) }
        let sortedBlocks = blocks.sorted { VietnameseText.precedes($0.name, $1.name) }
        let blockNames = Dictionary(blocks.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let counts = Dictionary(grouping: units, by: \.blockCode).mapValues(\.count)
        let failed = { (form: String) in failure?.form == form ? failure : nil }

        // Editing a unit: `?edit=CODE` fills the unit form.
        let editing = query.get("edit").flatMap { code in units.first { $0.code == code } }
        let unitValues = failed("unit")?.values
        let chosenBlock = unitValues?["block"] ?? editing?.blockCode ?? ""

        var model: [String: Any] = [
            "blocks": sortedBlocks.map { block in
                let refused = failed("rename-\(block.code)")
                var row: [String: Any] = [
                    "code": block.code, "name": block.name, "units": counts[block.code] ?? 0, "renameId": "bn-\(block.code)",
                    "nameValue": refused?.values["name"] ?? block.name,
                ]
                if let refused { row["error"] = ["message": refused.message, "id": "bn-\(block.code)-error"] }
                return row
            },
            "hasBlocks": !blocks.isEmpty,
            "units": units.sorted { VietnameseText.precedes($0.name, $1.name) }.map { unit in
                [
                    "code": unit.code, "name": unit.name, "block": blockNames[unit.blockCode] ?? unit.blockCode,
                    "editHref": "/admin/units?edit=\(unit.code)#unit-form",
                ]
            },
            "hasUnits": !units.isEmpty,
            "blockCode": failed("block")?.values["code"] ?? "", "blockName": failed("block")?.values["name"] ?? "",
            "unitCode": unitValues?["code"] ?? editing?.code ?? "", "unitName": unitValues?["name"] ?? editing?.name ?? "",
            "editing": editing != nil,
            "blockOptions": sortedBlocks.map { ["code": $0.code, "name": $0.name, "selected": $0.code == chosenBlock] as [String: Any] },
            "csv": failed("import")?.values["csv"] ?? "",
        ]
        for form in ["block", "unit", "import"] {
            if let f = failed(form) { model["\(form)Error"] = ["message": f.message, "rows": f.rows, "hasRows": !f.rows.isEmpty] }
        }
        if let saved = query.get("saved") { model["notice"] = words.fill("admin.units.saved", ["code": saved]) }
        if let imported = query.get("imported") { model["notice"] = words.fill("admin.units.imported", ["count": imported]) }
        return page("admin-units", title: words["admin.units.title"], model: model, context: context, request: request, status: status)
    }

    @Sendable func saveBlock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        let code = form.text("code")
        do {
            _ = try await services.admin.saveBlock(Block(code: code, name: form.text("name")), by: caller)
            return .redirect(to: "/admin/units?saved=\(Self.queryValue(code))", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let which = form["rename"] == "1" ? "rename-\(code)" : "block"
            let failure = FormFailure(form: which, message: error.message, values: form.form.values)
            return try await renderUnits(failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    @Sendable func saveUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        let code = form.text("code")
        do {
            _ = try await services.admin.saveUnit(Unit(code: code, name: form.text("name"), blockCode: form.text("block")), by: caller)
            return .redirect(to: "/admin/units?saved=\(Self.queryValue(code))", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let failure = FormFailure(form: "unit", message: error.message, values: form.form.values)
            return try await renderUnits(failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    @Sendable func importUnits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: Self.importLimit)
        try form.requireCSRF(context)
        do {
            guard let data = form.upload(file: "file", text: "csv") else {
                throw DomainError.invalid("empty_csv", PageRenderer.string("admin.import.empty", request))
            }
            let rows = try CSV.table(data, columns: ["code", "name", "block"]).map {
                AdminService.UnitRow(line: $0.line, code: $0.values["code"]!, name: $0.values["name"]!, block: $0.values["block"]!)
            }
            guard !rows.isEmpty else { throw DomainError.invalid("empty_csv", PageRenderer.string("admin.import.empty", request)) }
            let count = try await services.admin.importUnits(rows, by: caller)
            return .redirect(to: "/admin/units?imported=\(count)", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            var values = form.form.values
            if values["csv"] == nil { values["csv"] = "" }
            let failure = FormFailure(form: "import", message: error.message, values: values, rows: Self.rowErrors(error))
            return try await renderUnits(failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? ""
    }

    // MARK: - Users

    @Sendable func usersPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderUsers(failure: nil, request: request, context: context)
    }

    func renderUsers(
        failure: FormFailure?,
        notice: String? = nil,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let words = AdminWords(request)
        let (users, units) = try await services.repository.read { db in (try db.users(), try db.units()) }
        let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let now = services.clock.now()
        let typed = failure?.values ?? [:]
        let roleOrder: [Role] = [.admin, .reviewer, .unit, .observer]
        let chosenRole = typed["role"] ?? Role.unit.rawValue
        var model: [String: Any] = [
            "users": users.sorted { ($0.role.sortKey, $0.username) < ($1.role.sortKey, $1.username) }.map { user in
                var state = words["admin.users.active"]
                if user.disabled {
                    state = words["admin.users.disabled"]
                } else if let locked = user.lockedUntil, locked > now {
                    state = words.fill("admin.users.locked", ["until": Timestamp.vietnamese(locked)])
                }
                let emailFailed = failure?.form == "email-\(user.username)" ? failure : nil
                return [
                    "username": user.username, "name": user.name, "role": words.role(user.role),
                    "unit": user.unitCode.map { "\(unitNames[$0] ?? $0) (\($0))" } ?? "—",
                    "state": state, "lastLogin": user.lastLoginAt.map { Timestamp.vietnamese($0) } ?? "—",
                    "totp": words[user.totpEnabledAt == nil ? "admin.users.totpOff" : "admin.users.totpOn"],
                    "canEnable": user.disabled || (user.lockedUntil.map { $0 > now } ?? false),
                    "hasTotp": user.totpSecret != nil,
                    "action": "/admin/users/\(Self.queryValue(user.username))",
                    "emailAction": SiteURL.userEmail(user.username).path, "emailId": "email-\(user.username)",
                    "email": emailFailed?.values["email"] ?? user.email ?? "", "emailError": emailFailed.map { $0.message as Any } ?? false,
                ] as [String: Any]
            },
            "roles": roleOrder.map { ["value": $0.rawValue, "name": words.role($0), "selected": $0.rawValue == chosenRole] as [String: Any] },
            "unitOptions": units.sorted { VietnameseText.precedes($0.name, $1.name) }.map {
                ["code": $0.code, "name": $0.name, "selected": $0.code == typed["unit"]] as [String: Any]
            },
            "username": typed["username"] ?? "", "name": typed["name"] ?? "", "email": typed["email"] ?? "",
        ]
        if let failure, failure.form == "user" { model["error"] = ["message": failure.message] }
        if let notice { model["notice"] = notice }
        if let created = request.uri.queryParameters.get("created") {
            model["notice"] = words.fill("admin.users.created", ["username": String(created)])
        }
        return page("admin-users", title: words["admin.users.title"], model: model, context: context, request: request, status: status)
    }

    @Sendable func createUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 64 << 10)
        try form.requireCSRF(context)
        var typed = form.form.values
        typed["password"] = nil
        typed["_csrf"] = nil
        do {
            guard let role = Role(rawValue: form.text("role")) else {
                throw DomainError.invalid("invalid_role", PageRenderer.string("admin.users.roleInvalid", request))
            }
            let unit = form.text("unit")
            let user = try await services.admin.createUser(
                .init(
                    username: form.text("username"),
                    name: form.text("name"),
                    role: role,
                    unitCode: unit.isEmpty ? nil : unit,
                    password: form["password"] ?? "",
                    email: form.text("email")
                ),
                by: caller
            )
            return .redirect(to: "/admin/users?created=\(Self.queryValue(user.username))", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            return try await renderUsers(
                failure: FormFailure(form: "user", message: error.message, values: typed),
                request: request,
                context: context,
                status: error.kind.status
            )
        }
    }

    /// Sets or clears the address a user's notifications are e-mailed to; a refusal is shown on
    /// that user's row with what was typed.
    @Sendable func setEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 4 << 10)
        try form.requireCSRF(context)
        let username = try context.parameter("username")
        do {
            let user = try await services.admin.setEmail(username, to: form.text("email"), by: caller)
            let words = AdminWords(request)
            let notice = words.fill(user.email == nil ? "admin.users.emailCleared" : "admin.users.emailSaved", ["username": username])
            return try await renderUsers(failure: nil, notice: notice, request: request, context: context)
        } catch let error as DomainError where error.kind == .unprocessable {
            let failure = FormFailure(form: "email-\(username)", message: error.message, values: ["email": form.text("email")])
            return try await renderUsers(failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    /// Re-enable, reset the second factor, or issue a one-time password reset code (SECURITY.md
    /// AU-6, AU-9, AU). The code is shown on this one answer, never in a URL or a log.
    @Sendable func userAction(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 4 << 10)
        try form.requireCSRF(context)
        let username = try context.parameter("username")
        let words = AdminWords(request)
        let notice: String
        if request.uri.path.hasSuffix("/enable") {
            try await services.accounts.enable(username, by: caller)
            notice = words.fill("admin.users.enabled", ["username": username])
        } else if request.uri.path.hasSuffix("/totp-reset") {
            try await services.accounts.resetTOTP(username, by: caller)
            notice = words.fill("admin.users.totpReset", ["username": username])
        } else {
            let reset = try await services.accounts.issuePasswordReset(username, by: caller)
            notice = words.fill(
                "admin.users.resetIssued",
                ["username": username, "code": reset.code, "until": Timestamp.vietnamese(reset.expiresAt)]
            )
        }
        return try await renderUsers(failure: nil, notice: notice, request: request, context: context)
    }

    // MARK: - Reviewer assignments

    @Sendable func reviewersPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderReviewers(try context.parameter("cycle"), failure: nil, request: request, context: context)
    }

    /// `failure.form` is the reviewer's username; `failure.values["units"]` the units that were ticked.
    func renderReviewers(
        _ code: String,
        failure: (username: String, message: String, units: Set<String>)?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let detail = try await services.cycles.detail(code, by: caller)
        let cycle = detail.cycle
        let (users, assignments, blocks) = try await services.repository.read { db in
            (try db.users(), try db.assignments(cycle: code), try db.blocks())
        }
        let assigned = Dictionary(grouping: assignments, by: \.username).mapValues { Set($0.map(\.unitCode)) }
        let blockNames = Dictionary(blocks.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let allUnits = Dictionary(try await services.repository.read { db in try db.units() }.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let cycleUnits = detail.units.map(\.unit)
        let open = cycle.phase != .published
        let reviewers = users.filter { $0.role == .reviewer }.sorted { VietnameseText.precedes($0.name, $1.name) }

        var groups: [(code: String, name: String, units: [ParIndexCore.Unit])] = []
        for (blockCode, members) in Dictionary(grouping: cycleUnits, by: \.blockCode) {
            groups.append((blockCode, blockNames[blockCode] ?? blockCode, members.sorted { VietnameseText.precedes($0.name, $1.name) }))
        }
        groups.sort { VietnameseText.precedes($0.name, $1.name) }

        var list: [[String: Any]] = []
        for reviewer in reviewers {
            let failed = failure?.username == reviewer.username ? failure : nil
            let ticked = failed?.units ?? assigned[reviewer.username] ?? []
            let current = (assigned[reviewer.username] ?? []).sorted()
            var model: [String: Any] = [
                "username": reviewer.username, "name": reviewer.name, "id": "rv-\(reviewer.username)",
                "action": "/admin/cycles/\(cycle.code)/reviewers/\(reviewer.username)",
                "hasUnit": reviewer.unitCode != nil,
                "belongsTo": reviewer.unitCode.map { words.fill("admin.reviewers.belongsTo", ["unit": allUnits[$0]?.name ?? $0]) } ?? "",
                "current": current.isEmpty
                    ? words["admin.reviewers.none"]
                    : current.map { allUnits[$0]?.name ?? $0 }.sorted(by: VietnameseText.precedes).joined(separator: ", "),
                "open": open,
                "blocks": groups.map { group in
                    [
                        "name": group.name,
                        "units": group.units.map { unit in
                            let conflict = !AccessPolicy.canAssign(reviewer: reviewer, to: unit.code)
                            return [
                                "id": "rv-\(reviewer.username)-\(unit.code)", "code": unit.code, "name": unit.name,
                                "checked": ticked.contains(unit.code) && !conflict, "conflict": conflict,
                                "reason": words.fill("admin.reviewers.conflict", ["unit": unit.name]),
                            ] as [String: Any]
                        },
                    ] as [String: Any]
                },
            ]
            if let failed { model["error"] = ["message": failed.message] }
            list.append(model)
        }
        var model = Self.cycleSummary(cycle, words)
        model["reviewers"] = list
        model["hasReviewers"] = !list.isEmpty
        model["closed"] = !open
        if let failure { model["failure"] = ["username": failure.username, "message": failure.message] }
        if let saved = request.uri.queryParameters.get("saved") {
            model["notice"] = words.fill("admin.reviewers.saved", ["username": String(saved)])
        }
        return page(
            "admin-reviewers",
            title: "\(words["admin.reviewers.title"]): \(cycle.name)",
            model: model,
            context: context,
            request: request,
            status: status
        )
    }

    @Sendable func assignReviewer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: Self.formLimit)
        try form.requireCSRF(context)
        let code = try context.parameter("cycle")
        let username = try context.parameter("username")
        let units = form.all("units")
        do {
            _ = try await services.admin.assignReviewer(cycle: code, username: username, units: units, by: caller)
            return .redirect(to: "/admin/cycles/\(code)/reviewers?saved=\(Self.queryValue(username))#rv-\(username)", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) && error.kind != .notFound {
            return try await renderReviewers(
                code,
                failure: (username, error.message, Set(units)),
                request: request,
                context: context,
                status: error.kind.status
            )
        }
    }
}

extension Role {
    /// Admins first, then reviewers, units and observers.
    fileprivate var sortKey: Int {
        switch self {
        case .admin: 0
        case .reviewer: 1
        case .unit: 2
        case .observer: 3
        }
    }
}
