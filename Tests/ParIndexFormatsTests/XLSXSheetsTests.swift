import Foundation
import ParIndexCore
import PythonSupport
import Testing

@testable import ParIndexFormats

/// Several sheets, frozen panes, widths and points cells, each read back by openpyxl.
@Suite("XLSX sheets")
struct XLSXSheetsTests {
    static func twoSheets() throws -> Data {
        try XLSX.workbook([
            XLSX.Sheet(
                name: "Bảng chấm điểm",
                header: ["STT", "Tiêu chí", "Điểm tối đa", "Ghi chú"],
                rows: [
                    [.heading("1"), .heading("Công tác chỉ đạo, điều hành"), .points(Points(hundredths: 500)), .empty],
                    [.text("1.1"), .text("Ban hành kế hoạch CCHC năm"), .points(Points(hundredths: 1250)), .text("Dòng một\nDòng hai")],
                    [.text("1.2"), .text(String(repeating: "Tỷ lệ hồ sơ giải quyết đúng hạn ", count: 4)), .points(Points(hundredths: 7)), .empty],
                    [.text("9.2"), .text("Vi phạm kỷ luật"), .points(Points(hundredths: -150)), .empty],
                ],
                frozenColumns: 2
            ),
            XLSX.Sheet(name: "Bảng chấm điểm", header: ["Đơn vị"], rows: [[.text("Sở Tài chính")]]),
        ])
    }

    static func read(_ data: Data) throws -> [SheetDump] {
        try #require(hasOpenpyxl, "build/venv lacks openpyxl: run bash scripts/setup --python")
        return try openpyxlRead(data)
    }

    @Test("openpyxl reads both sheets: unique names, frozen header and columns, numbers as numbers with 0.00")
    func openpyxlReadsSheets() throws {
        let sheets = try Self.read(try Self.twoSheets())
        #expect(sheets.map(\.name) == ["Bảng chấm điểm", "Bảng chấm điểm (2)"])
        #expect(sheets[0].freeze == "C2")
        #expect(sheets[1].freeze == "A2")
        let grid = sheets[0]
        #expect(grid["B1"]?.v == "Tiêu chí")
        #expect(grid["B1"]?.bold == true)
        #expect(grid["B2"]?.bold == true)
        #expect(grid["B3"]?.bold == false)
        // 1250 hundredths is the number 12.5, shown as 12.50; 7 is 0.07; −150 is −1.5; 500 is 5.
        #expect(grid["C3"] == CellDump(t: "n", v: "12.5", py: "float", f: "0.00", bold: false))
        #expect(grid["C4"]?.v == "0.07")
        #expect(grid["C5"]?.v == "-1.5")
        #expect(grid["C2"]?.v == "5")
        #expect(grid["C2"]?.py == "int")
        #expect(grid["D2"] == nil)
        #expect(grid["D3"]?.v == "Dòng một\nDòng hai")
        #expect(grid["D3"]?.t == "s")
        // Widths fit the text: the title column stops at 60 characters (+2) and wraps beyond.
        #expect(grid.widths["A"] == 10)
        #expect(grid.widths["B"] == 62)
        #expect(grid.widths["C"] == 10)
        #expect(grid.widths["D"] == 10)
    }

    @Test("Points are written from their exact decimal text, never through Double")
    func pointsLiterals() throws {
        let cases: [(Int, String)] = [(1250, "12.5"), (7, "0.07"), (100, "1"), (-150, "-1.5"), (8854, "88.54"), (10, "0.1")]
        let data = try XLSX.workbook(sheetName: "S", header: [], rows: [cases.map { .points(Points(hundredths: $0.0)) }])
        let sheet = try #require(XLSXReader.firstSheet(data).rows[1])
        for (column, (_, literal)) in cases.enumerated() {
            #expect(sheet[column] == .number(literal))
        }
    }

    @Test("Same sheets, same bytes")
    func deterministic() throws {
        #expect(try Self.twoSheets() == Self.twoSheets())
    }
}
