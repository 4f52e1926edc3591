import Foundation
import NIOCore
import ParIndexCore

/// Assessments already rendered, each with the revision it was rendered at (decision 0009).
///
/// Reading and presenting a 100-leaf assessment cost ~5 ms of CPU a request, and reviewers read the
/// same assessments over and over between changes. A stored rendering is served only while the
/// assessment's revision — which the database moves on every change to it — is equal, so what is
/// served is always what a fresh rendering would give. Memory is bounded: past `budgetBytes`,
/// entries are dropped at random (a reviewer's walk through every unit in order would make an
/// oldest-first rule drop exactly what comes next).
final class RenderedViews: @unchecked Sendable {
    struct Key: Hashable {
        var cycle: String
        var unit: String
        /// Which rendering of the same data: e.g. whether reviewers' names are hidden from the caller.
        var variant: String
    }

    private struct Entry {
        var revision: AssessmentService.Revision
        var bytes: ByteBuffer
    }

    let budgetBytes: Int
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var keys: [Key] = []
    private var storedBytes = 0

    init(budgetBytes: Int) { self.budgetBytes = budgetBytes }

    /// The stored rendering, if it was made at exactly this revision.
    func bytes(_ key: Key, at revision: AssessmentService.Revision) -> ByteBuffer? {
        lock.withLock {
            guard let entry = entries[key], entry.revision == revision else { return nil }
            return entry.bytes
        }
    }

    func store(_ key: Key, at revision: AssessmentService.Revision, _ bytes: ByteBuffer) {
        guard bytes.readableBytes <= budgetBytes / 4 else { return }
        lock.withLock {
            if let old = entries[key] {
                storedBytes -= old.bytes.readableBytes
            } else {
                keys.append(key)
            }
            entries[key] = Entry(revision: revision, bytes: bytes)
            storedBytes += bytes.readableBytes
            while storedBytes > budgetBytes, keys.count > 1 {
                // Never the entry just stored: it is the one most likely asked for next.
                var index = Int.random(in: 0..<keys.count)
                if keys[index] == key { index = (index + 1) % keys.count }
                keys.swapAt(index, keys.count - 1)
                let dropped = keys.removeLast()
                storedBytes -= entries.removeValue(forKey: dropped)?.bytes.readableBytes ?? 0
            }
        }
    }

    var count: Int { lock.withLock { entries.count } }
}
