import Foundation

/// Runs each job of a task on a thread of its own, for test bodies that wait on blocking sockets
/// (`RawSocket`). On the cooperative pool, one thread per core (two on the test machine), such waits
/// can hold every thread; the served application's accept loop runs on that pool too, so a
/// connection the test is waiting on is then never started and its answer never comes.
final class ThreadPerJobExecutor: TaskExecutor, Sendable {
    static let shared = ThreadPerJobExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread { job.runSynchronously(on: executor) }.start()
    }
}

/// `body` with its blocking waits off the cooperative pool (see `ThreadPerJobExecutor`).
func blockingSockets<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(ThreadPerJobExecutor.shared, operation: body)
}
