import Foundation

/// An uploaded file's type as its name and first bytes agree on it.
public struct UploadedFileType: Sendable, Equatable {
    public var contentType: String
    /// ZIP containers (Office Open XML, OpenDocument), whose directory is checked against bombs.
    public var isArchive: Bool
    public init(contentType: String, isArchive: Bool) {
        self.contentType = contentType
        self.isArchive = isArchive
    }
}

/// Reads evidence files' formats: the type by extension and magic bytes, an image's size from its
/// header, an archive's directory. Core names what is checked; the formats module reads the bytes.
public protocol EvidenceInspector: Sendable {
    /// The file's type, or a `415` saying what is accepted or that the bytes are not that type.
    func type(filename: String, head: [UInt8]) throws -> UploadedFileType
    /// Refuses (422) an image over the pixel limit or whose header does not say its size; other
    /// types pass untouched.
    func checkImage(fileAt path: String, type: UploadedFileType, filename: String) throws
    /// Whether an archive's directory looks like a bomb (ratios, sizes, entry counts, paths).
    func isSuspiciousArchive(fileAt path: String) throws -> Bool
}
