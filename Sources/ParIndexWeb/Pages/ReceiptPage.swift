import Foundation
import ParIndexCore

/// The receipt of a unit's submission (giấy biên nhận): the sealed manifest's items and files,
/// its SHA-256 and how to check it, the submission's history, and the unit's way to withdraw it.
/// Printable as an official document with the national heading and signature blocks.
struct ReceiptPage: PageModel {
    static let template = "unit-receipt"
    static let styles = ["unit", "document"]

    struct Item {
        var code: String
        var title: String
        var entry: String
        var points: String
        var note: String
    }

    struct File {
        var code: String
        var name: String
        var isFile: Bool
        var href: String
        var size: String
        var sha256: String
        var url: String
    }

    var heading: DocumentHeading
    var signatures: [DocumentSignature]
    var unitName: String
    var unitCode: String
    var formHref: String
    var sha256: String
    var submittedAt: String
    var submittedAtISO: String
    var submittedBy: String
    var late: Bool
    var framework: String
    var itemCount: Int
    var fileCount: Int
    var items: [Item]
    var files: [File]
    var hasFiles: Bool
    var receiptJSON: String
    var downloadName: String
    var submission: ReceiptSubmissionView
}

extension ReceiptPage {
    init(
        view: AssessmentService.View,
        manifest: DocumentValue,
        sha256: String,
        submission: ReceiptSubmissionView,
        issuer: DocumentIssuer,
        submitterName: String,
        words: PageWords
    ) {
        let cycle = view.cycle.code
        let unit = view.unit.code
        let leaves = Dictionary(view.rows.map { ($0.leaf.code, $0.leaf) }, uniquingKeysWith: { a, _ in a })
        items = (manifest["items"]?.arrayValue ?? []).map { item in
            let code = item["criterion"]?.stringValue ?? ""
            let leaf = leaves[code]
            var entryText = ""
            if item["applicable"] == .bool(false) {
                entryText = words["unit.receipt.na"].replacingOccurrences(of: "{reason}", with: item["naReason"]?.stringValue ?? "")
            } else if let entry = item["entry"], let leaf, let parsed = UnitPagesController.entry(from: entry) {
                entryText = words.describe(parsed, rule: leaf.spec.rule)
            }
            let points = item["points"]?.scalarText.flatMap { Points(parsing: $0) }
            return Item(
                code: code,
                title: leaf?.title ?? "",
                entry: entryText,
                points: points.map(words.points) ?? "—",
                note: item["note"]?.stringValue ?? ""
            )
        }
        files = (manifest["files"]?.arrayValue ?? []).map { file in
            let size = file["size"]?.scalarText.flatMap { Int64($0) }
            let isFile = file["kind"]?.stringValue == "file"
            var name = file["filename"]?.stringValue ?? ""
            if !isFile {
                name = [file["documentNumber"]?.stringValue, file["issuedOn"]?.stringValue.map(UnitPagesController.day), file["title"]?.stringValue]
                    .compactMap { $0 }.joined(separator: " · ")
            }
            return File(
                code: file["criterion"]?.stringValue ?? "",
                name: name,
                isFile: isFile,
                href: "/api/v1/evidence/\(file["id"]?.stringValue ?? "")",
                size: size.map(words.bytes) ?? "",
                sha256: file["sha256"]?.stringValue ?? "",
                url: file["url"]?.stringValue ?? ""
            )
        }
        let submitted = manifest["submittedAt"]?.stringValue.flatMap(Timestamp.parse)
        heading = DocumentHeading(
            issuer,
            date: submitted ?? view.cycle.createdAt,
            name: words["doc.receipt.title"],
            subtitle: "\(words["doc.receipt.subtitle"]) — \(view.cycle.name)",
            language: words.language
        )
        signatures = [
            DocumentSignature(role: words["doc.receipt.submitter"], hint: words["doc.signHint"], name: submitterName),
            DocumentSignature(role: words["doc.receipt.head"], hint: words["doc.sealHint"]),
        ]
        unitName = view.unit.name
        unitCode = unit
        formHref = CycleURL.unitForm(cycle: cycle, unit: unit).path
        self.sha256 = sha256
        submittedAt = submitted.map { Timestamp.vietnamese($0) } ?? ""
        submittedAtISO = manifest["submittedAt"]?.stringValue ?? ""
        submittedBy = manifest["submittedBy"]?.stringValue ?? ""
        late = manifest["late"] == .bool(true)
        let pinned = manifest["framework"]
        framework =
            "\(pinned?["code"]?.stringValue ?? "") \(pinned?["version"]?.stringValue ?? "") · SHA-256 \(pinned?["contentSha256"]?.stringValue ?? "")"
        itemCount = items.count
        fileCount = files.count
        hasFiles = !files.isEmpty
        receiptJSON = CycleURL.unitReceiptJSON(cycle: cycle, unit: unit).path
        downloadName = "bien-nhan-\(cycle)-\(unit).json"
        self.submission = submission
    }
}
