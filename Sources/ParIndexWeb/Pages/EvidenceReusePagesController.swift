import Foundation
import Hummingbird
import ParIndexCore

/// "Use this document for other criteria": a unit that uploaded a decree once ticks every criterion
/// it proves. The document is listed under each of them and its file stored once (decision 0022).
struct EvidenceReusePagesController {
    let services: Services
    let renderer: PageRenderer

    static let path = UnitPagesController.base + "/evidence/:id/reuse"

    func addRoutes(to routes: RouteTable) {
        routes.on(.get, Self.path, UnitPagesController.writers, page)
        routes.on(.post, Self.path, UnitPagesController.writers, reuse)
    }

    /// The ticked criteria, as `criteria[]` checkboxes.
    struct Sent: SignedForm {
        var csrf: String
        var criteria: [String]?
        enum CodingKeys: String, CodingKey {
            case csrf = "_csrf"
            case criteria
        }
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (view, source) = try await target(request, context)
        return render(view, source: source, ticked: [], error: nil, request: request, context: context)
    }

    @Sendable func reuse(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let sent = try await Form.decode(Sent.self, request, context: context)
        let (view, source) = try await target(request, context)
        let ticked = Set(sent.criteria ?? [])
        do {
            _ = try await services.evidence.reuse(source.evidence.id, for: Array(ticked), by: caller)
        } catch let error as DomainError where UnitPagesController.shownInPage(error) {
            // What was ticked stays ticked, with the reason beside it.
            return render(view, source: source, ticked: ticked, error: error.message, request: request, context: context, status: error.kind.status)
        }
        return .redirect(to: CycleURL.unitItem(cycle: view.cycle.code, unit: view.unit.code, criterion: source.criterion).path, type: .found)
    }

    /// The unit's view and the document, which must belong to the unit and cycle of the path; 404 otherwise.
    func target(
        _ request: Request,
        _ context: AppRequestContext
    ) async throws -> (
        AssessmentService.View, (evidence: Evidence, cycle: String, unit: String, criterion: String)
    ) {
        let caller = try context.requireCaller()
        let (cycle, unit) = (try context.parameter("cycle"), try context.parameter("unit"))
        let found = try await services.evidence.find(try context.parameter("id"), by: caller)
        guard found.cycle == cycle, found.unit == unit, AccessPolicy.canSelfAssess(unit: unit, by: caller) else {
            throw DomainError.notFound("tài liệu")
        }
        return (try await services.assessments.view(cycle: cycle, unit: unit, by: caller), found)
    }

    func render(
        _ view: AssessmentService.View,
        source: (evidence: Evidence, cycle: String, unit: String, criterion: String),
        ticked: Set<String>,
        error: String?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let words = PageRenderer.language(request).strings
        let model = EvidenceReusePage(view, source: source.evidence, from: source.criterion, ticked: ticked, error: error, words: words)
        return renderer.page(model, title: words["reuse.title"] ?? "", context: context, request: request, status: status)
    }
}

/// The reuse page's model: the document, and every self-assessed criterion grouped by field, ticked
/// where it is already listed (those cannot be unticked here: removing is done on the grid).
struct EvidenceReusePage: PageModel {
    static let template = "unit-evidence-reuse"

    struct Choice {
        var code: String
        var title: String
        var inputID: String
        var attached: Bool
        var ticked: Bool
        var isSource: Bool
    }

    struct FieldGroup {
        var code: String
        var title: String
        var choices: [Choice]
    }

    var documentName: String
    var documentDetail: String
    var fromCode: String
    var unitName: String
    var cycleName: String
    var action: String
    var backHref: String
    var error: String?
    var fields: [FieldGroup]
}

extension EvidenceReusePage {
    init(_ view: AssessmentService.View, source: Evidence, from criterion: String, ticked: Set<String>, error: String?, words: [String: String]) {
        documentName = source.kind == .file ? source.filename ?? "" : source.title ?? ""
        documentDetail = [source.documentNumber, source.issuedOn].compactMap { $0 }.joined(separator: " · ")
        fromCode = criterion
        unitName = view.unit.name
        cycleName = view.cycle.name
        action = CycleURL.evidenceReuse(cycle: view.cycle.code, unit: view.unit.code, evidence: source.id).path
        backHref = CycleURL.unitItem(cycle: view.cycle.code, unit: view.unit.code, criterion: criterion).path
        self.error = error
        let titles = Dictionary(view.framework.nodes.map { ($0.code, $0.title) }, uniquingKeysWith: { first, _ in first })
        var groups: [FieldGroup] = []
        for row in view.rows where row.leaf.spec.source == .selfAssessed {
            let attached = row.evidence.contains { $0.deleted == nil && $0.isSameDocument(as: source) }
            let choice = Choice(
                code: row.leaf.code,
                title: row.leaf.title,
                inputID: "reuse-" + row.leaf.code.replacingOccurrences(of: ".", with: "-"),
                attached: attached,
                ticked: attached || ticked.contains(row.leaf.code),
                isSource: row.leaf.code == criterion
            )
            if groups.last?.code == row.leaf.fieldCode {
                groups[groups.count - 1].choices.append(choice)
            } else {
                groups.append(FieldGroup(code: row.leaf.fieldCode, title: titles[row.leaf.fieldCode] ?? row.leaf.fieldCode, choices: [choice]))
            }
        }
        fields = groups
    }
}
