import Foundation
import ParIndexCore

/// What the receipt page shows about the submission itself besides its manifest: made on the
/// unit's behalf (and why), the receipt it supersedes, whether it was since reopened or
/// withdrawn, the earlier receipts, and the unit's way to withdraw it.
struct ReceiptSubmissionView {
    struct Earlier {
        var sha256: String
        var submitted: String
        var ended: String
    }

    var onBehalf: Bool
    var onBehalfText: String
    var supersedes: Bool
    var supersedesSha: String
    var ended: Bool
    var endedText: String
    var hasHistory: Bool
    var history: [Earlier]
    var canWithdraw: Bool
    var withdrawAction: String
    var hasError: Bool
    var error: String
}

extension ReceiptSubmissionView {
    init(
        manifest: DocumentValue,
        sha256: String,
        history receipts: [SubmissionReceipt],
        canWithdraw: Bool,
        withdrawAction: String,
        error: String?,
        words: PageWords
    ) {
        func ending(_ receipt: SubmissionReceipt) -> String {
            guard let ended = receipt.ended, let how = receipt.ending else { return "" }
            return words["ways.receipt.ended_\(how.rawValue)"].replacingOccurrences(of: "{by}", with: ended.by)
                .replacingOccurrences(of: "{at}", with: Timestamp.vietnamese(ended.at))
                .replacingOccurrences(of: "{reason}", with: receipt.endReason ?? "")
        }
        let reason = manifest["reason"]?.stringValue
        onBehalf = manifest["onBehalf"] == .bool(true)
        onBehalfText = words["ways.receipt.onBehalf"].replacingOccurrences(of: "{reason}", with: reason ?? "")
        supersedesSha = manifest["supersedes"]?.stringValue ?? ""
        supersedes = !supersedesSha.isEmpty
        let shown = receipts.last { $0.sha256 == sha256 }
        ended = shown?.ended != nil
        endedText = shown.map(ending) ?? ""
        history = receipts.filter { $0.id != shown?.id }.map {
            Earlier(sha256: $0.sha256, submitted: "\(Timestamp.vietnamese($0.submitted.at)) · \($0.submitted.by)", ended: ending($0))
        }
        hasHistory = !history.isEmpty
        self.canWithdraw = canWithdraw
        self.withdrawAction = withdrawAction
        hasError = error != nil
        self.error = error ?? ""
    }
}
