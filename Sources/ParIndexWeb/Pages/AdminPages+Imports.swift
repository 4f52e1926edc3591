import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Framework import (validate first: every issue with its node path) and survey import.
extension AdminPagesController {
    // MARK: - Frameworks

    /// What the framework form produced: a validation report, a refusal, or a valid summary.
    struct FrameworkReport {
        struct Issue {
            var path: String
            var code: String?
            var message: String
        }
        var message: String?
        var issues: [Issue] = []
        var valid: Framework?
        var text: String = ""
    }

    @Sendable func frameworksPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderFrameworks(report: nil, request: request, context: context)
    }

    func renderFrameworks(
        report: FrameworkReport?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let words = AdminWords(request)
        let query = request.uri.queryParameters
        let caller = try context.requireCaller()
        let versions = try await services.admin.frameworkVersions(by: caller)
        var imported: AdminFrameworksPage.Summary?
        if let code = query.get("code"), let version = query.get("version") {
            if let stored = try await services.admin.framework(code: String(code), version: String(version), by: caller) {
                imported = Self.summary(stored.framework, sha: stored.contentSHA256, words)
            }
        }
        let page = AdminFrameworksPage(
            imported: imported,
            frameworks: versions.sorted { ($0.code, $0.version) < ($1.code, $1.version) }.map {
                AdminFrameworksPage.Row(
                    code: $0.code,
                    version: $0.version,
                    sha: $0.sha256,
                    newCycleHref: SiteURL.newCycle(framework: "\($0.code)|\($0.version)").path
                )
            },
            hasFrameworks: !versions.isEmpty,
            report: report.map { report in
                AdminFrameworksPage.Report(
                    error: report.message.map(FormMessage.init),
                    issues: report.issues.map {
                        AdminFrameworksPage.Issue(path: $0.path, code: $0.code ?? "", hasCode: $0.code != nil, message: $0.message)
                    },
                    hasIssues: !report.issues.isEmpty,
                    count: words.fill("admin.frameworks.issueCount", ["count": String(report.issues.count)]),
                    valid: report.valid.map { Self.summary($0, sha: $0.contentSHA256, words) }
                )
            },
            document: report?.text ?? ""
        )
        return renderer.page(page, title: words["admin.frameworks.title"], context: context, request: request, status: status)
    }

    static func summary(_ framework: Framework, sha: String, _ words: AdminWords) -> AdminFrameworksPage.Summary {
        AdminFrameworksPage.Summary(
            code: framework.code,
            version: framework.version,
            title: framework.title,
            leaves: framework.leaves.count,
            maxPoints: words.points(framework.maxPoints),
            sha: sha
        )
    }

    @Sendable func importFramework(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await UploadForm<FormFields<FrameworkField>>.read(request, context: context, limit: Self.importLimit)
        let importing = form.fields[.action] == "import"
        var report = FrameworkReport()
        // Keep the pasted text (not an uploaded file's) for the admin to correct.
        report.text = form.fields[.document] ?? ""
        do {
            guard let data = form.upload(file: "file", text: form.fields[.document]) else {
                throw DomainError.invalid("empty_document", PageRenderer.string("admin.import.empty", request))
            }
            let document = try FrameworkDocumentReader.read(data)
            report.issues = FrameworkReader.issues(in: document).map { .init(path: $0.path, code: $0.code, message: $0.message) }
            guard report.issues.isEmpty else {
                report.message = PageRenderer.string("admin.frameworks.invalid", request)
                return try await renderFrameworks(report: report, request: request, context: context, status: .unprocessableContent)
            }
            if importing {
                let stored = try await services.admin.importFramework(document, by: caller)
                let target = SiteURL.frameworkImported(code: stored.framework.code, version: stored.framework.version)
                return .redirect(to: target.path, type: .found)
            }
            report.valid = try FrameworkReader.read(document)
            return try await renderFrameworks(report: report, request: request, context: context)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) {
            report.message = error.message
            if report.issues.isEmpty, case .array(let issues)? = error.details["issues"] {
                report.issues = issues.map {
                    FrameworkReport.Issue(
                        path: $0["path"]?.stringValue ?? "$",
                        code: $0["code"]?.stringValue,
                        message: $0["message"]?.stringValue ?? ""
                    )
                }
            }
            return try await renderFrameworks(report: report, request: request, context: context, status: error.kind.status)
        }
    }

    // MARK: - Survey

    @Sendable func surveyPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderSurvey(try context.parameter("cycle"), failure: nil, request: request, context: context)
    }

    func renderSurvey(
        _ code: String,
        failure: FormFailure?,
        request: Request,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let words = AdminWords(request)
        let cycle = try await services.cycles.detail(code, by: caller).cycle
        let framework = try await services.admin.framework(code: cycle.frameworkCode, version: cycle.frameworkVersion, by: caller)
        let leaves = (framework?.framework.leaves ?? []).filter { $0.spec.source == .survey }
        let page = AdminSurveyPage(
            cycle: AdminCycleHeader(cycle, words),
            notice: request.uri.queryParameters.get("imported").map {
                FormMessage(message: words.fill("admin.survey.imported", ["count": String($0)]))
            },
            closed: cycle.phase == .published,
            leaves: leaves.map { AdminSurveyPage.Leaf(code: $0.code, title: $0.title, max: words.points($0.spec.max)) },
            hasLeaves: !leaves.isEmpty,
            csv: failure?.values["csv"] ?? "",
            error: failure?.importError
        )
        return renderer.page(page, title: "\(words["admin.survey.title"]): \(cycle.name)", context: context, request: request, status: status)
    }

    @Sendable func importSurvey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let form = try await UploadForm<FormFields<CSVField>>.read(request, context: context, limit: Self.importLimit)
        let code = try context.parameter("cycle")
        do {
            guard let data = form.upload(file: "file", text: form.fields[.csv]) else {
                throw DomainError.invalid("empty_csv", PageRenderer.string("admin.import.empty", request))
            }
            let rows = try Self.surveyTable(data).map {
                ResultsService.SurveyRow(row: $0.line, unit: $0.values["unit"]!, criterion: $0.values["criterion"]!, points: $0.values["points"]!)
            }
            let count = try await services.results.importSurvey(cycle: code, rows: rows, by: caller)
            return .redirect(to: CycleURL.surveyImported(cycle: code, count: count).path, type: .found)
        } catch let error as DomainError where Self.recoverable.contains(error.kind) && error.kind != .notFound {
            let failure = FormFailure(
                form: "survey",
                message: error.message,
                values: ["csv": form.fields[.csv] ?? ""],
                importError: AdminImportError(error)
            )
            return try await renderSurvey(code, failure: failure, request: request, context: context, status: error.kind.status)
        }
    }

    /// The survey columns.
    static let surveyColumns = ["unit", "criterion", "points"]

    /// Vietnamese headings an Excel sheet may use for the survey columns.
    static let surveyAliases = ["mã đơn vị": "unit", "đơn vị": "unit", "mã tiêu chí": "criterion", "tiêu chí": "criterion", "điểm": "points"]

    /// A survey file's rows, with their row numbers: an Excel workbook (a ZIP, by its first bytes)
    /// is read by `XLSXReader`, anything else as CSV. Both refuse with row numbers, and nothing is
    /// imported unless every row is good (the service checks the values the same way for both).
    static func surveyTable(_ data: Data) throws(DomainError) -> [(line: Int, values: [String: String])] {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try XLSXReader.table(data, columns: surveyColumns, numeric: ["points"], aliases: surveyAliases)
        }
        return try CSV.table(data, columns: surveyColumns)
    }
}
