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
        var importError: AdminImportError? = nil
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
        let (blocks, units) = try await services.admin.organisation(by: context.requireCaller())
        let sortedBlocks = blocks.sorted { VietnameseText.precedes($0.name, $1.name) }
        let blockNames = Dictionary(blocks.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let counts = Dictionary(grouping: units, by: \.blockCode).mapValues(\.count)
        let failed = { (form: String) in failure?.form == form ? failure : nil }
        let message = { (form: String) in failed(form).map { FormMessage(message: $0.message) } }

        // Editing a unit: `?edit=CODE` fills the unit form.
        let editing = query.get("edit").flatMap { code in units.first { $0.code == code } }
        let unitValues = failed("unit")?.values
        let chosenBlock = unitValues?["block"] ?? editing?.blockCode ?? ""
        var notice: FormMessage?
        if let saved = query.get("saved") { notice = FormMessage(message: words.fill("admin.units.saved", ["code": saved])) }
        if let imported = query.get("imported") { notice = FormMessage(message: words.fill("admin.units.imported", ["count": imported])) }

        let page = AdminUnitsPage(
            notice: notice,
            blocks: sortedBlocks.map { block in
                let refused = failed("rename-\(block.code)")
                return AdminUnitsPage.BlockRow(
                    code: block.code,
                    name: block.name,
                    units: counts[block.code] ?? 0,
                    renameId: "bn-\(block.code)",
                    nameValue: refused?.values["name"] ?? block.name,
                    error: refused.map { AdminUnitsPage.RowError(message: $0.message, id: "bn-\(block.code)-error") }
                )
            },
            hasBlocks: !blocks.isEmpty,
            blockCode: failed("block")?.values["code"] ?? "",
            blockName: failed("block")?.values["name"] ?? "",
            blockError: message("block"),
            units: units.sorted { VietnameseText.precedes($0.name, $1.name) }.map { unit in
                AdminUnitsPage.UnitRow(
                    code: unit.code,
                    name: unit.name,
                    block: blockNames[unit.blockCode] ?? unit.blockCode,
                    editHref: SiteURL.units(edit: unit.code).path
                )
            },
            hasUnits: !units.isEmpty,
            editing: editing != nil,
            unitCode: unitValues?["code"] ?? editing?.code ?? "",
            unitName: unitValues?["name"] ?? editing?.name ?? "",
            blockOptions: sortedBlocks.map { SelectOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == chosenBlock) },
            unitError: message("unit"),
            csv: failed("import")?.values["csv"] ?? "",
            importError: failed("import")?.importError
        )
        return renderer.page(page, title: words["admin.units.title"], context: context, request: request, status: status)
    }

    @Sendable func saveBlock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<BlockField>.self, request, context: context)
        let code = form.text(.code)
        do {
            _ = try await services.admin.saveBlock(Block(code: code, name: form.text(.name)), by: caller)
            return .redirect(to: SiteURL.units(saved: code).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let which = form[.rename] == "1" ? "rename-\(code)" : "block"
            let failure = FormFailure(form: which, message: error.message, values: form.values)
            return try await renderUnits(failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    @Sendable func saveUnit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(FormFields<UnitField>.self, request, context: context)
        let code = form.text(.code)
        do {
            _ = try await services.admin.saveUnit(Unit(code: code, name: form.text(.name), blockCode: form.text(.block)), by: caller)
            return .redirect(to: SiteURL.units(saved: code).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            let failure = FormFailure(form: "unit", message: error.message, values: form.values)
            return try await renderUnits(failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    @Sendable func importUnits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await UploadForm<FormFields<CSVField>>.read(request, context: context, limit: Self.importLimit)
        do {
            guard let data = form.upload(file: "file", text: form.fields[.csv]) else {
                throw DomainError.invalid("empty_csv", PageRenderer.string("admin.import.empty", request))
            }
            let rows = try CSV.table(data, columns: ["code", "name", "block"]).map {
                AdminService.UnitRow(line: $0.line, code: $0.values["code"]!, name: $0.values["name"]!, block: $0.values["block"]!)
            }
            guard !rows.isEmpty else { throw DomainError.invalid("empty_csv", PageRenderer.string("admin.import.empty", request)) }
            let count = try await services.admin.importUnits(rows, by: caller)
            return .redirect(to: SiteURL.units(imported: count).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            var values = form.fields.values
            if values["csv"] == nil { values["csv"] = "" }
            let failure = FormFailure(form: "import", message: error.message, values: values, importError: AdminImportError(error))
            return try await renderUnits(failure: failure, request: request, context: context, status: error.kind.status)
        }
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
        let caller = try context.requireCaller()
        let accounts = try await services.admin.accounts(by: caller)
        let (users, units) = (accounts.users, accounts.units)
        let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let now = services.clock.now()
        let typed = failure?.values ?? [:]
        let chosenRole = typed["role"] ?? Role.unit.rawValue
        let filter = Self.userFilter(request)
        let unitText = { (user: User) in user.unitCode.map { "\(unitNames[$0] ?? $0) (\($0))" } }
        let sorted = users.sorted { ($0.role.sortKey, $0.username) < ($1.role.sortKey, $1.username) }
        let shown = sorted.filter { Self.matches($0, filter, unit: unitText($0)) }
        let tokens = Self.tokenRows(accounts.tokens, of: Set(shown.map(\.username)), now: now, words)
        var message = notice
        if let created = request.uri.queryParameters.get("created") {
            message = words.fill("admin.users.created", ["username": String(created)])
        }
        let page = AdminUsersPage(
            notice: message.map(FormMessage.init),
            // A refused address or reason is shown on its own row, not above the create form.
            error: failure.flatMap { Self.isRowForm($0.form) ? nil : FormMessage(message: $0.message) },
            username: typed["username"] ?? "",
            name: typed["name"] ?? "",
            email: typed["email"] ?? "",
            roles: Role.adminOrder.map { SelectOption(value: $0.rawValue, label: words.role($0), selected: $0.rawValue == chosenRole) },
            unitOptions: units.sorted { VietnameseText.precedes($0.name, $1.name) }.map {
                SelectOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == typed["unit"])
            },
            filter: AdminUsersPage.Filter(
                text: filter.text,
                roles: Role.adminOrder.map { SelectOption(value: $0.rawValue, label: words.role($0), selected: $0 == filter.role) },
                active: !filter.isEmpty,
                shown: words.fill("admin.users.shown", ["shown": String(shown.count), "total": String(users.count)])
            ),
            users: shown.map { user in
                var state = words["admin.users.active"]
                if user.disabled {
                    state = accounts.disablings[user.username].map { Self.disabledState($0, words) } ?? words["admin.users.disabled"]
                } else if let locked = user.lockedUntil, locked > now {
                    state = words.fill("admin.users.locked", ["until": Timestamp.vietnamese(locked)])
                }
                let emailFailed = failure?.form == "email-\(user.username)" ? failure : nil
                return AdminUsersPage.Row(
                    username: user.username,
                    name: user.name,
                    role: words.role(user.role),
                    unit: unitText(user) ?? "—",
                    state: state,
                    lastLogin: user.lastLoginAt.map { Timestamp.vietnamese($0) } ?? "—",
                    totp: words[user.totpEnabledAt == nil ? "admin.users.totpOff" : "admin.users.totpOn"],
                    canEnable: user.disabled || (user.lockedUntil.map { $0 > now } ?? false),
                    enableLabel: words[user.disabled ? "admin.users.enableOpen" : "admin.users.enable"],
                    canDisable: !user.disabled && user.username != caller.username,
                    hasTotp: user.totpSecret != nil,
                    enableAction: SiteURL.userAction(username: user.username, .enable).path,
                    disableAction: SiteURL.userAction(username: user.username, .disable).path,
                    enable: Self.reasonField(.enable, user.username, failure),
                    disable: Self.reasonField(.disable, user.username, failure),
                    totpResetAction: SiteURL.userAction(username: user.username, .totpReset).path,
                    passwordResetAction: SiteURL.userAction(username: user.username, .passwordReset).path,
                    emailAction: SiteURL.userEmail(user.username).path,
                    emailId: "email-\(user.username)",
                    email: emailFailed?.values["email"] ?? user.email ?? "",
                    emailError: emailFailed.map { FormMessage(message: $0.message) }
                )
            },
            hasUsers: !shown.isEmpty,
            tokens: tokens,
            hasTokens: !tokens.isEmpty,
            tokensLead: words.fill("admin.tokens.lead", ["days": String(Int(services.security.auth.tokenLifetime / 86400))])
        )
        return renderer.page(page, title: words["admin.users.title"], context: context, request: request, status: status)
    }

    /// The users page's filter from its query (a `GET` form): `q` (words) and `role`.
    static func userFilter(_ request: Request) -> SiteURL.UserFilter {
        let query = AdminForm.urlEncoded(request.uri.query ?? "")
        return SiteURL.UserFilter(text: String(query.text("q").prefix(100)), role: Role(rawValue: query.text("role")))
    }

    /// Whether an account matches the filter: its role, and every word of the text somewhere in its
    /// username, name or unit, diacritics and case folded (`đ` → `d`).
    static func matches(_ user: User, _ filter: SiteURL.UserFilter, unit: String?) -> Bool {
        if let role = filter.role, user.role != role { return false }
        let haystack = VietnameseText.fold([user.username, user.name, unit ?? ""].joined(separator: " "))
        return filter.text.split(separator: " ").allSatisfy { haystack.contains(VietnameseText.fold(String($0))) }
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
            return .redirect(to: SiteURL.users(created: user.username).path, type: .found)
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

    /// Re-enable or disable with a reason, reset the second factor, or issue a one-time password
    /// reset code (SECURITY.md AU-6, AU-9, AU, CR-3). The code is shown on this one answer, never
    /// in a URL or a log. A refused reason is shown on the account's row with what was typed.
    func userAction(_ action: SiteURL.UserAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: 4 << 10)
        try form.requireCSRF(context)
        let username = try context.parameter("username")
        let words = AdminWords(request)
        let notice: String
        switch action {
        case .enable, .disable:
            do {
                if action == .enable {
                    try await services.accounts.enable(username, reason: form.text("reason"), by: caller)
                } else {
                    try await services.accounts.disable(username, reason: form.text("reason"), by: caller)
                }
            } catch let error as DomainError where error.kind == .unprocessable || error.kind == .conflict {
                let failure = FormFailure(form: Self.reasonFormId(action, username), message: error.message, values: ["reason": form.text("reason")])
                return try await renderUsers(failure: failure, request: request, context: context, status: error.kind.status)
            }
            notice = words.fill(action == .enable ? "admin.users.enabled" : "admin.users.disabledNotice", ["username": username])
        case .totpReset:
            try await services.accounts.resetTOTP(username, by: caller)
            notice = words.fill("admin.users.totpReset", ["username": username])
        case .passwordReset:
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
        let choices = try await services.admin.assignmentChoices(cycle: code, by: caller)
        let users = choices.users
        let assigned = Dictionary(grouping: choices.assignments, by: \.username).mapValues { Set($0.map(\.unitCode)) }
        let blockNames = Dictionary(choices.blocks.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let allUnits = Dictionary(choices.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let cycleUnits = detail.units.map(\.unit)
        let open = cycle.phase != .published
        let reviewers = users.filter { $0.role == .reviewer }.sorted { VietnameseText.precedes($0.name, $1.name) }

        var groups: [(code: String, name: String, units: [ParIndexCore.Unit])] = []
        for (blockCode, members) in Dictionary(grouping: cycleUnits, by: \.blockCode) {
            groups.append((blockCode, blockNames[blockCode] ?? blockCode, members.sorted { VietnameseText.precedes($0.name, $1.name) }))
        }
        groups.sort { VietnameseText.precedes($0.name, $1.name) }

        let list = reviewers.map { reviewer in
            let failed = failure?.username == reviewer.username ? failure : nil
            let ticked = failed?.units ?? assigned[reviewer.username] ?? []
            let current = (assigned[reviewer.username] ?? []).sorted()
            return AdminReviewersPage.Reviewer(
                username: reviewer.username,
                name: reviewer.name,
                id: "rv-\(reviewer.username)",
                action: CycleURL.assignReviewer(cycle: cycle.code, username: reviewer.username).path,
                hasUnit: reviewer.unitCode != nil,
                belongsTo: reviewer.unitCode.map { words.fill("admin.reviewers.belongsTo", ["unit": allUnits[$0]?.name ?? $0]) } ?? "",
                current: current.isEmpty
                    ? words["admin.reviewers.none"]
                    : current.map { allUnits[$0]?.name ?? $0 }.sorted(by: VietnameseText.precedes).joined(separator: ", "),
                open: open,
                blocks: groups.map { group in
                    AdminReviewersPage.Group(
                        name: group.name,
                        units: group.units.map { unit in
                            let conflict = !AccessPolicy.canAssign(reviewer: reviewer, to: unit.code)
                            return AdminReviewersPage.Box(
                                id: "rv-\(reviewer.username)-\(unit.code)",
                                code: unit.code,
                                name: unit.name,
                                checked: ticked.contains(unit.code) && !conflict,
                                conflict: conflict,
                                reason: words.fill("admin.reviewers.conflict", ["unit": unit.name])
                            )
                        }
                    )
                },
                error: failed.map { FormMessage(message: $0.message) }
            )
        }
        let page = AdminReviewersPage(
            cycle: AdminCycleHeader(cycle, words),
            notice: request.uri.queryParameters.get("saved").map {
                FormMessage(message: words.fill("admin.reviewers.saved", ["username": String($0)]))
            },
            failure: failure.map { AdminReviewersPage.Failure(username: $0.username, message: $0.message) },
            closed: !open,
            reviewers: list,
            hasReviewers: !list.isEmpty
        )
        return renderer.page(page, title: "\(words["admin.reviewers.title"]): \(cycle.name)", context: context, request: request, status: status)
    }

    @Sendable func assignReviewer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await Form.decode(AssignmentForm.self, request, context: context, limit: Self.formLimit)
        let code = try context.parameter("cycle")
        let username = try context.parameter("username")
        let units = form.units ?? []
        do {
            _ = try await services.admin.assignReviewer(cycle: code, username: username, units: units, by: caller)
            return .redirect(to: CycleURL.reviewersSaved(cycle: code, username: username).path, type: .found)
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
    /// The roles in the order the admin pages list them.
    fileprivate static let adminOrder: [Role] = [.admin, .reviewer, .unit, .observer]

    /// Admins first, then reviewers, units and observers.
    fileprivate var sortKey: Int { Self.adminOrder.firstIndex(of: self) ?? Self.adminOrder.count }
}
