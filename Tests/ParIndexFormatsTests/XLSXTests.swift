import Foundation
import ParIndexCore
import PythonSupport
import Testing

@testable import ParIndexFormats

private let python3Available = hasPython3

/// The entries of an archive of STORED entries, found by walking its local headers.
private func storedEntries(_ data: Data) -> [String: Data] {
    let bytes = [UInt8](data)
    func le16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
    func le32(_ i: Int) -> Int { le16(i) | le16(i + 2) << 16 }
    var entries: [String: Data] = [:]
    var i = 0
    while i + 30 <= bytes.count, le32(i) == 0x0403_4B50 {
        let size = le32(i + 18)
        let nameLength = le16(i + 26)
        let extraLength = le16(i + 28)
        let nameStart = i + 30
        let dataStart = nameStart + nameLength + extraLength
        guard dataStart + size <= bytes.count else { break }
        let name = String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self)
        entries[name] = Data(bytes[dataStart..<dataStart + size])
        i = dataStart + size
    }
    return entries
}

private func temporaryFile(_ data: Data, suffix: String = ".xlsx") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-\(UUID().uuidString)\(suffix)")
    try data.write(to: url)
    return url
}

@Suite("XLSX")
struct XLSXTests {
    static let partNames = [
        "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    ]

    /// Two rows: a Vietnamese name that needs escaping (given decomposed, expected back in NFC),
    /// a score, and a cell that a spreadsheet would otherwise run as a formula.
    static func sample() throws -> Data {
        try XLSX.workbook(
            sheetName: "Kết quả 2025",
            header: ["Đơn vị", "Điểm", "Ghi chú"],
            rows: [
                [.text("Sở Tài chính & <Ban>".decomposedStringWithCanonicalMapping), .number("88.54"), .text("=1+1")],
                [.text("UBND tỉnh \"A\""), .number("-3"), .text("@SUM(A1)")],
            ]
        )
    }

    @Test("ZipInspector reads the workbook back: six parts, stored, nothing suspicious")
    func readBack() throws {
        let data = try Self.sample()
        let url = try temporaryFile(data)
        defer { try? FileManager.default.removeItem(at: url) }
        let summary = try ZipInspector.summarize(fileAt: url)
        #expect(summary.entries == 6)
        #expect(summary.names == Self.partNames)
        #expect(summary.totalCompressed == summary.totalUncompressed)
        #expect(!ZipInspector.isSuspicious(summary))
        let entries = storedEntries(data)
        #expect(entries.keys.sorted() == Self.partNames.sorted())
        #expect(UInt64(entries.values.map(\.count).reduce(0, +)) == summary.totalUncompressed)
    }

    @Test("Sheet XML: escaped NFC text, numeric cells, formula-looking text neutralised, bold header")
    func sheetContent() throws {
        let sheet = try #require(storedEntries(try Self.sample())["xl/worksheets/sheet1.xml"])
        let xml = String(decoding: sheet, as: UTF8.self)
        #expect(xml.contains("Sở Tài chính &amp; &lt;Ban&gt;"))
        // Swift's String.contains compares canonically, so check NFC at the byte level.
        #expect(sheet.range(of: Data("Sở Tài chính".precomposedStringWithCanonicalMapping.utf8)) != nil)
        #expect(sheet.range(of: Data("Sở Tài chính".decomposedStringWithCanonicalMapping.utf8)) == nil)
        #expect(xml.contains(#"<c r="B2" t="n"><v>88.54</v></c>"#))
        #expect(xml.contains(#"<c r="B3" t="n"><v>-3</v></c>"#))
        #expect(xml.contains(#"<t xml:space="preserve">'=1+1</t>"#))
        #expect(xml.contains(#"<t xml:space="preserve">'@SUM(A1)</t>"#))
        #expect(xml.contains("UBND tỉnh &quot;A&quot;"))
        #expect(xml.contains(#"<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Đơn vị</t></is></c>"#))
        #expect(xml.contains(#"<dimension ref="A1:C3"/>"#))
        let styles = String(decoding: try #require(storedEntries(try Self.sample())["xl/styles.xml"]), as: UTF8.self)
        #expect(styles.contains("<b/>"))
    }

    @Test("A number that is not a plain decimal becomes a (neutralised) text cell")
    func numberFallback() throws {
        let data = try XLSX.workbook(sheetName: "S", header: [], rows: [[.number("1e5"), .number("-"), .number("12.5")]])
        let xml = String(decoding: try #require(storedEntries(data)["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        #expect(xml.contains(#"<c r="A1" t="inlineStr"><is><t xml:space="preserve">1e5</t></is></c>"#))
        #expect(xml.contains(#"<t xml:space="preserve">'-</t>"#))
        #expect(xml.contains(#"<c r="C1" t="n"><v>12.5</v></c>"#))
        #expect(!xml.contains("sheetViews"))
    }

    @Test("Same input, same bytes; DOS date 1980-01-01; UTF-8 name flag")
    func deterministic() throws {
        let a = try Self.sample()
        #expect(try a == Self.sample())
        let bytes = [UInt8](a)
        #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Array(bytes[6..<8]) == [0x00, 0x08])  // flags: bit 11
        #expect(Array(bytes[8..<10]) == [0, 0])  // method: stored
        #expect(Array(bytes[10..<14]) == [0x00, 0x00, 0x21, 0x00])  // 00:00:00, 1980-01-01
    }

    @Test("Sheet names lose [ ] : * ? / \\, keep at most 31 characters, never end up empty")
    func sheetName() throws {
        #expect(XLSX.sanitizedSheetName("Kết quả [2025]: tỉnh/thành?*\\") == "Kết quả 2025 tỉnhthành")
        #expect(XLSX.sanitizedSheetName(String(repeating: "Đ", count: 40)) == String(repeating: "Đ", count: 31))
        #expect(XLSX.sanitizedSheetName("[]:*?/\\") == "Sheet1")
        #expect(XLSX.sanitizedSheetName("'Chỉ số'") == "Chỉ số")
        let parts = storedEntries(try XLSX.workbook(sheetName: "A & B", header: [], rows: []))
        let workbook = String(decoding: parts["xl/workbook.xml"] ?? Data(), as: UTF8.self)
        #expect(workbook.contains(#"<sheet name="A &amp; B" sheetId="1" r:id="rId1"/>"#))
    }

    @Test("Column letters go A…Z, AA…")
    func columns() throws {
        #expect(XLSX.columnName(0) == "A")
        #expect(XLSX.columnName(25) == "Z")
        #expect(XLSX.columnName(26) == "AA")
        #expect(XLSX.columnName(701) == "ZZ")
        #expect(XLSX.columnName(702) == "AAA")
    }

    @Test("Python's zipfile accepts the archive and every part is well-formed XML", .enabled(if: python3Available))
    func pythonReadsIt() throws {
        let url = try temporaryFile(try Self.sample())
        defer { try? FileManager.default.removeItem(at: url) }
        let read = runPython([
            "-c",
            "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read('xl/worksheets/sheet1.xml').decode())",
            url.path,
        ])
        #expect(read.status == 0, "\(read.output)")
        #expect(read.output.contains("Sở Tài chính &amp; &lt;Ban&gt;"))
        #expect(read.output.contains("<v>88.54</v>"))
        let parse = runPython([
            "-c",
            """
            import zipfile,sys,xml.etree.ElementTree as ET
            z=zipfile.ZipFile(sys.argv[1])
            ns='{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
            for n in z.namelist(): ET.fromstring(z.read(n))
            rows=ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(ns+'row')
            print([[''.join(c.itertext()) for c in r.iter(ns+'c')] for r in rows])
            print(ET.fromstring(z.read('xl/workbook.xml')).find(ns+'sheets')[0].get('name'))
            """,
            url.path,
        ])
        #expect(parse.status == 0, "\(parse.output)")
        #expect(parse.output.contains("['Sở Tài chính & <Ban>', '88.54', \"'=1+1\"]"), "\(parse.output)")
        #expect(parse.output.contains("Kết quả 2025"))
    }
}
