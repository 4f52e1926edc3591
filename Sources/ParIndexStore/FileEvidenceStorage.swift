import Crypto
import Foundation
import ParIndexCore

#if canImport(Glibc)
import Glibc
#endif

/// Evidence bytes on disk at `<directory>/ab/cd/<sha256>` (outside `Public/`), written to
/// `<directory>/tmp/` first, fsynced, then renamed into place. Identical files are stored once.
public struct FileEvidenceStorage: EvidenceStorage {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
    }

    public func beginUpload() throws -> any EvidenceUpload {
        try FileUpload(directory: directory)
    }

    public func path(sha256: String) -> String? {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let path = Self.address(directory, sha256)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The stored bytes' SHA-256 with swift-crypto (faster than the Core hasher), 1 MiB at a time (UP-11).
    public func contentSHA256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DomainError.internalFailure() }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hexEncoded(hasher.finalize())
    }

    static func address(_ directory: String, _ sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    /// Removes temporary files left by a crash mid-upload (called at start-up).
    public func removeLeftovers() {
        let tmp = directory + "/tmp"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] {
            try? FileManager.default.removeItem(atPath: "\(tmp)/\(name)")
        }
    }

    /// Removes stored files that no evidence row names, and returns their hashes (UP-10). Bytes are
    /// renamed into place before their row commits, so a crash (or a kill) between the two leaves a
    /// file nobody references; the crash test finds one in most runs. Call at start-up, before any
    /// upload can be between its rename and its commit. Files not named like a hash are left alone.
    @discardableResult public func removeOrphans(keeping referenced: Set<String>) -> [String] {
        var removed: [String] = []
        let manager = FileManager.default
        for first in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where Self.isHexPrefix(first) {
            for second in (try? manager.contentsOfDirectory(atPath: "\(directory)/\(first)")) ?? [] where Self.isHexPrefix(second) {
                let folder = "\(directory)/\(first)/\(second)"
                for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where path(sha256: name) != nil {
                    guard !referenced.contains(name), name.hasPrefix(first + second) else { continue }
                    if unlink("\(folder)/\(name)") == 0 { removed.append(name) }
                }
            }
        }
        return removed.sorted()
    }

    static func isHexPrefix(_ name: String) -> Bool {
        name.count == 2 && name.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

final class FileUpload: EvidenceUpload {
    let directory: String
    let temporaryPath: String
    private var descriptor: Int32
    private var hasher = SHA256()
    private(set) var byteCount: Int64 = 0
    private(set) var head: [UInt8] = []
    private var digest: String?
    private var committed = false

    init(directory: String) throws {
        self.directory = directory
        temporaryPath = "\(directory)/tmp/\(UUID().uuidString)"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DomainError.internalFailure("Không ghi được tệp tạm.") }
    }

    deinit { discard() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0, digest == nil else { throw DomainError.internalFailure() }
        if head.count < 4096 { head += bytes.prefix(4096 - head.count) }
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw DomainError.internalFailure("Không ghi được tệp tạm (lỗi \(errno)).")
            }
            offset += written
        }
        byteCount += Int64(bytes.count)
    }

    func finish() throws -> (sha256: String, size: Int64) {
        if let digest { return (digest, byteCount) }
        guard fsync(descriptor) == 0 else { throw DomainError.internalFailure("Không lưu được tệp xuống đĩa.") }
        close(descriptor)
        descriptor = -1
        let hex = hexEncoded(hasher.finalize())
        digest = hex
        return (hex, byteCount)
    }

    func commit() throws {
        guard let digest, !committed else { throw DomainError.internalFailure() }
        let target = FileEvidenceStorage.address(directory, digest)
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target) {
            unlink(temporaryPath)
        } else {
            guard rename(temporaryPath, target) == 0 else { throw DomainError.internalFailure("Không lưu được tệp.") }
            // Make the rename itself durable.
            let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folderDescriptor >= 0 {
                fsync(folderDescriptor)
                close(folderDescriptor)
            }
        }
        committed = true
    }

    func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if !committed { unlink(temporaryPath) }
    }
}
