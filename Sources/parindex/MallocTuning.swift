import CMalloc

/// glibc gives a thread's freed heap top back to the kernel once it passes 128 KiB (or twice the
/// largest block it has mapped). The database writer frees the in-memory journal of each use case's
/// savepoint when the use case is done, so under steady writes it shrank its heap with `madvise`
/// and faulted the same pages back in on the next write: 4.3 % of a PUT profile in the kernel,
/// with TLB shootdowns that interrupt the other core as well. Keeping up to 32 MiB of freed top
/// per arena cut the server's CPU per PUT by 10-25 % in three paired runs (decision 0011).
///
/// Setting any threshold turns off glibc's own raising of the mmap threshold (which otherwise
/// follows the largest block freed), so it is set too. At the fixed 128 KiB every plain form
/// page (487 KB, filled in per request) was a fresh `mmap`, 119 page faults with zeroing, and a
/// `munmap`: about half of the server's CPU for that page (865–944 µs a request against 403–530 µs
/// with the threshold set, in paired runs); with the trim threshold alone the plain page fell
/// from 0.15 × to 0.11 × `/healthz`. Blocks below 4 MiB come from the heap and are reused.
enum MallocTuning {
    static let trimThreshold: Int32 = 32 << 20
    static let mmapThreshold: Int32 = 4 << 20

    static func keepFreedHeapTop() {
        #if os(Linux)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        #endif
    }
}
