import Foundation
import ParIndexCore

/// Parsed frameworks by content hash. A stored framework never changes (its hash pins it), so
/// parsing it once per process is safe, and it keeps every score write from re-reading the tree.
final class FrameworkCache: @unchecked Sendable {
    private let lock = NSLock()
    private var frameworks: [String: Framework] = [:]

    func framework(sha256: String, document: () throws -> String) throws -> Framework {
        if let cached = lock.withLock({ frameworks[sha256] }) { return cached }
        let framework = try FrameworkReader.read(try DocumentValue.parseJSON(try document()))
        lock.withLock { frameworks[sha256] = framework }
        return framework
    }
}
