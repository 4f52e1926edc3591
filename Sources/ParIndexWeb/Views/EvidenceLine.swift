import Foundation
import ParIndexCore

/// One piece of evidence as a grid lists it: a file (opened in the browser when it is a PDF or an
/// image, downloaded otherwise) or a document reference.
struct EvidenceLine {
    var id: String
    var isFile: Bool
    var filename: String
    /// Where the name links: the page route that shows the file inline, or the API download.
    var href: String
    var opensInline: Bool
    var downloadHref: String
    var size: String
    var sha256: String
    var shortHash: String
    var title: String
    var number: String?
    var issuedOn: String?
    /// Only http(s) addresses become links; anything else is shown as text.
    var url: String?
    var plainURL: String
    var supplementary: Bool
    var delete: Delete?

    /// What the unit may do with the document while it may write: remove it from this criterion,
    /// or attach it to others as well (decision 0022).
    struct Delete {
        var action: String
        var label: String
        var reuseHref: String
        var reuseLabel: String
    }

    init(_ e: Evidence, cycle: String, unit: String, canDelete: Bool, _ words: PageWords) {
        let safeURL = e.url.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil }
        id = e.id
        isFile = e.kind == .file
        filename = e.filename ?? e.id
        opensInline = InlineEvidence.opensInline(e.contentType)
        downloadHref = CycleURL.evidenceDownload(e.id).path
        href = opensInline ? CycleURL.unitEvidenceView(cycle: cycle, unit: unit, id: e.id).path : downloadHref
        size = e.size.map(words.bytes) ?? ""
        sha256 = e.sha256 ?? ""
        shortHash = String((e.sha256 ?? "").prefix(12))
        title = e.title ?? ""
        number = e.documentNumber
        issuedOn = e.issuedOn.map(UnitPagesController.day)
        url = safeURL
        plainURL = safeURL == nil ? (e.url ?? "") : ""
        supplementary = e.supplementary
        if canDelete {
            delete = Delete(
                action: CycleURL.unitEvidenceDelete(cycle: cycle, unit: unit, id: e.id).path,
                label: words["unit.evidence.deleteLabel"].replacingOccurrences(of: "{name}", with: e.filename ?? e.title ?? e.id),
                reuseHref: CycleURL.evidenceReuse(cycle: cycle, unit: unit, evidence: e.id).path,
                reuseLabel: words["reuse.linkLabel"].replacingOccurrences(of: "{name}", with: e.filename ?? e.title ?? e.id)
            )
        }
    }
}

/// Which evidence files a browser shows in place: PDFs and images, whose types were checked by
/// extension and magic bytes at upload. Everything else stays a download.
enum InlineEvidence {
    static let types: Set<String> = ["application/pdf", "image/jpeg", "image/png"]

    static func opensInline(_ contentType: String?) -> Bool { contentType.map { types.contains($0) } ?? false }
}
