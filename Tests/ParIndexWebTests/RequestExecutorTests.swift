import Dispatch
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import ParIndexWeb

/// `RequestExecutor` serves requests already started before new arrivals (decision 0014): a save
/// whose commit has finished must not wait behind every request head that came in meanwhile.
@Suite struct RequestExecutorTests {
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// Where the writer finds the continuation of the save it commits.
    final class Commit: Sendable {
        private let waiting = Mutex<CheckedContinuation<Void, Never>?>(nil)
        func wait(_ continuation: CheckedContinuation<Void, Never>) { waiting.withLock { $0 = continuation } }
        func finish() { waiting.withLock { $0 }!.resume() }
    }

    /// Keeps the executor's only thread busy until released, so that what is enqueued meanwhile queues.
    static func occupy(_ executor: RequestExecutor) async throws -> (release: Flag, task: Task<Void, Never>) {
        let running = Flag()
        let release = Flag()
        let task = Task(executorPreference: executor) {
            running.set()
            while !release.isSet {}
        }
        while !running.isSet { try await Task.sleep(for: .milliseconds(1)) }
        return (release, task)
    }

    /// New tasks created on an event loop thread, as Hummingbird resumes a connection when a head arrives.
    static func arrivals(_ names: [String], on executor: RequestExecutor, log: Log) async throws -> [Task<Void, Never>] {
        try await MultiThreadedEventLoopGroup.singleton.next().submit {
            names.map { name in Task(executorPreference: executor) { log.add(name) } }
        }.get()
    }

    @Test func aResumedRequestRunsBeforeArrivalsQueuedEarlier() async throws {
        let executor = RequestExecutor(threads: 1)
        let log = Log()
        // A save: it starts, then waits for its commit, which another thread (the writer) finishes.
        let suspended = Flag()
        let commit = Commit()
        let save = Task(executorPreference: executor) {
            await withCheckedContinuation { continuation in
                commit.wait(continuation)
                suspended.set()
            }
            log.add("save answered")
        }
        while !suspended.isSet { try await Task.sleep(for: .milliseconds(1)) }

        let (release, busy) = try await Self.occupy(executor)
        let heads = try await Self.arrivals(["head 1", "head 2", "head 3"], on: executor, log: log)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue(label: "writer").async {
                commit.finish()
                done.resume()
            }
        }
        release.set()
        await busy.value
        await save.value
        for head in heads { await head.value }
        #expect(log.all == ["save answered", "head 1", "head 2", "head 3"])
    }

    @Test func arrivalsKeepTheirOrderAndStartedWorkGoesFirst() async throws {
        let executor = RequestExecutor(threads: 1)
        let log = Log()
        let (release, busy) = try await Self.occupy(executor)
        let heads = try await Self.arrivals(["head 1", "head 2"], on: executor, log: log)
        // Created here, off any event loop: work that continues a request, as a finished read does.
        let resumed = (0..<2).map { index in Task(executorPreference: executor) { log.add("started \(index)") } }
        let later = try await Self.arrivals(["head 3"], on: executor, log: log)
        release.set()
        await busy.value
        for task in heads + resumed + later { await task.value }
        #expect(log.all == ["started 0", "started 1", "head 1", "head 2", "head 3"])
    }

    @Test func everyJobRunsWhereverItWasEnqueuedFrom() async throws {
        let executor = RequestExecutor(threads: 2)
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<500 {
                group.addTask(executorPreference: executor) {
                    // Half of them hop through an event loop and back, as a request's I/O does.
                    if index.isMultiple(of: 2) { try await MultiThreadedEventLoopGroup.singleton.next().submit {}.get() }
                    return index
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(total == (0..<500).reduce(0, +))
    }
}
