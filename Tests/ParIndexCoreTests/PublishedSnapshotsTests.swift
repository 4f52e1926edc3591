import Foundation
import Testing

@testable import ParIndexCore

@Suite("Published snapshots")
struct PublishedSnapshotsTests {
    /// Counts reads of the stored snapshot; each read takes a moment, as the real 3 MB one does.
    final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var failing = false
        var reads: Int { lock.withLock { count } }

        func load() async throws -> Publication {
            let failing = lock.withLock {
                count += 1
                return self.failing
            }
            try await Task.sleep(for: .milliseconds(50))
            if failing { throw DomainError.notFound("kết quả") }
            return Publication(
                cycleCode: "c",
                publishedAt: Date(timeIntervalSince1970: 0),
                publishedBy: "admin",
                snapshot: #"{"blocks":[{"block":"so","ranking":[]}]}"#,
                snapshotSHA256: "h1",
                auditHead: "a"
            )
        }
    }

    @Test("Requests that arrive together read and parse a snapshot once, and all get it")
    func readOnceForConcurrentRequests() async throws {
        let snapshots = PublishedSnapshots()
        let store = Store()
        let documents = try await withThrowingTaskGroup(of: DocumentValue.self) { group in
            for _ in 0..<20 { group.addTask { try await snapshots.document("h1") { try await store.load() } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(store.reads == 1)
        #expect(documents.count == 20)
        #expect(Set(documents.map { $0["blocks"]?.arrayValue?.first?["block"]?.stringValue }) == ["so"])
        _ = try await snapshots.document("h1") { try await store.load() }
        #expect(store.reads == 1, "a held snapshot is not read again")
    }

    @Test("A failed read is reported to everyone waiting for it, and the next request reads again")
    func failureIsNotKept() async throws {
        let snapshots = PublishedSnapshots()
        let store = Store()
        store.failing = true
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask { (try? await snapshots.document("h1") { try await store.load() }) == nil }
            }
            for await failed in group { #expect(failed) }
        }
        #expect(store.reads == 1)
        store.failing = false
        _ = try await snapshots.document("h1") { try await store.load() }
        #expect(store.reads == 2)
    }
}
