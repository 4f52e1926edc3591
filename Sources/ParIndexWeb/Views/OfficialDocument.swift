import Foundation
import ParIndexCore

/// Who issues the printed documents, and where: the top-left block of an official document
/// (Nghị định 30/2020/NĐ-CP: the governing body above, the issuing agency below) and the place
/// written before the date. Set by `documents.*` in the configuration.
public struct DocumentIssuer: Sendable, Equatable {
    /// The governing body, `UBND THÀNH PHỐ HÀ NỘI`; empty to leave the line out.
    public var parentAgency: String
    /// The issuing agency, `SỞ NỘI VỤ`.
    public var agency: String
    /// The place before the date, `Hà Nội`.
    public var place: String

    public init(parentAgency: String = "UBND THÀNH PHỐ HÀ NỘI", agency: String = "SỞ NỘI VỤ", place: String = "Hà Nội") {
        self.parentAgency = parentAgency
        self.agency = agency
        self.place = place
    }
}

/// The heading of a printed document: the issuer on the left, the national heading on the right,
/// the place and date under it, then the document's name. Shown on screen as on paper, with the
/// print button above it (hidden in print).
struct DocumentHeading {
    var parentAgency: String
    var hasParentAgency: Bool
    var agency: String
    var nation: String
    var motto: String
    var placeDate: String
    var name: String
    var subtitle: String
    var printLabel: String
    var printHint: String

    init(_ issuer: DocumentIssuer, date: Date, name: String, subtitle: String, language: Language) {
        let words = language.strings
        parentAgency = issuer.parentAgency.uppercased()
        hasParentAgency = !issuer.parentAgency.trimmingCharacters(in: .whitespaces).isEmpty
        agency = issuer.agency.uppercased()
        nation = words["doc.nation"] ?? ""
        motto = words["doc.motto"] ?? ""
        placeDate = Self.placeDate(issuer.place, date, language: language)
        self.name = name
        self.subtitle = subtitle
        printLabel = words["doc.print"] ?? ""
        printHint = words["doc.printHint"] ?? ""
    }

    /// `Hà Nội, ngày 05 tháng 03 năm 2026` (Vietnam time), or `Hà Nội, 05/03/2026` in English.
    static func placeDate(_ place: String, _ date: Date, language: Language) -> String {
        let day = Timestamp.vietnamese(date, withTime: false)
        let parts = day.split(separator: "/")
        let prefix = place.isEmpty ? "" : "\(place), "
        guard language == .vi, parts.count == 3 else { return prefix + day }
        return "\(prefix)ngày \(parts[0]) tháng \(parts[1]) năm \(parts[2])"
    }
}

/// One signature block: the role in capitals, the title under it, the hint, room to sign, the name.
struct DocumentSignature {
    var role: String
    var title: String
    var hasTitle: Bool
    var hint: String
    var name: String

    init(role: String, title: String = "", hint: String, name: String = "") {
        self.role = role
        self.title = title
        hasTitle = !title.isEmpty
        self.hint = hint
        self.name = name
    }
}
