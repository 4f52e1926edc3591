import CMalloc

/// glibc gives a thread's freed heap top back to the kernel once it passes 128 KiB (or twice the
/// largest block it has mapped). The database writer frees the in-memory journal of each use case's
/// savepoint when the use case is done, so under steady writes it shrank its heap with `madvise`
/// and faulted the same pages back in on the next write: 4.3 % of a PUT profile in the kernel,
/// with TLB shootdowns that interrupt the other core as well. Keeping up to 32 MiB of freed top
/// per arena cut the server's CPU per PUT by 10-25 % in three paired runs (issue 6).
enum MallocTuning {
    static let trimThreshold: Int32 = 32 << 20

    static func keepFreedHeapTop() {
        #if os(Linux)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        #endif
    }
}
