import Foundation
import NIOCore

/// How the server's threads are shared between sockets and requests (decision 0014).
public enum ServerThreads {
    /// Event loops only read and write sockets now that requests run on `RequestExecutor`, which
    /// has a thread per core. One loop per two cores is enough for that: on the 2-core bench
    /// machine one loop instead of two gave a flat-out mixed p99 of 53–57 ms against 60–78 ms in
    /// alternating 20 s runs, with the same throughput, because fewer threads competed for the
    /// cores. An operator's `NIO_SINGLETON_GROUP_LOOP_COUNT` still wins. Call it once (NIO stops
    /// the program when the count is set twice), before anything touches NIO's singleton event loop
    /// group (once that exists, the count has no effect).
    public static func configure() {
        guard ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil else { return }
        NIOSingletons.groupLoopCountSuggestion = max(1, System.coreCount / 2)
    }
}
