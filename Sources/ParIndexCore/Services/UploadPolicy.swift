import Foundation

/// What an evidence file must pass before it is kept (SECURITY.md UP): a type proven by extension
/// and magic bytes, an image small enough to decode, no known malware, an archive without a bomb.
public struct UploadPolicy: Sendable {
    public let inspector: any EvidenceInspector
    public let scanner: any EvidenceScanner

    public init(inspector: any EvidenceInspector, scanner: any EvidenceScanner) {
        self.inspector = inspector
        self.scanner = scanner
    }

    /// The type from the name and the first bytes, checked as soon as they are in.
    public func type(filename: String, head: [UInt8]) throws -> UploadedFileType {
        try inspector.type(filename: filename, head: head)
    }

    /// Checks the whole received file at `path`, still temporary, so a refused file is never stored
    /// nor seen. `infected` is told the signature's name before the refusal, for the security log.
    public func check(fileAt path: String, type: UploadedFileType, filename: String, infected: (String) -> Void) throws {
        try inspector.checkImage(fileAt: path, type: type, filename: filename)
        if case .infected(let name) = try scanner.scan(fileAt: path) {
            infected(name)
            throw DomainError.invalid("infected_file", "Tệp \"\(filename)\" chứa mã độc (\(name)) nên không được chấp nhận.")
        }
        if type.isArchive, try inspector.isSuspiciousArchive(fileAt: path) {
            throw DomainError(
                .unsupportedMediaType,
                "archive_rejected",
                "Tệp \"\(filename)\" có cấu trúc nén bất thường nên không được chấp nhận."
            )
        }
    }
}
