import Foundation
import ParIndexCore
import Testing

@testable import ParIndexFormats

@Suite("CSV")
struct CSVTests {
    // MARK: parsing

    @Test("Quoted fields may hold commas and doubled quotes")
    func quoted() throws {
        let records = try CSV.parse(#"a,"b,c","d""e",""\#n"#)
        #expect(records.count == 1)
        #expect(records[0].fields == ["a", "b,c", "d\"e", ""])
    }

    @Test("CRLF and LF both end records")
    func lineEnds() throws {
        let records = try CSV.parse("a,b\r\nc,d\ne,f\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("A final record without a line end is kept, empty trailing fields too")
    func noFinalNewline() throws {
        #expect(try CSV.parse("a,b\nc,").map(\.fields) == [["a", "b"], ["c", ""]])
        #expect(try CSV.parse("x").map(\.fields) == [["x"]])
        #expect(try CSV.parse("").isEmpty)
    }

    @Test("A leading BOM is skipped, as text and as bytes")
    func bom() throws {
        #expect(try CSV.parse("\u{FEFF}name,code\n").first?.fields == ["name", "code"])
        let data = Data([0xEF, 0xBB, 0xBF] + Array("name,code\r\n".utf8))
        #expect(try CSV.parse(data).first?.fields == ["name", "code"])
    }

    @Test("Records carry the line they start on, also after a multi-line quoted field and blank lines")
    func lineNumbers() throws {
        // line 1: header; lines 2–3: one record with a line break inside quotes; line 4: blank; line 5: last
        let records = try CSV.parse("h1,h2\r\n\"x\r\ny\",z\r\n\r\nlast,row\r\n")
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["x\r\ny", "z"])
        #expect(records[2].fields == ["last", "row"])
    }

    @Test("Fields are normalised to NFC")
    func nfc() throws {
        let records = try CSV.parse("Ha\u{0300} No\u{0323}\u{0302}i\n")
        #expect(Array(records[0].fields[0].utf8) == Array("H\u{00E0} N\u{1ED9}i".utf8))
    }

    @Test("An unterminated quote is refused with the record's line")
    func unterminated() {
        let error = #expect(throws: DomainError.self) { try CSV.parse("a,b\nc,\"de\nf,g\n") }
        #expect(error?.code == "malformed_csv")
        #expect(error?.kind == .badRequest)
        #expect(error?.details["line"] == .int(2))
    }

    @Test("Text after a closing quote or a quote inside a bare field is refused", arguments: ["\"a\"b,c\n", "a\"b,c\n"])
    func strayQuote(text: String) {
        let error = #expect(throws: DomainError.self) { try CSV.parse(text) }
        #expect(error?.code == "malformed_csv")
        #expect(error?.details["line"] == .int(1))
    }

    @Test("Bytes that are not UTF-8 are refused")
    func notUTF8() {
        let error = #expect(throws: DomainError.self) { try CSV.parse(Data([0x61, 0xFF, 0xFE, 0x0A])) }
        #expect(error?.code == "not_utf8")
    }

    // MARK: table

    @Test("table checks the header (any order, any case) and keys each row by column")
    func table() throws {
        let data = Data("Code , name\r\nA1, Phường Một \r\nA2,\"Xã, Hai\"\r\n".utf8)
        let rows = try CSV.table(data, columns: ["name", "code"])
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[0].values == ["code": "A1", "name": "Phường Một"])
        #expect(rows[1].values == ["code": "A2", "name": "Xã, Hai"])
    }

    @Test("table refuses a header with a missing, extra or repeated column", arguments: ["code\n", "code,name,x\n", "code,code\n", "code,nam\n"])
    func tableHeader(header: String) {
        let error = #expect(throws: DomainError.self) { try CSV.table(Data(header.utf8), columns: ["code", "name"]) }
        #expect(error?.code == "csv_header")
        #expect(error?.kind == .unprocessable)
    }

    @Test("table refuses a row with the wrong number of cells, naming its line")
    func tableRowWidth() {
        let error = #expect(throws: DomainError.self) { try CSV.table(Data("code,name\nA1,x\nA2\n".utf8), columns: ["code", "name"]) }
        #expect(error?.code == "invalid_rows")
        #expect(error?.details["rows"]?.arrayValue?.first?["row"] == .int(3))
    }

    @Test("table refuses an empty file")
    func tableEmpty() {
        let error = #expect(throws: DomainError.self) { try CSV.table(Data(), columns: ["code"]) }
        #expect(error?.code == "empty_csv")
    }

    // MARK: writing

    @Test(
        "Cells that a spreadsheet would run are prefixed with an apostrophe",
        arguments: [
            ("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"),
        ]
    )
    func neutralised(value: String, expected: String) {
        #expect(CSV.cell(value) == expected)
    }

    @Test("Numeric cells and ordinary text are written as they are")
    func notNeutralised() {
        #expect(CSV.cell("-1.5", numeric: true) == "-1.5")
        #expect(CSV.cell("88.54", numeric: true) == "88.54")
        #expect(CSV.cell("Phường Một") == "Phường Một")
        #expect(CSV.cell("") == "")
    }

    @Test("Cells with commas, quotes or line breaks are quoted")
    func quoting() {
        #expect(CSV.cell("a,b") == "\"a,b\"")
        #expect(CSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.cell("a\nb") == "\"a\nb\"")
        // neutralised and quoted: =SUM(A1,A2) → "'=SUM(A1,A2)"
        #expect(CSV.cell("=SUM(A1,A2)") == "\"'=SUM(A1,A2)\"")
    }

    @Test("write() starts with a UTF-8 BOM and ends lines with CRLF")
    func write() throws {
        let data = CSV.write(header: ["code", "index"], rows: [[("A1", false), ("87.12", true)], [("=cmd", false), ("-1", true)]])
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == "code,index\r\nA1,87.12\r\n'=cmd,-1\r\n")
    }

    @Test("What write() produces parses back")
    func writeThenParse() throws {
        let data = CSV.write(header: ["a", "b"], rows: [[("x, \"y\"", false), ("Hà Nội\nline", false)]])
        let records = try CSV.parse(data)
        #expect(records.map(\.fields) == [["a", "b"], ["x, \"y\"", "Hà Nội\nline"]])
    }
}
