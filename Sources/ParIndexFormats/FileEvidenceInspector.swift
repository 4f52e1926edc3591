import Foundation
import ParIndexCore

/// Core's `EvidenceInspector` over this module's readers: `EvidenceFileType`, `ImageDimensions`
/// and `ZipInspector`.
public struct FileEvidenceInspector: EvidenceInspector {
    public init() {}

    public func type(filename: String, head: [UInt8]) throws -> UploadedFileType {
        let type = try EvidenceFileType.detect(filename: filename, head: head)
        return UploadedFileType(contentType: type.contentType, isArchive: type.isArchive)
    }

    public func checkImage(fileAt path: String, type: UploadedFileType, filename: String) throws {
        try ImageDimensions.check(
            fileAt: path,
            type: EvidenceFileType(contentType: type.contentType, isArchive: type.isArchive),
            filename: filename
        )
    }

    public func isSuspiciousArchive(fileAt path: String) throws -> Bool {
        ZipInspector.isSuspicious(try ZipInspector.summarize(fileAt: URL(fileURLWithPath: path)))
    }
}
