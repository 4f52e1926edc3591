import NIOCore

/// How the server's threads are shared between sockets and requests (decision 0014).
public enum ServerThreads {
    /// Event loops only read and write sockets now that requests run on `RequestExecutor`, which
    /// has a thread per core. One loop per two cores is enough for that: on the 2-core bench
    /// machine one loop instead of two gave a flat-out mixed p99 of 53–57 ms against 60–78 ms in
    /// alternating 20 s runs, with the same throughput, because fewer threads competed for the
    /// cores. Must run before anything touches NIO's singleton event loop group.
    public static func configure() {
        NIOSingletons.groupLoopCountSuggestion = max(1, System.coreCount / 2)
    }
}
