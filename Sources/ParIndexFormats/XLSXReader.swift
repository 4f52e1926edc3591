import Foundation
import ParIndexCore
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet of an .xlsx workbook: shared strings, inline strings, numbers and booleans.
/// ZIPFoundation unpacks the parts and Foundation's XMLParser reads them; formulas are not run (a
/// formula cell gives the value Excel stored with it).
///
/// Every refusal is a Vietnamese `invalid` error that names what is wrong and, for a cell, its
/// reference (`C7`), so an admin can find it in Excel.
public enum XLSXReader {
    /// A cell's stored value.
    public enum Value: Sendable, Equatable {
        case text(String)
        /// An exact decimal literal (`4.25`, `-3`), normalised from Excel's stored text without
        /// floating point: at most 15 significant digits, as Excel shows, no exponent.
        case number(String)
        case boolean(Bool)
        /// An error value such as `#DIV/0!`.
        case error(String)

        /// What the cell shows as plain text.
        public var text: String {
            switch self {
            case .text(let text), .number(let text), .error(let text): text
            case .boolean(let value): value ? "TRUE" : "FALSE"
            }
        }
    }

    /// One sheet: its name and the non-empty cells, by row number (1-based) and column (0-based).
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var rows: [Int: [Int: Value]]

        /// Row numbers holding at least one cell, top to bottom.
        public var rowNumbers: [Int] { rows.keys.sorted() }
    }

    /// The most bytes one part of the workbook may unpack to: a survey sheet is a few hundred KiB,
    /// and a small file that inflates far past this is a zip bomb.
    public static let maxPartBytes = 64 << 20

    // MARK: - Workbook

    /// The workbook's first sheet.
    public static func firstSheet(_ data: Data) throws(DomainError) -> Sheet {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw notWorkbook
        }
        guard let workbook = try part(archive, "xl/workbook.xml") else {
            throw invalid("xlsx_no_workbook", "Tệp Excel không có phần xl/workbook.xml: hãy lưu lại tệp bằng Excel dạng .xlsx.")
        }
        let sheets = try parse(workbook, part: "xl/workbook.xml", WorkbookHandler())
        guard let first = sheets.sheets.first else {
            throw invalid("xlsx_no_sheet", "Tệp Excel không có trang tính nào.")
        }
        // The sheet's part is named in the workbook's relationships; the usual name when they are missing.
        var target = "worksheets/sheet1.xml"
        if let relationshipsData = try part(archive, "xl/_rels/workbook.xml.rels") {
            let relationships = try parse(relationshipsData, part: "xl/_rels/workbook.xml.rels", RelationshipsHandler())
            if let id = first.relationship, let found = relationships.targets[id] { target = found }
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetData = try part(archive, path) else {
            throw invalid("xlsx_missing_sheet", "Tệp Excel thiếu trang tính \u{201C}\(first.name)\u{201D} (\(path)).")
        }
        let shared = try part(archive, "xl/sharedStrings.xml").map { data throws(DomainError) in
            try parse(data, part: "xl/sharedStrings.xml", SharedStringsHandler()).strings
        }
        let handler = SheetHandler(shared: shared ?? [])
        let cells = try parse(sheetData, part: path, handler)
        // XMLParser on Linux accepts a document that stops with elements still open: a sheet cut
        // short would read as fewer rows, so it is refused as damaged instead.
        guard cells.depth == 0 else { throw invalid("xlsx_damaged", "Tệp Excel bị hỏng: phần \(path) bị cắt cụt.") }
        if let problem = handler.problem { throw problem }
        return Sheet(name: first.name, rows: cells.rows)
    }

    // MARK: - Tables

    /// The first sheet as a table: its first non-empty row is a header holding exactly `columns`
    /// (any order, case and spaces ignored; `aliases` maps other header words to a column), each
    /// later non-empty row one record with its sheet row number. A cell of a `numeric` column must be
    /// a number, or text that reads as one (`4,25`); anything else is refused with the cell's reference.
    /// Every bad cell is listed (`invalid_rows`, row numbers as for CSV), so nothing is half-read.
    public static func table(
        _ data: Data,
        columns: [String],
        numeric: Set<String> = [],
        aliases: [String: String] = [:]
    ) throws(DomainError) -> [(line: Int, values: [String: String])] {
        let sheet = try firstSheet(data)
        let numbers = sheet.rowNumbers
        guard let headerRow = numbers.first, let headerCells = sheet.rows[headerRow] else {
            throw invalid("empty_xlsx", "Trang tính \u{201C}\(sheet.name)\u{201D} không có dữ liệu.")
        }
        let width = (headerCells.keys.max() ?? -1) + 1
        var names: [String] = []
        for column in 0..<width {
            let raw = headerCells[column]?.text ?? ""
            let name = raw.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping.lowercased()
            names.append(aliases[name] ?? name)
        }
        while names.last == "" { names.removeLast() }
        guard Set(names) == Set(columns), names.count == columns.count else {
            throw DomainError.invalid(
                "xlsx_header",
                "Dòng \(headerRow) (dòng tiêu đề) phải gồm đúng các cột: \(columns.joined(separator: ",")).",
                details: ["expected": .array(columns.map { .string($0) }), "found": .array(names.map { .string($0) })]
            )
        }
        var rows: [(Int, [String: String])] = []
        var problems: [DocumentValue] = []
        for number in numbers.dropFirst() {
            let cells = sheet.rows[number] ?? [:]
            if let extra = cells.keys.filter({ $0 >= names.count }).min() {
                let reference = "\(XLSX.columnName(extra))\(number)"
                problems.append(problem(number, "ô \(reference) nằm ngoài các cột của dòng tiêu đề"))
                continue
            }
            var values: [String: String] = [:]
            for (column, name) in names.enumerated() {
                let reference = "\(XLSX.columnName(column))\(number)"
                let value = cells[column]
                switch value {
                case .error(let code)?:
                    problems.append(problem(number, "ô \(reference) có lỗi công thức \(code)"))
                case .text(let text)? where numeric.contains(name):
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    guard trimmed.isEmpty || Points(parsing: trimmed) != nil else {
                        problems.append(problem(number, "ô \(reference) cần một số nhưng có chữ \u{201C}\(text.prefix(40))\u{201D}"))
                        continue
                    }
                    values[name] = trimmed
                case .boolean? where numeric.contains(name):
                    problems.append(problem(number, "ô \(reference) cần một số nhưng có giá trị đúng/sai"))
                default:
                    values[name] = (value?.text ?? "").trimmingCharacters(in: .whitespaces)
                }
            }
            rows.append((number, values))
        }
        guard problems.isEmpty else {
            throw DomainError.invalid(
                "invalid_rows",
                "Có \(problems.count) dòng lỗi trong tệp Excel; chưa nhập dòng nào.",
                details: ["rows": .array(problems)]
            )
        }
        return rows
    }

    private static func problem(_ row: Int, _ message: String) -> DocumentValue {
        .fields(["row": .int(row), "message": .string(message)])
    }

    // MARK: - Numbers

    /// Excel's stored number text (`4.25`, `4.2499999999999998`, `1E-3`, `-0`) as an exact decimal
    /// rounded half-up to 15 significant digits, the precision Excel shows, without trailing zeros.
    /// Nil when the text is not a number.
    public static func decimal(_ literal: String) -> String? {
        var text = Substring(literal.trimmingCharacters(in: .whitespaces))
        var negative = false
        if text.first == "-" || text.first == "+" {
            negative = text.first == "-"
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...]), abs(value) <= 400 else { return nil }
            exponent = value
            text = text[..<e]
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // All digits, and where the decimal point falls among them.
        var digits = Array((whole + fraction).compactMap { $0.wholeNumberValue })
        var point = whole.count + exponent
        while digits.first == 0 && !digits.isEmpty {
            digits.removeFirst()
            point -= 1
        }
        guard !digits.isEmpty else { return "0" }
        if digits.count > 15 {
            let roundUp = digits[15] >= 5
            digits = Array(digits.prefix(15))
            if roundUp {
                var index = digits.count - 1
                while index >= 0 {
                    if digits[index] == 9 {
                        digits[index] = 0
                        index -= 1
                    } else {
                        digits[index] += 1
                        break
                    }
                }
                if index < 0 {
                    digits.insert(1, at: 0)
                    digits.removeLast()
                    point += 1
                }
            }
        }
        while digits.last == 0 && digits.count > max(point, 1) { digits.removeLast() }
        var integer = ""
        var decimals = ""
        if point <= 0 {
            integer = "0"
            decimals = String(repeating: "0", count: -point) + digits.map(String.init).joined()
        } else if point >= digits.count {
            integer = digits.map(String.init).joined() + String(repeating: "0", count: point - digits.count)
        } else {
            integer = digits[..<point].map(String.init).joined()
            decimals = digits[point...].map(String.init).joined()
        }
        while decimals.hasSuffix("0") { decimals.removeLast() }
        let body = decimals.isEmpty ? integer : "\(integer).\(decimals)"
        return negative && body != "0" ? "-" + body : body
    }

    // MARK: - Parts

    static let notWorkbook = invalid(
        "not_xlsx",
        "Tệp không phải là tệp Excel .xlsx (không đọc được dạng nén ZIP). Hãy lưu bằng Excel dạng .xlsx, hoặc dùng tệp CSV."
    )

    static func invalid(_ code: String, _ message: String) -> DomainError { DomainError.invalid(code, message) }

    /// A part's bytes, or nil when the archive has no such part; refused past `maxPartBytes`.
    static func part(_ archive: Archive, _ path: String) throws(DomainError) -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Int64(maxPartBytes) else {
            throw invalid("xlsx_too_large", "Phần \(path) của tệp Excel quá lớn (trên \(maxPartBytes >> 20) MiB khi giải nén).")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                // The declared size is a claim: stop at the limit whatever the entry says.
                guard data.count + chunk.count <= maxPartBytes else { throw TooLarge() }
                data.append(chunk)
            }
        } catch is TooLarge {
            throw invalid("xlsx_too_large", "Phần \(path) của tệp Excel quá lớn (trên \(maxPartBytes >> 20) MiB khi giải nén).")
        } catch {
            throw invalid("xlsx_damaged", "Tệp Excel bị hỏng: không giải nén được phần \(path).")
        }
        return data
    }

    private struct TooLarge: Error {}

    /// Runs `handler` over `data`; a document that is not well-formed XML is refused with the part's name.
    static func parse<Handler: NSObject & XMLParserDelegate>(_ data: Data, part: String, _ handler: Handler) throws(DomainError) -> Handler {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        guard parser.parse() else {
            throw invalid("xlsx_damaged", "Tệp Excel bị hỏng: phần \(part) không phải XML hợp lệ (dòng \(parser.lineNumber)).")
        }
        return handler
    }
}

// MARK: - XML handlers
//
// Each handler conforms to XMLParserDelegate itself: on Linux the protocol's methods have default
// implementations, and a subclass's methods would not replace those chosen for its base class.

/// An element's name without its namespace prefix (`x:c` → `c`).
private func local(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
    return name[name.index(after: colon)...]
}

/// `<sheet name="…" r:id="…"/>` in document order.
final class WorkbookHandler: NSObject, XMLParserDelegate {
    var sheets: [(name: String, relationship: String?)] = []

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard local(elementName) == "sheet" else { return }
        let relationship = attributes.first { local($0.key) == "id" && $0.key.contains(":") }?.value
        sheets.append((attributes["name"] ?? "", relationship))
    }
}

/// `<Relationship Id="…" Target="…"/>`.
final class RelationshipsHandler: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

/// The shared string table: each `<si>`'s text, rich-text runs joined, phonetic hints left out.
final class SharedStringsHandler: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current: String?
    private var inText = false
    private var phonetic = 0

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch local(elementName) {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(elementName) {
        case "si":
            strings.append(current ?? "")
            current = nil
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current? += string }
    }
}

/// The cells of a worksheet. A cell without `r` takes the next column (and a row without `r` the
/// next row), as the format allows.
final class SheetHandler: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [Int: [Int: XLSXReader.Value]] = [:]
    /// The first cell that cannot be read, as a refusal.
    var problem: DomainError?
    /// Elements opened and not yet closed: 0 after a whole document.
    private(set) var depth = 0

    private var row = 0
    private var column = -1
    private var type = "n"
    private var reference = ""
    private var value: String?
    private var inline: String?
    private var collecting: Collecting = .nothing

    private enum Collecting { case nothing, value, inlineText }

    init(shared: [String]) { self.shared = shared }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        switch local(elementName) {
        case "row":
            row = attributes["r"].flatMap { Int($0) } ?? row + 1
            column = -1
        case "c":
            type = attributes["t"] ?? "n"
            if let r = attributes["r"], let parsed = Self.cellReference(r) {
                column = parsed.column
                if parsed.row != row { row = parsed.row }
            } else {
                column += 1
            }
            reference = "\(XLSX.columnName(column))\(row)"
            value = nil
            inline = nil
        case "v": collecting = .value
        case "t" where inline != nil || type == "inlineStr":
            if inline == nil { inline = "" }
            collecting = .inlineText
        case "is": inline = ""
        case "rPh": collecting = .nothing
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch collecting {
        case .value: value = (value ?? "") + string
        case .inlineText: inline? += string
        case .nothing: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        switch local(elementName) {
        case "v", "t": collecting = .nothing
        case "c": finishCell()
        default: break
        }
    }

    private func finishCell() {
        let cell: XLSXReader.Value?
        switch type {
        case "s":
            guard let index = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), shared.indices.contains(index) else {
                fail("ô \(reference) trỏ tới chuỗi dùng chung không có trong tệp")
                return
            }
            cell = .text(shared[index])
        case "inlineStr": cell = inline.map { .text($0) }
        case "str": cell = value.map { .text($0) }
        case "b": cell = value.map { .boolean($0.trimmingCharacters(in: .whitespaces) == "1") }
        case "e": cell = value.map { .error($0) }
        case "d": cell = value.map { .text($0) }
        default:
            guard let text = value, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                cell = nil
                break
            }
            guard let number = XLSXReader.decimal(text) else {
                fail("ô \(reference) có giá trị số không đọc được \u{201C}\(text.prefix(40))\u{201D}")
                return
            }
            cell = .number(number)
        }
        guard let cell else { return }
        if case .text(let text) = cell, text.isEmpty { return }
        rows[row, default: [:]][column] = cell
    }

    private func fail(_ message: String) {
        if problem == nil { problem = DomainError.invalid("xlsx_cell", "Tệp Excel: \(message).", details: ["cell": .string(reference)]) }
    }

    /// `C7` → column 2, row 7.
    static func cellReference(_ text: String) -> (column: Int, row: Int)? {
        var column = 0
        var digits = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 65...90 where digits.isEmpty: column = column * 26 + Int(scalar.value) - 64
            case 97...122 where digits.isEmpty: column = column * 26 + Int(scalar.value) - 96
            case 48...57: digits.unicodeScalars.append(scalar)
            default: return nil
            }
            guard column <= 16_384 else { return nil }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        return (column - 1, row)
    }
}
