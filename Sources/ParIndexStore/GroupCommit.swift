import Foundation
import GRDB

/// Group commit for `synchronous=FULL`: use cases that arrive while a commit is being synced to disk
/// wait together and share the next transaction, each inside its own savepoint. A use case stays
/// all or nothing (its savepoint rolls back on error, the others are unaffected) and nobody is
/// answered before the commit that holds its rows has been fsynced, so durability is unchanged;
/// what changes is that one fsync (~1.3 ms on the test machine) serves many writers instead of one
/// (docs/decisions/0008-group-commit.md).
final class GroupCommit: @unchecked Sendable {
    private struct Job: Sendable {
        /// Runs the use case inside its savepoint and keeps its own result.
        let run: @Sendable (Database) -> Void
        /// Answers the caller: `nil` once the batch committed, else why it did not.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private final class Outcome<T>: @unchecked Sendable { var result: Result<T, any Error>? }

    /// Bounds one transaction's work so a long queue cannot hold the write lock for long.
    static let maxBatch = 64

    private let writer: any DatabaseWriter
    /// Where batches run: a serial queue with its own thread, not the cooperative pool. Under read
    /// load the pool's queue is ~40 ms long, and a drainer task there went through it twice per
    /// batch (to start, and to resume after the write), on top of every caller's own resumption
    /// (decision 0012).
    private let drainer = DispatchQueue(label: "parindex.group-commit")
    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false

    init(writer: any DatabaseWriter) { self.writer = writer }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = Outcome<T>()
            let job = Job(
                run: { db in
                    do {
                        try db.inSavepoint {
                            outcome.result = .success(try work(db))
                            return .commit
                        }
                    } catch {
                        outcome.result = .failure(error)
                    }
                },
                finish: { failure in
                    if let failure { continuation.resume(throwing: failure) } else { continuation.resume(with: outcome.result!) }
                }
            )
            let start = lock.withLock {
                pending.append(job)
                defer { draining = true }
                return !draining
            }
            if start { drainer.async { self.drain() } }
        }
    }

    /// Runs batches until the queue is empty; one drainer at a time, on `drainer`.
    private func drain() {
        while true {
            let batch = lock.withLock {
                let batch = Array(pending.prefix(Self.maxBatch))
                pending.removeFirst(batch.count)
                if batch.isEmpty { draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try writer.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        for job in batch {
                            job.run(db)
                            // Some failures (disk full, I/O) end the whole transaction: then every use
                            // case in it is lost and must be reported as failed, not acknowledged.
                            guard db.isInsideTransaction else {
                                throw DatabaseError(resultCode: .SQLITE_ABORT, message: "group transaction rolled back")
                            }
                        }
                        return .commit
                    }
                }
                for job in batch { job.finish(nil) }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
    }
}
