import Foundation
import Hummingbird
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
final class RenderedCache<Key: Hashable & Sendable, Stamp: Equatable & Sendable, Value: KeptRendering>: @unchecked Sendable {
    private struct Entry {
        var stamp: Stamp
        var value: Value
    }

    let budgetBytes: Int
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var keys: [Key] = []
    private var storedBytes = 0
    private enum Step {
        case kept(Value)
        case join(Task<Value, any Error>)
        case lead(Task<Value, any Error>)
    }

    /// Renderings under way, by key, with the stamp they were asked at.
    private var flights: [Key: (stamp: Stamp, task: Task<Value, any Error>)] = [:]

    init(budgetBytes: Int) { self.budgetBytes = budgetBytes }

    /// The kept rendering at `stamp` if `usable`, or else the one `make` renders and keeps (with the
    /// stamp it read) — made once however many ask for the same key and stamp at the same time.
    /// Without this a cold page under load was rendered by every request waiting for it: 64 renders
    /// of one 150 ms page, at 64 connections. A rendering newer than a caller's stamp is still right
    /// for it (it was read after the caller's glance); an older one is never shared.
    func kept(
        _ key: Key,
        at stamp: Stamp,
        where usable: (Value) -> Bool = { _ in true },
        orMake make: @escaping @Sendable () async throws -> (stamp: Stamp, value: Value)
    ) async throws -> Value {
        let step: Step = lock.withLock {
            if let entry = entries[key], entry.stamp == stamp, usable(entry.value) { return .kept(entry.value) }
            if let flight = flights[key], flight.stamp == stamp { return .join(flight.task) }
            let task = Task { [self] in
                let (madeAt, value) = try await make()
                store(key, at: madeAt, value)
                return value
            }
            flights[key] = (stamp, task)
            return .lead(task)
        }
        switch step {
        case .kept(let value):
            return value
        case .join(let task):
            return try await task.value
        case .lead(let task):
            defer { lock.withLock { if flights[key]?.task == task { flights[key] = nil } } }
            return try await task.value
        }
    }

    /// The stored rendering, if it was made from exactly this stamp.
    func kept(_ key: Key, at stamp: Stamp) -> Value? {
        lock.withLock {
            guard let entry = entries[key], entry.stamp == stamp else { return nil }
            return entry.value
        }
    }

    func store(_ key: Key, at stamp: Stamp, _ value: Value) {
        guard value.keptBytes <= budgetBytes / 4 else { return }
        lock.withLock {
            if let old = entries[key] {
                storedBytes -= old.value.keptBytes
            } else {
                keys.append(key)
            }
            entries[key] = Entry(stamp: stamp, value: value)
            storedBytes += value.keptBytes
            while storedBytes > budgetBytes, keys.count > 1 {
                // Never the entry just stored: it is the one most likely asked for next.
                var index = Int.random(in: 0..<keys.count)
                if keys[index] == key { index = (index + 1) % keys.count }
                keys.swapAt(index, keys.count - 1)
                let dropped = keys.removeLast()
                storedBytes -= entries.removeValue(forKey: dropped)?.value.keptBytes ?? 0
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

/// What a kept rendering costs the budget.
protocol KeptRendering: Sendable {
    var keptBytes: Int { get }
}

/// An answer kept as it is and gzip compressed once, for clients that accept gzip (browsers'
/// pages and scripts, and most HTTP libraries, ask for it by default).
struct KeptBody: KeptRendering {
    let plain: ByteBuffer
    let gzip: ByteBuffer

    init(_ plain: ByteBuffer) {
        self.plain = plain
        gzip = Gzip.compress(plain)
    }

    var keptBytes: Int { plain.readableBytes + gzip.readableBytes }

    /// The encoding this request accepts, with its headers set on `response` by `make`.
    func response(_ request: Request, _ make: (ByteBuffer) -> Response) -> Response {
        PageRenderer.encoded(request, plain: { plain }, gzip: { gzip }, make)
    }
}

/// A grid page with holes for the caller's own values, kept until the next deadline can change
/// what it offers (decision 0010).
struct KeptPage: KeptRendering {
    var page: SlottedPage
    var validUntil: Date?

    var keptBytes: Int { page.keptBytes }
}

typealias RenderedAssessments = RenderedCache<AssessmentKey, AssessmentService.Revision, KeptBody>
typealias RenderedPages = RenderedCache<AssessmentKey, AssessmentService.Standing, KeptPage>
/// Public answers about a published cycle (results JSON, anonymous score cards), stamped with the
/// snapshot's hash: nothing in a published cycle changes any more.
typealias RenderedPublications = RenderedCache<String, String, KeptBody>
