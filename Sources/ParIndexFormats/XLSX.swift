import Foundation
import ParIndexCore
import ZIPFoundation

/// A minimal Office Open XML workbook (.xlsx): one or more sheets, each with a bold header row
/// frozen in place, columns sized to their text, inline strings and exact numeric cells. This writes
/// the SpreadsheetML parts; ZIPFoundation packs them.
///
/// The output is deterministic (same input, same bytes): entries are STORED in a fixed order with a
/// fixed 1980-01-01 DOS timestamp, so an export can be hashed and compared like any other document.
/// Text cells are neutralised against formula injection exactly as `CSV.cell` does (SECURITY.md IV-4).
public enum XLSX {
    /// One cell of a data row.
    public enum Cell: Sendable, Equatable {
        /// Text shown as is: NFC, XML-escaped, with a leading `'` when it starts like a formula.
        case text(String)
        /// Text in bold, for the heading row of a group (a field above its criteria).
        case heading(String)
        /// An exact decimal literal such as `"88.54"` or `"-3"`, written as a numeric cell. Text that
        /// is not a plain decimal is written as a text cell instead, so the file is never corrupt.
        case number(String)
        /// Points, written as a number from their exact decimal text (1250 hundredths → `12.5`, never
        /// through floating point) and shown with two decimals (`12.50`).
        case points(Points)
        /// Nothing: the cell is left out of the sheet.
        case empty
    }

    /// One sheet: its tab name, the header row (bold, frozen), and the data rows.
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var header: [String]
        public var rows: [[Cell]]
        /// Leading columns kept in view while scrolling sideways (the criterion's number and title).
        public var frozenColumns: Int

        public init(name: String, header: [String], rows: [[Cell]], frozenColumns: Int = 0) {
            self.name = name
            self.header = header
            self.rows = rows
            self.frozenColumns = frozenColumns
        }
    }

    /// The bytes of an .xlsx file holding one sheet: `header` in bold on row 1, then `rows`.
    public static func workbook(sheetName: String, header: [String], rows: [[XLSX.Cell]]) throws(DomainError) -> Data {
        try workbook([Sheet(name: sheetName, header: header, rows: rows)])
    }

    /// The bytes of an .xlsx file holding `sheets` in order; the first is the one shown on opening.
    public static func workbook(_ sheets: [Sheet]) throws(DomainError) -> Data {
        let names = uniqueSheetNames(sheets.map(\.name))
        var parts = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbookXML(sheetNames: names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", sheetXML(sheet)))
        }
        do {
            let archive = try Archive(accessMode: .create)
            for (path, text) in parts {
                let bytes = Data(text.utf8)
                try archive.addEntry(
                    with: path,
                    type: .file,
                    uncompressedSize: Int64(bytes.count),
                    modificationDate: fixedDate,
                    provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
                )
            }
            guard let data = archive.data else { throw DomainError.internalFailure() }
            return data
        } catch {
            // Writing to memory fails only on a library fault; the person sees the generic error.
            throw .internalFailure()
        }
    }

    /// 1980-01-01 00:00:00 UTC, the earliest time a ZIP entry can carry, on every entry.
    private static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    // MARK: - Sheet name

    /// Excel refuses sheet names with `[ ] : * ? / \`, longer than 31 characters, empty, or
    /// starting or ending with an apostrophe.
    static func sanitizedSheetName(_ raw: String) -> String {
        let forbidden: Set<Unicode.Scalar> = ["[", "]", ":", "*", "?", "/", "\\"]
        var scalars = String.UnicodeScalarView()
        for scalar in raw.precomposedStringWithCanonicalMapping.unicodeScalars
        where !forbidden.contains(scalar) && isXMLCharacter(scalar) && scalar.value >= 0x20 {
            scalars.append(scalar)
        }
        var name = String(scalars).trimmingCharacters(in: .whitespaces)
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        var limited = ""
        for character in name {
            guard limited.utf16.count + character.utf16.count <= 31 else { break }
            limited.append(character)
        }
        limited = limited.trimmingCharacters(in: .whitespaces)
        while limited.hasSuffix("'") { limited.removeLast() }
        return limited.isEmpty ? "Sheet1" : limited
    }

    /// Sanitised names, made unique as Excel requires (case-insensitively): a repeat gets ` (2)`, ` (3)`…
    static func uniqueSheetNames(_ raw: [String]) -> [String] {
        var taken: Set<String> = []
        return raw.map { name in
            let base = sanitizedSheetName(name)
            var candidate = base
            var number = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = String(base.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }

    // MARK: - Cells

    /// The text a text cell shows: NFC, formula-neutralised, at most Excel's 32,767 characters.
    static func cellText(_ value: String) -> String {
        var text = value.precomposedStringWithCanonicalMapping
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        if text.utf16.count > 32_767 {
            var limited = ""
            for character in text {
                guard limited.utf16.count + character.utf16.count <= 32_767 else { break }
                limited.append(character)
            }
            text = limited
        }
        return text
    }

    /// `-?digits(.digits)?` and nothing else: what a numeric `<v>` may hold without surprises.
    static func isPlainDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 30 else { return false }
        let isDigit: (Unicode.Scalar) -> Bool = { $0.value >= 0x30 && $0.value <= 0x39 }
        guard whole.allSatisfy(isDigit) else { return false }
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 30, fraction.allSatisfy(isDigit) else { return false }
        }
        return true
    }

    /// `0` → `A`, `25` → `Z`, `26` → `AA`.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// Characters allowed in XML 1.0 documents; everything else is dropped rather than escaped.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Escapes text for element content and double-quoted attribute values (so `'` stays as is).
    /// CR is written as a character reference so a reader's line-end normalisation keeps it.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where isXMLCharacter(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: - Parts

    private static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    private static func contentTypes(sheetCount: Int) -> String {
        var xml =
            xmlDeclaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" "#
            + #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in 1...max(sheetCount, 1) {
            xml +=
                #"<Override PartName="/xl/worksheets/sheet\#(index).xml" "#
                + #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml
            + #"<Override PartName="/xl/styles.xml" "#
            + #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + "</Types>"
    }

    private static let rootRelationships =
        xmlDeclaration
        + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    /// Sheets are `rId1`…`rIdN`; the styles part comes after them.
    private static func workbookRelationships(sheetCount: Int) -> String {
        var xml = xmlDeclaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        for index in 1...max(sheetCount, 1) {
            xml += #"<Relationship Id="rId\#(index)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        return xml
            + #"<Relationship Id="rId\#(max(sheetCount, 1) + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
            + "</Relationships>"
    }

    /// The cell styles, by their index in `cellXfs`.
    enum Style: Int {
        /// Style 0: the default.
        case plain = 0
        /// Bold (font 1), wrapped: header rows and group headings.
        case bold = 1
        /// Built-in number format 2, `0.00`: points always show two decimals.
        case points = 2
        /// Text wrapped inside its column and aligned to the top: long titles, lists of documents.
        case wrapped = 3
    }

    private static let styles =
        xmlDeclaration
        + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">"#
        + #"<alignment vertical="top" wrapText="1"/></xf>"#
        + #"<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">"#
        + #"<alignment vertical="top"/></xf>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">"#
        + #"<alignment vertical="top" wrapText="1"/></xf></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private static func workbookXML(sheetNames: [String]) -> String {
        var sheets = ""
        for (index, name) in sheetNames.enumerated() {
            sheets += #"<sheet name="\#(escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xmlDeclaration
            + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
            + "<sheets>\(sheets)</sheets>"
            + "</workbook>"
    }

    /// The widest a column grows, in characters; longer text wraps inside it.
    static let maxColumnWidth = 60

    /// How wide a column must be for `text`: its longest line, in characters.
    static func textWidth(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0
    }

    private static func sheetXML(_ sheet: Sheet) -> String {
        let header = sheet.header
        let rows = sheet.rows
        let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
        var widths = Array(repeating: 0, count: columnCount)
        func measure(_ column: Int, _ text: String) { widths[column] = max(widths[column], textWidth(text)) }

        func textCell(_ reference: String, _ value: String, style: Style) -> String {
            let text = cellText(value)
            let wraps = style == .bold || textWidth(text) > maxColumnWidth || text.contains("\n")
            let chosen = wraps && style == .plain ? Style.wrapped : style
            let attribute = chosen == .plain ? "" : #" s="\#(chosen.rawValue)""#
            return #"<c r="\#(reference)"\#(attribute) t="inlineStr"><is><t xml:space="preserve">\#(escape(text))</t></is></c>"#
        }

        var data = ""
        var rowNumber = 0
        if !header.isEmpty {
            rowNumber += 1
            data += #"<row r="1">"#
            for (column, title) in header.enumerated() {
                // A header's words may wrap onto two lines: it need not widen its column past the data.
                measure(column, cellText(title).split(separator: " ").map(String.init).max { $0.count < $1.count } ?? "")
                data += textCell("\(columnName(column))1", title, style: .bold)
            }
            data += "</row>"
        }
        for row in rows {
            rowNumber += 1
            data += #"<row r="\#(rowNumber)">"#
            for (column, cell) in row.enumerated() {
                let reference = "\(columnName(column))\(rowNumber)"
                switch cell {
                case .number(let literal) where isPlainDecimal(literal):
                    measure(column, literal)
                    data += #"<c r="\#(reference)" t="n"><v>\#(literal)</v></c>"#
                case .points(let points):
                    measure(column, points.fixed2)
                    data += #"<c r="\#(reference)" s="\#(Style.points.rawValue)" t="n"><v>\#(points.description)</v></c>"#
                case .number(let value), .text(let value):
                    measure(column, cellText(value))
                    data += textCell(reference, value, style: .plain)
                case .heading(let value):
                    measure(column, cellText(value))
                    data += textCell(reference, value, style: .bold)
                case .empty:
                    break
                }
            }
            data += "</row>"
        }

        var xml = xmlDeclaration + #"<worksheet xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
        let lastCell = columnCount > 0 && rowNumber > 0 ? ":\(columnName(columnCount - 1))\(rowNumber)" : ""
        xml += #"<dimension ref="A1\#(lastCell)"/>"#
        let frozenColumns = min(max(sheet.frozenColumns, 0), columnCount)
        if !header.isEmpty || frozenColumns > 0 {
            xml +=
                #"<sheetViews><sheetView workbookViewId="0">"# + pane(rows: header.isEmpty ? 0 : 1, columns: frozenColumns)
                + "</sheetView></sheetViews>"
        }
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if columnCount > 0 {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                let chars = min(max(width, 8), maxColumnWidth) + 2
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(chars)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>" + data + "</sheetData></worksheet>"
        return xml
    }

    /// A frozen pane keeping the first `rows` rows and `columns` columns in view.
    private static func pane(rows: Int, columns: Int) -> String {
        let topLeft = "\(columnName(columns))\(rows + 1)"
        switch (rows > 0, columns > 0) {
        case (true, true):
            return #"<pane xSplit="\#(columns)" ySplit="\#(rows)" topLeftCell="\#(topLeft)" activePane="bottomRight" state="frozen"/>"#
                + #"<selection pane="bottomRight" activeCell="\#(topLeft)" sqref="\#(topLeft)"/>"#
        case (false, true):
            return #"<pane xSplit="\#(columns)" topLeftCell="\#(topLeft)" activePane="topRight" state="frozen"/>"#
        default:
            return #"<pane ySplit="\#(rows)" topLeftCell="\#(topLeft)" activePane="bottomLeft" state="frozen"/>"#
        }
    }
}
