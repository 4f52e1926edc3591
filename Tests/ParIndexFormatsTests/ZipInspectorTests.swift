import Foundation
import ParIndexCore
import PythonSupport
import Testing

@testable import ParIndexFormats

private let hasPython = hasPython3

/// A fresh temporary directory; the caller removes it.
private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-zip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a DEFLATED zip at `url` with python's zipfile; `entries` is Python source for a list of
/// (name, bytes) pairs.
private func makeZip(at url: URL, entries: String) throws {
    let script = """
        import zipfile,sys
        with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
            for name, data in \(entries):
                z.writestr(name, data)
        """
    let result = runPython3Script(script, [url.path])
    try #require(result.status == 0, "\(result.output)")
}

private let docxLike = """
    [('[Content_Types].xml', b'<?xml version="1.0"?><Types/>' * 20),
     ('_rels/.rels', b'<Relationships/>' * 10),
     ('word/document.xml', ('<w:p>Báo cáo cải cách hành chính</w:p>' * 200).encode()),
     ('docProps/core.xml', b'<cp:coreProperties/>')]
    """

private func expectInvalidArchive(_ url: URL, maxEntries: Int = 10_000, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: DomainError.self, sourceLocation: sourceLocation) {
        try ZipInspector.summarize(fileAt: url, maxEntries: maxEntries)
    }
    #expect(error?.kind == .unsupportedMediaType, sourceLocation: sourceLocation)
    #expect(error?.code == "invalid_archive", sourceLocation: sourceLocation)
}

private func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
private func le32(_ v: UInt64) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * UInt64($0)) & 0xFF) } }
private func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(v >> (8 * UInt64($0)) & 0xFF) } }

/// Zip-bomb and zip-slip checks on DOCX/XLSX/ODF uploads before they are accepted (SECURITY.md UP-4).
@Suite("ZipInspector")
struct ZipInspectorTests {
    @Test("A normal small docx-like archive is summarised and not suspicious", .enabled(if: hasPython))
    func normal() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("report.docx")
        try makeZip(at: url, entries: docxLike)
        let summary = try ZipInspector.summarize(fileAt: url)
        #expect(summary.entries == 4)
        #expect(summary.names == ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "docProps/core.xml"])
        #expect(summary.totalUncompressed > summary.totalCompressed)
        #expect(summary.totalUncompressed < 20_000)
        #expect(!ZipInspector.isSuspicious(summary))
    }

    @Test("50 MiB of zeros deflated to a few KB is a zip bomb by ratio", .enabled(if: hasPython))
    func bomb() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bomb.xlsx")
        try makeZip(at: url, entries: "[('xl/worksheets/sheet1.xml', bytes(50 << 20))]")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size < 1 << 20)
        let summary = try ZipInspector.summarize(fileAt: url)
        #expect(summary.entries == 1)
        #expect(summary.totalUncompressed == 50 << 20)
        #expect(summary.totalCompressed < 1 << 20)
        #expect(ZipInspector.isSuspicious(summary))
        // Under the 500 MiB cap, so the ratio is what trips it.
        #expect(!ZipInspector.isSuspicious(summary, maxRatio: 1 << 20))
        #expect(ZipInspector.isSuspicious(summary, maxUncompressed: 10 << 20, maxRatio: 1 << 20))
    }

    @Test("A name that climbs out with ../ is suspicious", .enabled(if: hasPython))
    func traversal() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("evil.odt")
        try makeZip(at: url, entries: "[('mimetype', b'application/vnd.oasis.opendocument.text'), ('../evil', b'x')]")
        let summary = try ZipInspector.summarize(fileAt: url)
        #expect(summary.names == ["mimetype", "../evil"])
        #expect(ZipInspector.isSuspicious(summary))
    }

    @Test("Unsafe names: absolute, drive letters, .. components with either separator")
    func names() {
        func suspicious(_ name: String) -> Bool {
            ZipInspector.isSuspicious(.init(entries: 1, totalUncompressed: 10, totalCompressed: 10, names: [name]))
        }
        #expect(suspicious("../evil"))
        #expect(suspicious("word/../../evil"))
        #expect(suspicious("/etc/passwd"))
        #expect(suspicious("..\\evil"))
        #expect(suspicious("\\server\\share"))
        #expect(suspicious("C:/Windows/x"))
        #expect(suspicious(".."))
        #expect(!suspicious("word/document.xml"))
        #expect(!suspicious("báo..cáo.docx"))
        #expect(!suspicious("..hidden/x"))
    }

    @Test("Caps: total size and ratio only over 10 MiB; an empty archive is fine")
    func thresholds() {
        let small = ZipInspector.Summary(entries: 1, totalUncompressed: 10 << 20, totalCompressed: 1, names: ["a"])
        #expect(!ZipInspector.isSuspicious(small))
        let dense = ZipInspector.Summary(entries: 1, totalUncompressed: (10 << 20) + 1, totalCompressed: 0, names: ["a"])
        #expect(ZipInspector.isSuspicious(dense))
        let huge = ZipInspector.Summary(entries: 1, totalUncompressed: (500 << 20) + 1, totalCompressed: 500 << 20, names: ["a"])
        #expect(ZipInspector.isSuspicious(huge))
        #expect(!ZipInspector.isSuspicious(.init(entries: 0, totalUncompressed: 0, totalCompressed: 0, names: [])))
    }

    @Test("Truncated archives are refused as invalid_archive", .enabled(if: hasPython))
    func truncated() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("report.docx")
        try makeZip(at: url, entries: docxLike)
        let data = try Data(contentsOf: url)
        for cut in [data.count / 2, data.count - 10, data.count - 30, 21] {
            let part = dir.appendingPathComponent("cut-\(cut).docx")
            try data.prefix(cut).write(to: part)
            expectInvalidArchive(part)
        }
        // The end record survives but the central directory before it is damaged.
        var damaged = data
        let eocd = try #require(damaged.lastRange(of: Data([0x50, 0x4B, 0x05, 0x06])))
        let directoryOffset = Int(damaged[eocd.lowerBound + 16]) | Int(damaged[eocd.lowerBound + 17]) << 8
        damaged[directoryOffset] = 0
        let damagedURL = dir.appendingPathComponent("damaged.docx")
        try damaged.write(to: damagedURL)
        expectInvalidArchive(damagedURL)
    }

    @Test("Files that are not ZIP archives are refused")
    func notZip() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("note.docx")
        try Data(String(repeating: "Đây không phải tệp nén.\n", count: 200).utf8).write(to: text)
        expectInvalidArchive(text)
        let empty = dir.appendingPathComponent("empty.xlsx")
        try Data().write(to: empty)
        expectInvalidArchive(empty)
        let pdf = dir.appendingPathComponent("x.pdf")
        try Data("%PDF-1.7\n%âãÏÓ\n".utf8).write(to: pdf)
        expectInvalidArchive(pdf)
    }

    @Test("More entries than allowed is refused", .enabled(if: hasPython))
    func tooManyEntries() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("many.zip")
        try makeZip(at: url, entries: "[('f%d.txt' % i, b'x') for i in range(20)]")
        #expect(try ZipInspector.summarize(fileAt: url, maxEntries: 20).entries == 20)
        expectInvalidArchive(url, maxEntries: 19)
    }

    @Test("ZIP64 end record written by python for more than 65,535 entries", .enabled(if: hasPython))
    func zip64Count() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("many.zip")
        try makeZip(at: url, entries: "[('%d' % i, b'') for i in range(65_600)]")
        let summary = try ZipInspector.summarize(fileAt: url, maxEntries: 100_000)
        #expect(summary.entries == 65_600)
        #expect(summary.names.last == "65599")
        expectInvalidArchive(url)
    }

    @Test("ZIP64 sizes in the extra field and the ZIP64 end record are read (hand-built archive)")
    func zip64Sizes() throws {
        let name = Array("huge.bin".utf8)
        let uncompressed: UInt64 = 6 << 30
        let compressed: UInt64 = 6 << 20
        // One local header (its data is not needed: the inspector never reads it).
        var bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + le16(45) + le16(0) + le16(8) + le32(0) + le32(0)
        bytes += le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(name.count) + le16(0) + name
        let directoryOffset = UInt64(bytes.count)
        let extra: [UInt8] = le16(0x0001) + le16(16) + le64(uncompressed) + le64(compressed)
        var directory: [UInt8] = [0x50, 0x4B, 0x01, 0x02] + le16(45) + le16(45) + le16(0) + le16(8) + le32(0) + le32(0)
        directory += le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(name.count) + le16(extra.count) + le16(0)
        directory += le16(0) + le16(0) + le32(0) + le32(0) + name + extra
        bytes += directory
        let recordOffset = UInt64(bytes.count)
        bytes += [0x50, 0x4B, 0x06, 0x06] + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
        bytes += le64(1) + le64(1) + le64(UInt64(directory.count)) + le64(directoryOffset)
        bytes += [0x50, 0x4B, 0x06, 0x07] + le32(0) + le64(recordOffset) + le32(1)
        bytes += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF)
        bytes += le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(0)

        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("zip64.zip")
        try Data(bytes).write(to: url)
        let summary = try ZipInspector.summarize(fileAt: url)
        #expect(summary == .init(entries: 1, totalUncompressed: uncompressed, totalCompressed: compressed, names: ["huge.bin"]))
        #expect(ZipInspector.isSuspicious(summary))

        if hasPython {
            let check = runPython3Script(
                "import zipfile,sys; i=zipfile.ZipFile(sys.argv[1]).infolist()[0]; print(i.file_size, i.compress_size)",
                [url.path]
            )
            #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(uncompressed) \(compressed)", "\(check.output)")
        }
    }
}

extension Data {
    fileprivate func lastRange(of pattern: Data) -> Range<Int>? {
        range(of: pattern, options: .backwards).map { $0.lowerBound..<$0.upperBound }
    }
}
