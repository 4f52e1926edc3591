import Foundation
import ParIndexCore
import PythonSupport
import Testing
import ZIPFoundation

@testable import ParIndexFormats

/// Reading workbooks: files openpyxl wrote (shared strings, real numbers) and our own (inline
/// strings), and refusals that name the cell in Vietnamese.
@Suite("XLSX reader")
struct XLSXReaderTests {
    static let columns = ["unit", "criterion", "points"]

    static func written(_ rows: String) throws -> Data {
        try #require(hasOpenpyxl, "build/venv lacks openpyxl: run bash scripts/setup --python")
        return try openpyxlWrite(rows, sheet: "Điều tra")
    }

    /// A ZIP holding `parts` (path → text), packed by ZIPFoundation.
    static func archive(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count)) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func refusal(_ body: () throws -> Void) -> DomainError? {
        do {
            try body()
            return nil
        } catch let error as DomainError {
            return error
        } catch {
            return nil
        }
    }

    static func rowMessages(_ error: DomainError?) -> [String] {
        (error?.details["rows"]?.arrayValue ?? []).map { "\($0["row"]?.scalarText ?? "?"): \($0["message"]?.stringValue ?? "")" }
    }

    @Test("A workbook openpyxl wrote: shared strings, numbers, Vietnamese text, blank rows skipped")
    func openpyxlWorkbook() throws {
        let data = try Self.written(
            #"[["unit", "criterion", "Points"], ["CAUGIAY", "8.1", 4.25], [null, null, null], ["Sở Tư pháp", "8.1", 3], ["A2", "8.1", "4,5"]]"#
        )
        let sheet = try XLSXReader.firstSheet(data)
        #expect(sheet.name == "Điều tra")
        #expect(sheet.rows[2]?[2] == .number("4.25"))
        #expect(sheet.rows[4]?[0] == .text("Sở Tư pháp"))
        let rows = try XLSXReader.table(data, columns: Self.columns, numeric: ["points"])
        #expect(rows.map(\.line) == [2, 4, 5])
        #expect(rows[0].values == ["unit": "CAUGIAY", "criterion": "8.1", "points": "4.25"])
        #expect(rows[1].values["points"] == "3")
        #expect(rows[2].values["points"] == "4,5")
    }

    @Test("Our own workbook (inline strings, points cells) reads back as written")
    func ownWorkbook() throws {
        let data = try XLSX.workbook(
            sheetName: "S",
            header: ["Criterion", "Unit", "Points"],
            rows: [[.text("8.1"), .text("B1"), .points(Points(hundredths: 425))]]
        )
        let rows = try XLSXReader.table(data, columns: Self.columns, numeric: ["points"])
        #expect(rows.count == 1)
        #expect(rows[0].line == 2)
        #expect(rows[0].values == ["unit": "B1", "criterion": "8.1", "points": "4.25"])
    }

    @Test("Vietnamese headers are read through aliases")
    func aliases() throws {
        let data = try Self.written(#"[["Mã đơn vị", "Mã tiêu chí", "Điểm"], ["B1", "8.1", 2]]"#)
        let rows = try XLSXReader.table(
            data,
            columns: Self.columns,
            numeric: ["points"],
            aliases: ["mã đơn vị": "unit", "mã tiêu chí": "criterion", "điểm": "points"]
        )
        #expect(rows[0].values == ["unit": "B1", "criterion": "8.1", "points": "2"])
    }

    @Test("Not a ZIP: refused in Vietnamese, naming the format")
    func notZip() {
        let error = Self.refusal { _ = try XLSXReader.firstSheet(Data("unit,criterion,points\nB1,8.1,2\n".utf8)) }
        #expect(error?.code == "not_xlsx")
        #expect(error?.message.contains("không phải là tệp Excel .xlsx") == true)
    }

    @Test("A ZIP without a workbook, and a workbook whose sheet part is missing")
    func missingParts() throws {
        let noWorkbook = Self.refusal { _ = try XLSXReader.firstSheet(try Self.archive([("hello.txt", "xin chào")])) }
        #expect(noWorkbook?.code == "xlsx_no_workbook")
        let workbook =
            #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + #"<sheets><sheet name="Điểm" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        let rels =
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="x" Target="worksheets/sheet7.xml"/></Relationships>"#
        let missing = Self.refusal {
            _ = try XLSXReader.firstSheet(try Self.archive([("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels)]))
        }
        #expect(missing?.code == "xlsx_missing_sheet")
        #expect(missing?.message == "Tệp Excel thiếu trang tính \u{201C}Điểm\u{201D} (xl/worksheets/sheet7.xml).")
        let noSheets = Self.refusal {
            _ = try XLSXReader.firstSheet(
                try Self.archive([("xl/workbook.xml", #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#)])
            )
        }
        #expect(noSheets?.code == "xlsx_no_sheet")
        // Cut short, and not well-formed.
        for sheet in ["<worksheet><sheetData><row r=\"1\">", "<worksheet><sheetData></worksheet>"] {
            let broken = Self.refusal {
                _ = try XLSXReader.firstSheet(try Self.archive([("xl/workbook.xml", workbook), ("xl/worksheets/sheet1.xml", sheet)]))
            }
            #expect(broken?.code == "xlsx_damaged", "\(sheet)")
        }
    }

    @Test("Text where a number is due: every such cell listed by reference and row, nothing returned")
    func textForNumber() throws {
        let data = try Self.written(#"[["unit", "criterion", "points"], ["B1", "8.1", "bốn"], ["B2", "8.1", 3], ["A1", "8.1", true]]"#)
        let error = Self.refusal { _ = try XLSXReader.table(data, columns: Self.columns, numeric: ["points"]) }
        #expect(error?.code == "invalid_rows")
        #expect(error?.message == "Có 2 dòng lỗi trong tệp Excel; chưa nhập dòng nào.")
        #expect(
            Self.rowMessages(error) == [
                "2: ô C2 cần một số nhưng có chữ \u{201C}bốn\u{201D}", "4: ô C4 cần một số nhưng có giá trị đúng/sai",
            ]
        )
    }

    @Test("A wrong header names the header row; a cell beyond the header's columns is refused")
    func header() throws {
        let wrong = Self.refusal { _ = try XLSXReader.table(try Self.written(#"[["unit", "points"], ["B1", 2]]"#), columns: Self.columns) }
        #expect(wrong?.code == "xlsx_header")
        #expect(wrong?.message.hasPrefix("Dòng 1 (dòng tiêu đề)") == true)
        let extra = Self.refusal {
            _ = try XLSXReader.table(try Self.written(#"[["unit", "criterion", "points"], ["B1", "8.1", 2, "thừa"]]"#), columns: Self.columns)
        }
        #expect(Self.rowMessages(extra) == ["2: ô D2 nằm ngoài các cột của dòng tiêu đề"])
    }

    @Test("Excel's stored numbers become exact decimals at 15 significant digits")
    func decimals() {
        #expect(XLSXReader.decimal("4.25") == "4.25")
        #expect(XLSXReader.decimal("4.2499999999999998") == "4.25")
        #expect(XLSXReader.decimal("0.30000000000000004") == "0.3")
        #expect(XLSXReader.decimal("1E-3") == "0.001")
        #expect(XLSXReader.decimal("1.5E2") == "150")
        #expect(XLSXReader.decimal("-0") == "0")
        #expect(XLSXReader.decimal("-2.50") == "-2.5")
        #expect(XLSXReader.decimal("99.999999999999999") == "100")
        #expect(XLSXReader.decimal("12") == "12")
        #expect(XLSXReader.decimal("abc") == nil)
        #expect(XLSXReader.decimal("1e") == nil)
    }
}
