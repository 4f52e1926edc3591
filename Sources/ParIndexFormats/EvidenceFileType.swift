import Foundation
import ParIndexCore

/// The evidence files ParIndex accepts, recognised by extension AND magic bytes together
/// (SECURITY.md UP): PDF, DOCX/XLSX/PPTX, ODT/ODS, DOC/XLS, JPEG, PNG.
public struct EvidenceFileType: Sendable, Equatable {
    public var contentType: String
    /// ZIP containers (Office Open XML, OpenDocument) get an archive check against zip bombs.
    public var isArchive: Bool

    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static let table: [String: (magic: [UInt8], type: String)] = [
        "pdf": (Array("%PDF-".utf8), "application/pdf"),
        "docx": (zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx": (zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "pptx": (zip, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        "odt": (zip, "application/vnd.oasis.opendocument.text"),
        "ods": (zip, "application/vnd.oasis.opendocument.spreadsheet"),
        "doc": (ole, "application/msword"),
        "xls": (ole, "application/vnd.ms-excel"),
        "jpg": ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        "jpeg": ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        "png": ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
    ]

    public static let allowedExtensions = table.keys.sorted()

    /// The largest PNG/JPEG accepted, in pixels (width × height), read from the header before
    /// anything is stored (SECURITY.md UP-5; `ImageDimensions`). 50 MP is beyond any phone or scanner.
    public static let maxImagePixels: Int64 = 50_000_000

    /// The type of a file from its name and first bytes, or a `415` saying what is accepted.
    public static func detect(filename: String, head: [UInt8]) throws(DomainError) -> EvidenceFileType {
        let ext = filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard filename.contains("."), let entry = table[ext] else {
            throw DomainError(
                .unsupportedMediaType,
                "file_type_not_allowed",
                "Tệp \"\(filename)\" không thuộc loại được chấp nhận (PDF, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS, JPEG, PNG).",
                details: ["allowed": .array(allowedExtensions.map { .string($0) })]
            )
        }
        guard head.starts(with: entry.magic) else {
            throw DomainError(
                .unsupportedMediaType,
                "file_content_mismatch",
                "Nội dung tệp \"\(filename)\" không phải là tệp .\(ext) hợp lệ.",
                details: ["extension": .string(ext)]
            )
        }
        return EvidenceFileType(contentType: entry.type, isArchive: entry.magic == zip)
    }

    /// A safe display name: no folders, no control characters, NFC, at most 255 characters.
    public static func cleanFilename(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let visible = String(last.precomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        let trimmed = visible.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "tai-lieu" : String(trimmed.suffix(255))
    }
}
