/// Where evidence bytes live, content-addressed by SHA-256. An upload is written to a temporary
/// file while its hash is computed, fsynced, and only then renamed into place; the database row is
/// inserted after that, so a row never points at bytes that are not safely on disk.
public protocol EvidenceStorage: Sendable {
    func beginUpload() throws -> any EvidenceUpload
    /// The file path of stored bytes, or nil when they are not there.
    func path(sha256: String) -> String?
    /// The SHA-256 (lowercase hex) of the bytes now stored at `path`, read in chunks, so a download
    /// can check that the disk still holds what the row recorded (SECURITY.md UP-11).
    func contentSHA256(path: String) throws -> String
}

/// One file being received.
public protocol EvidenceUpload: AnyObject {
    var byteCount: Int64 { get }
    /// The first bytes received (up to 4 KiB), for checking the file type by its magic bytes.
    var head: [UInt8] { get }
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes to disk and returns the content hash and size. No more writes after this.
    func finish() throws -> (sha256: String, size: Int64)
    /// Moves the finished file to its content address (keeping an existing identical copy).
    func commit() throws
    /// Removes the temporary file; safe to call at any point, and after `commit`.
    func discard()
    /// The temporary file's path, for inspections after `finish` (e.g. an archive's directory).
    var temporaryPath: String { get }
}
