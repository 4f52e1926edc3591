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

    @Test("Requests that arrive together get one reading of the results; a snapshot that does not read fails them all")
    func resultsReadTogether() async throws {
        let snapshots = PublishedSnapshots()
        let document = try DocumentValue.parseJSON(
            #"{"cycle":"c","name":"Kỳ","year":2026,"publishedAt":"2026-03-01T00:00:00Z","#
                + #""framework":{"code":"f","version":"1","contentSha256":"x"},"blocks":[{"block":"so","name":"Khối sở","ranking":[]}]}"#
        )
        let read = try await withThrowingTaskGroup(of: PublishedResults.self) { group in
            for _ in 0..<20 { group.addTask { try await snapshots.results("h1", of: document) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(read.count == 20)
        #expect(Set(read.map(\.blocks.first?.name)) == ["Khối sở"])
        let damaged = try DocumentValue.parseJSON(#"{"blocks":[]}"#)
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 { group.addTask { (try? await snapshots.results("h2", of: damaged)) == nil } }
            for await failed in group { #expect(failed) }
        }
        #expect(try await snapshots.results("h2", of: document).cycle == "c", "a failed reading is not kept")
    }
}
