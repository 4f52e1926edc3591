import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore

/// The overview of every cycle, and cycle creation.
extension AdminPagesController {
    // MARK: - Overview

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        var cycles: [[String: Any]] = []
        let now = services.clock.now()
        let all = try await services.cycles.list(by: caller).sorted { ($0.year, $0.code) > ($1.year, $1.code) }
        for cycle in all {
            let detail = try await services.cycles.detail(cycle.code, by: caller)
            let unsettled = try await services.results.unsettled(cycle: cycle.code, by: caller)
            let deadline = cycle.deadlines.deadline(for: cycle.phase)
            let base = "/admin/cycles/\(cycle.code)"
            cycles.append([
                "code": cycle.code, "name": cycle.name, "year": cycle.year, "phase": words.phase(cycle.phase),
                "phaseClass": cycle.phase.rawValue.replacingOccurrences(of: "_", with: "-"),
                "deadline": deadline.map { Timestamp.vietnamese($0) } ?? "—", "deadlineISO": deadline.map(Timestamp.format) ?? "",
                "hasDeadline": deadline != nil, "remaining": deadline.map { words.remaining(from: now, to: $0) } ?? "",
                "deadlines": Self.deadlineRows(cycle, words),
                "units": detail.units.count, "submitted": detail.submitted, "unsettledItems": unsettled.items.count,
                "notSubmitted": unsettled.unitsNotSubmitted.count, "href": base, "reviewersHref": base + "/reviewers",
                "surveyHref": base + "/survey", "publishHref": base + "/publish", "published": cycle.phase == .published,
                "resultsHref": "/results/\(cycle.code)",
            ])
        }
        return page(
            "admin-overview",
            title: words["admin.overview.title"],
            model: ["cycles": cycles, "hasCycles": !cycles.isEmpty],
            context: context,
            request: request
        )
    }

    /// The four deadlines, the current phase's marked.
    static func deadlineRows(_ cycle: Cycle, _ words: AdminWords) -> [[String: Any]] {
        let phases: [Phase] = [.selfAssessment, .appraisal, .explanation, .finalReview]
        return phases.map { phase in
            let date = cycle.deadlines.deadline(for: phase)!
            return [
                "phase": words.phase(phase), "at": Timestamp.vietnamese(date), "atISO": Timestamp.format(date),
                "current": cycle.phase == phase,
            ]
        }
    }

    // MARK: - New cycle

    @Sendable func newCycle(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderNewCycle(AdminForm(), error: nil, request: request, context: context)
    }

    func renderNewCycle(
        _ typed: AdminForm,
        error: DomainError?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let words = AdminWords(request)
        let (frameworks, blocks, units) = try await services.repository.read { db in
            (try db.frameworkVersions(), try db.blocks(), try db.units())
        }
        let chosenFramework = typed["framework"] ?? ""
        let chosenUnits = Set(typed.all("units"))
        let fresh = typed.pairs.isEmpty
        let frameworkOptions = frameworks.sorted { ($0.code, $0.version) < ($1.code, $1.version) }.map { fw -> [String: Any] in
            let value = "\(fw.code)|\(fw.version)"
            return ["value": value, "label": "\(fw.code) — \(fw.version)", "selected": value == chosenFramework]
        }
        var groups: [[String: Any]] = []
        for block in blocks.sorted(by: { VietnameseText.precedes($0.name, $1.name) }) {
            let members = units.filter { $0.blockCode == block.code }.sorted { VietnameseText.precedes($0.name, $1.name) }
            guard !members.isEmpty else { continue }
            groups.append([
                "code": block.code, "name": block.name,
                "units": members.map { unit in
                    [
                        "id": "cu-\(unit.code)", "code": unit.code, "name": unit.name,
                        "checked": fresh || chosenUnits.contains(unit.code),
                    ] as [String: Any]
                },
            ])
        }
        let now = services.clock.now()
        let year = Int(Timestamp.vietnamese(now, withTime: false).suffix(4)) ?? 2026
        func deadline(_ key: String, days: Double) -> String {
            typed[key] ?? VietnamTime.input(Self.endOfDay(now + days * 86400))
        }
        var model: [String: Any] = [
            "code": typed["code"] ?? "", "name": typed["name"] ?? "", "year": typed["year"] ?? String(year),
            "frameworks": frameworkOptions, "hasFrameworks": !frameworkOptions.isEmpty,
            "blocks": groups, "hasUnits": !groups.isEmpty,
            "selfAssessment": deadline("selfAssessment", days: 30), "appraisal": deadline("appraisal", days: 60),
            "explanation": deadline("explanation", days: 75), "finalReview": deadline("finalReview", days: 90),
        ]
        if let error { model["error"] = ["message": error.message] }
        return page("admin-cycle-new", title: words["admin.cycleNew.title"], model: model, context: context, request: request, status: status)
    }

    /// 17:00 Vietnam time on the day of `date`, the usual close of business for a deadline.
    static func endOfDay(_ date: Date) -> Date {
        let local = date.addingTimeInterval(VietnamTime.offset)
        let day = floor(local.timeIntervalSince1970 / 86400) * 86400
        return Date(timeIntervalSince1970: day + 17 * 3600 - VietnamTime.offset)
    }

    @Sendable func createCycle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await AdminForm.read(request, limit: Self.formLimit)
        try form.requireCSRF(context)
        do {
            let framework = form.text("framework").split(separator: "|", maxSplits: 1).map(String.init)
            guard framework.count == 2 else {
                throw DomainError.invalid("framework_required", PageRenderer.string("admin.cycleNew.frameworkRequired", request))
            }
            guard let year = Int(form.text("year")) else {
                throw DomainError.invalid("invalid_year", PageRenderer.string("admin.cycleNew.yearInvalid", request))
            }
            func deadline(_ key: String) throws -> Date {
                guard let date = VietnamTime.parse(form.text(key)) else {
                    throw DomainError.invalid(
                        "invalid_deadline",
                        AdminWords(request).fill("admin.cycleNew.deadlineInvalid", ["name": PageRenderer.string("admin.deadline.\(key)", request)])
                    )
                }
                return date
            }
            let cycle = try await services.admin.createCycle(
                .init(
                    code: form.text("code"),
                    name: form.text("name"),
                    year: year,
                    frameworkCode: framework[0],
                    frameworkVersion: framework[1],
                    units: form.all("units"),
                    deadlines: Deadlines(
                        selfAssessment: try deadline("selfAssessment"),
                        appraisal: try deadline("appraisal"),
                        explanation: try deadline("explanation"),
                        finalReview: try deadline("finalReview")
                    )
                ),
                by: caller
            )
            return .redirect(to: "/admin/cycles/\(cycle.code)", type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            return try await renderNewCycle(form, error: error, request: request, context: context, status: error.kind.status)
        }
    }
}
