import Foundation
import NIOCore
import NIOPosix

/// Where every request's code runs (decision 0014): threads of our own with two queues instead of
/// Swift's shared cooperative pool, whose one queue serves jobs strictly in arrival order.
///
/// Under load that queue is tens of milliseconds long, and a request waits in it each time it is
/// resumed. A read is resumed about once (its head has arrived); a save at least twice (its head,
/// then its fsynced commit), so flat-out saves took about twice as long as reads and made the p99.
/// Here a job enqueued from an event loop thread is new work (a request head, body bytes) and
/// joins the back of `arrivals`; any other job continues a request already being served (a commit
/// or a database read that finished, a task that yielded) and goes to `started`, which is served
/// first. Finishing started requests first keeps each request to about one wait. Arrivals do not
/// starve: `started` fills only as fast as requests in progress come back from their waits.
final class RequestExecutor: TaskExecutor, @unchecked Sendable {
    /// One for the process: its threads live as long as it does, and every server in it shares them.
    static let shared = RequestExecutor(threads: max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let condition = NSCondition()
    private var started = CircularBuffer<UnownedJob>(initialCapacity: 256)
    private var arrivals = CircularBuffer<UnownedJob>(initialCapacity: 256)
    private var idle = 0

    /// Starts `threads` threads that run jobs until the process ends.
    init(threads: Int) {
        for index in 0..<threads {
            Thread { [unowned self] in
                // Named from inside: Foundation on Linux names only the thread it runs on.
                Thread.current.name = "parindex-req-\(index)"
                self.work()
            }.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let arriving = MultiThreadedEventLoopGroup.currentEventLoop != nil
        condition.lock()
        if arriving { arrivals.append(job) } else { started.append(job) }
        let wake = idle > 0
        condition.unlock()
        if wake { condition.signal() }
    }

    private func work() {
        while true {
            condition.lock()
            while started.isEmpty && arrivals.isEmpty {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = started.isEmpty ? arrivals.removeFirst() : started.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
