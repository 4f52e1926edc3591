import Foundation
import NIOCore
import ParIndexCore

/// Answers already rendered, each with the stamp of the data it was rendered from (decision 0009).
///
/// Reading and presenting a 100-leaf assessment cost ~5 ms of CPU a request, and reviewers read the
/// same assessments over and over between changes; a public score card read every item of a
/// published unit and ran it through a template for every visitor. A stored rendering is served
/// only while its stamp — an assessment's revision, which the database moves on every change, or a
/// published snapshot's hash — is equal, so what is served is always what a fresh rendering would
/// give. Memory is bounded: past `budgetBytes`, entries are dropped at random (a reviewer's walk
/// through every unit in order would make an oldest-first rule drop exactly what comes next).
final class RenderedCache<Key: Hashable & Sendable, Stamp: Equatable & Sendable>: @unchecked Sendable {
    private struct Entry {
        var stamp: Stamp
        var bytes: ByteBuffer
    }

    let budgetBytes: Int
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var keys: [Key] = []
    private var storedBytes = 0

    init(budgetBytes: Int) { self.budgetBytes = budgetBytes }

    /// The stored rendering, if it was made from exactly this stamp.
    func bytes(_ key: Key, at stamp: Stamp) -> ByteBuffer? {
        lock.withLock {
            guard let entry = entries[key], entry.stamp == stamp else { return nil }
            return entry.bytes
        }
    }

    func store(_ key: Key, at stamp: Stamp, _ bytes: ByteBuffer) {
        guard bytes.readableBytes <= budgetBytes / 4 else { return }
        lock.withLock {
            if let old = entries[key] {
                storedBytes -= old.bytes.readableBytes
            } else {
                keys.append(key)
            }
            entries[key] = Entry(stamp: stamp, bytes: bytes)
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

/// Which assessment, and which rendering of it (unit callers see no reviewer names).
struct AssessmentKey: Hashable, Sendable {
    var cycle: String
    var unit: String
    var variant: String
}

typealias RenderedAssessments = RenderedCache<AssessmentKey, AssessmentService.Revision>
/// Public answers about a published cycle (results JSON, anonymous score cards), stamped with the
/// snapshot's hash: nothing in a published cycle changes any more.
typealias RenderedPublications = RenderedCache<String, String>
