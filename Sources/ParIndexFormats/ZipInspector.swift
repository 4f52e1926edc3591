import Foundation
import ParIndexCore

/// Reads what a ZIP archive claims to hold without unpacking it, so uploads of Office and
/// OpenDocument files (DOCX, XLSX, PPTX, ODT, ODS are all ZIP) can be refused before anything
/// inflates them: zip bombs, absurd entry counts, and names that would escape a directory.
///
/// Only the end-of-central-directory record (found in the last 64 KiB + 22 bytes), its ZIP64
/// locator and record when present, and the central directory are read; entry data is never
/// touched, so checking a large upload costs a few seeks, not a pass over the file.
///
/// Why not ZIPFoundation, which writes the XLSX exports: its entry iterator stops without an error
/// at the first central-directory record it cannot read, and the entry count the end record
/// declares is internal to it. A damaged directory then reads as a smaller, harmless archive, while
/// a tool that walks the local headers would still unpack everything (`ZipInspectorTests.truncated`
/// fails on it). Refusing such files needs the declared count, so the directory is read here.
public enum ZipInspector {
    /// The totals the central directory declares. They are claims, not measurements: whoever later
    /// unpacks an accepted file must still stop at the declared sizes.
    public struct Summary: Sendable, Equatable {
        public var entries: Int
        public var totalUncompressed: UInt64
        public var totalCompressed: UInt64
        /// Entry names in central-directory order (UTF-8, or Latin-1 when not valid UTF-8).
        public var names: [String]

        public init(entries: Int, totalUncompressed: UInt64, totalCompressed: UInt64, names: [String]) {
            self.entries = entries
            self.totalUncompressed = totalUncompressed
            self.totalCompressed = totalCompressed
            self.names = names
        }
    }

    /// Summarises the archive at `url`. Throws `invalid_archive` (unsupported media type) when the
    /// file is not a ZIP, is truncated or inconsistent, spans several disks, or has more than
    /// `maxEntries` entries.
    public static func summarize(fileAt url: URL, maxEntries: Int = 10_000) throws(DomainError) -> Summary {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .internalFailure()
        }
        defer { try? handle.close() }

        let fileSize: UInt64
        do {
            fileSize = try handle.seekToEnd()
        } catch {
            throw invalid
        }
        guard fileSize >= 22 else { throw invalid }

        // End of central directory: the last signature in the tail whose comment fits the file.
        let tailLength = min(fileSize, 0xFFFF + 22)
        let tailStart = fileSize - tailLength
        let tail = try read(handle, at: tailStart, count: Int(tailLength))
        var eocdIndex: Int? = nil
        var index = tail.count - 22
        while index >= 0 {
            if tail.le32(at: index) == 0x0605_4B50, index + 22 + Int(tail.le16(at: index + 20)) <= tail.count {
                eocdIndex = index
                break
            }
            index -= 1
        }
        guard let eocdIndex else { throw invalid }
        let eocdOffset = tailStart + UInt64(eocdIndex)

        var disk = UInt32(tail.le16(at: eocdIndex + 4))
        var directoryDisk = UInt32(tail.le16(at: eocdIndex + 6))
        var entriesOnDisk = UInt64(tail.le16(at: eocdIndex + 8))
        var entryCount = UInt64(tail.le16(at: eocdIndex + 10))
        var directorySize = UInt64(tail.le32(at: eocdIndex + 12))
        var directoryOffset = UInt64(tail.le32(at: eocdIndex + 16))
        var directoryEnd = eocdOffset

        // ZIP64: a 20-byte locator right before the EOCD points at the 56-byte ZIP64 EOCD record.
        if eocdOffset >= 20 {
            let locator = try read(handle, at: eocdOffset - 20, count: 20)
            if locator.le32(at: 0) == 0x0706_4B50 {
                let recordOffset = locator.le64(at: 8)
                guard locator.le32(at: 4) == 0, locator.le32(at: 16) <= 1, recordOffset <= eocdOffset - 20,
                    eocdOffset - 20 - recordOffset >= 56
                else { throw invalid }
                let record = try read(handle, at: recordOffset, count: 56)
                guard record.le32(at: 0) == 0x0606_4B50 else { throw invalid }
                disk = record.le32(at: 16)
                directoryDisk = record.le32(at: 20)
                entriesOnDisk = record.le64(at: 24)
                entryCount = record.le64(at: 32)
                directorySize = record.le64(at: 40)
                directoryOffset = record.le64(at: 48)
                directoryEnd = recordOffset
            }
        }

        guard disk == 0, directoryDisk == 0, entriesOnDisk == entryCount else { throw invalid }
        guard entryCount <= UInt64(max(maxEntries, 0)) else {
            throw DomainError(
                .unsupportedMediaType,
                "invalid_archive",
                "Tệp nén chứa quá nhiều tệp thành phần (tối đa \(maxEntries)).",
                details: ["entries": .number(String(entryCount)), "max_entries": .int(maxEntries)]
            )
        }
        // Each entry needs at least 46 bytes; the directory must sit between the data and the EOCD.
        let (minimumSize, overflow) = entryCount.multipliedReportingOverflow(by: 46)
        guard !overflow, directorySize >= minimumSize, directoryOffset <= directoryEnd,
            directorySize == directoryEnd - directoryOffset, directorySize <= 256 << 20
        else { throw invalid }

        let directory = try read(handle, at: directoryOffset, count: Int(directorySize))
        var summary = Summary(entries: 0, totalUncompressed: 0, totalCompressed: 0, names: [])
        summary.names.reserveCapacity(Int(entryCount))
        var position = 0
        for _ in 0..<entryCount {
            guard position + 46 <= directory.count, directory.le32(at: position) == 0x0201_4B50 else { throw invalid }
            let flags = directory.le16(at: position + 8)
            var compressed = UInt64(directory.le32(at: position + 20))
            var uncompressed = UInt64(directory.le32(at: position + 24))
            let nameLength = Int(directory.le16(at: position + 28))
            let extraLength = Int(directory.le16(at: position + 30))
            let commentLength = Int(directory.le16(at: position + 32))
            var localOffset = UInt64(directory.le32(at: position + 42))
            let nameStart = position + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directory.count else { throw invalid }

            // ZIP64 extended information (0x0001): only the fields whose 32-bit value is 0xFFFFFFFF,
            // in the order uncompressed, compressed, local header offset.
            if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                var field = extraStart
                var found = false
                while field + 4 <= extraStart + extraLength {
                    let id = directory.le16(at: field)
                    let size = Int(directory.le16(at: field + 2))
                    let dataStart = field + 4
                    guard dataStart + size <= extraStart + extraLength else { throw invalid }
                    if id == 0x0001 {
                        var cursor = dataStart
                        func take() throws(DomainError) -> UInt64 {
                            guard cursor + 8 <= dataStart + size else { throw invalid }
                            defer { cursor += 8 }
                            return directory.le64(at: cursor)
                        }
                        if uncompressed == 0xFFFF_FFFF { uncompressed = try take() }
                        if compressed == 0xFFFF_FFFF { compressed = try take() }
                        if localOffset == 0xFFFF_FFFF { localOffset = try take() }
                        found = true
                        break
                    }
                    field = dataStart + size
                }
                guard found else { throw invalid }
            }
            guard localOffset < directoryOffset else { throw invalid }

            let nameBytes = directory[nameStart..<extraStart]
            let name =
                flags & 0x0800 != 0 || nameBytes.allSatisfy({ $0 < 0x80 })
                ? String(decoding: nameBytes, as: UTF8.self)
                : String(validating: nameBytes, as: UTF8.self) ?? String(nameBytes.map { Character(Unicode.Scalar($0)) })
            summary.names.append(name)
            summary.entries += 1
            summary.totalCompressed = saturatingAdd(summary.totalCompressed, compressed)
            summary.totalUncompressed = saturatingAdd(summary.totalUncompressed, uncompressed)
            position = next
        }
        return summary
    }

    /// Whether an upload should be refused: more than `maxUncompressed` bytes once unpacked, a
    /// compression ratio above `maxRatio` for content over 10 MiB, or an entry name that is an
    /// absolute path or climbs out with `..` (with `/` or `\` as separator, or a drive letter).
    public static func isSuspicious(_ s: Summary, maxUncompressed: UInt64 = 500 << 20, maxRatio: UInt64 = 100) -> Bool {
        if s.totalUncompressed > maxUncompressed { return true }
        if s.totalUncompressed > 10 << 20 {
            let (limit, overflow) = s.totalCompressed.multipliedReportingOverflow(by: maxRatio)
            if !overflow && s.totalUncompressed > limit { return true }
        }
        return s.names.contains(where: isUnsafeName)
    }

    /// `..` as a path component, a leading `/` or `\`, or a Windows drive prefix such as `C:`.
    static func isUnsafeName(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.hasPrefix("\\") { return true }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic { return true }
        return name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }

    // MARK: - Reading

    private static let invalid = DomainError(
        .unsupportedMediaType,
        "invalid_archive",
        "Tệp tải lên không phải là tệp nén hợp lệ hoặc đã bị hỏng, cắt cụt."
    )

    /// Exactly `count` bytes at `offset`, or `invalid_archive` when the file ends first.
    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) throws(DomainError) -> [UInt8] {
        guard count > 0 else { return [] }
        do {
            try handle.seek(toOffset: offset)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            while bytes.count < count {
                guard let chunk = try handle.read(upToCount: count - bytes.count), !chunk.isEmpty else { throw invalid }
                bytes.append(contentsOf: chunk)
            }
            return bytes
        } catch {
            throw invalid
        }
    }

    private static func saturatingAdd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }
}

extension [UInt8] {
    /// Little-endian integers; callers check bounds first.
    fileprivate func le16(at i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    fileprivate func le32(at i: Int) -> UInt32 { UInt32(le16(at: i)) | UInt32(le16(at: i + 2)) << 16 }
    fileprivate func le64(at i: Int) -> UInt64 { UInt64(le32(at: i)) | UInt64(le32(at: i + 4)) << 32 }
}
