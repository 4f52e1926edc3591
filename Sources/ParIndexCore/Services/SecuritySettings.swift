import Foundation

/// The security settings use cases read: sign-in rules and evidence quotas. Production reads them
/// from `Config/parindex.yaml` (`auth.*`, `upload.*`); the defaults here are the production ones.
public struct SecuritySettings: Sendable {
    public var auth = AuthService.Policy()
    public var quota = EvidenceQuota()
    public init() {}
}

/// How much evidence one unit may keep in one cycle (SECURITY.md UP-6). Both limits apply to the
/// unit's assessment in a cycle; deleted files no longer count.
public struct EvidenceQuota: Sendable, Equatable {
    public var maxFilesPerAssessment = 200
    public var maxBytesPerUnit: Int64 = 2 << 30
    public init(maxFilesPerAssessment: Int = 200, maxBytesPerUnit: Int64 = 2 << 30) {
        self.maxFilesPerAssessment = maxFilesPerAssessment
        self.maxBytesPerUnit = maxBytesPerUnit
    }
}

extension EvidenceQuota {
    /// Refuses (413) when `sizes` more files would take the assessment past either limit.
    func check(_ usage: (files: Int, bytes: Int64), adding sizes: [Int64]) throws(DomainError) {
        if usage.files + sizes.count > maxFilesPerAssessment {
            throw DomainError(
                .tooLarge,
                "quota_exceeded",
                "Mỗi đơn vị chỉ được lưu tối đa \(maxFilesPerAssessment) tệp kiểm chứng trong một kỳ đánh giá; hãy xoá bớt tệp không cần thiết.",
                details: ["limit": .int(maxFilesPerAssessment), "files": .int(usage.files)]
            )
        }
        if usage.bytes + sizes.reduce(0, +) > maxBytesPerUnit {
            throw DomainError(
                .tooLarge,
                "quota_exceeded",
                "Tổng dung lượng tệp kiểm chứng của đơn vị vượt quá \(maxBytesPerUnit / (1 << 20)) MiB cho một kỳ đánh giá.",
                details: ["limitBytes": .number(String(maxBytesPerUnit)), "bytes": .number(String(usage.bytes))]
            )
        }
    }
}
