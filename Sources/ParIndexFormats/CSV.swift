import Foundation
import ParIndexCore

/// RFC 4180 CSV, reading and writing. Imports report line numbers; exports are UTF-8 with a BOM
/// (so Excel shows Vietnamese) and neutralise cells that a spreadsheet would run as a formula.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based line on which the record starts.
        public var line: Int
        public var fields: [String]
    }

    /// Parses CSV text. A leading BOM is skipped; CRLF and LF both end records; text is NFC.
    public static func parse(_ data: Data) throws(DomainError) -> [Record] {
        try parse(UTF8Text.decode(data, what: "Tệp CSV"))
    }

    public static func parse(_ raw: String) throws(DomainError) -> [Record] {
        let text = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        // 1-based column (in characters) of the scalar being read, for error messages.
        var column = 0
        var recordLine = 1
        var inQuotes = false
        var afterQuote = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            column += 1
            if let p = pending {
                pending = nil
                return p
            }
            return scalars.next()
        }
        func endRecord() {
            fields.append(field.precomposedStringWithCanonicalMapping)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            afterQuote = true
                            pending = n
                            column -= 1
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" {
                        line += 1
                        column = 0
                    }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field.precomposedStringWithCanonicalMapping)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                column = 0
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    throw .badRequest(
                        "malformed_csv",
                        "Dòng \(line), cột \(column): dấu ngoặc kép đặt sai chỗ.",
                        details: ["line": .int(line), "column": .int(column)]
                    )
                }
                inQuotes = true
            default:
                if afterQuote {
                    throw .badRequest(
                        "malformed_csv",
                        "Dòng \(line), cột \(column): có ký tự sau dấu ngoặc kép đóng.",
                        details: ["line": .int(line), "column": .int(column)]
                    )
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            throw .badRequest("malformed_csv", "Dòng \(recordLine): dấu ngoặc kép chưa đóng.", details: ["line": .int(recordLine)])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// Reads a file whose first record is a header with exactly `columns` (any order); returns each
    /// record as a dictionary with its line number.
    public static func table(_ data: Data, columns: [String]) throws(DomainError) -> [(line: Int, values: [String: String])] {
        let records = try parse(data)
        guard let header = records.first else { throw .invalid("empty_csv", "Tệp CSV rỗng.") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard Set(names) == Set(columns), names.count == columns.count else {
            throw .invalid(
                "csv_header",
                "Dòng tiêu đề phải gồm đúng các cột: \(columns.joined(separator: ",")).",
                details: ["expected": .array(columns.map { .string($0) }), "found": .array(names.map { .string($0) })]
            )
        }
        var rows: [(Int, [String: String])] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw .invalid(
                    "invalid_rows",
                    "Dòng \(record.line): cần \(names.count) cột, có \(record.fields.count).",
                    details: ["rows": .array([.fields(["row": .int(record.line), "message": .string("số cột không đúng")])])]
                )
            }
            rows.append((record.line, Dictionary(uniqueKeysWithValues: zip(names, record.fields.map { $0.trimmingCharacters(in: .whitespaces) }))))
        }
        return rows
    }

    /// One CSV cell: quoted when needed, and prefixed with `'` when it starts with `= + - @` (or a
    /// tab/CR) so a spreadsheet shows it as text instead of running it (SECURITY.md IV-4).
    public static func cell(_ value: String, numeric: Bool = false) -> String {
        var text = value
        if !numeric, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// A whole file: BOM, header, rows, CRLF line ends.
    public static func write(header: [String], rows: [[(String, Bool)]]) -> Data {
        var out = "\u{FEFF}" + header.map { cell($0) }.joined(separator: ",") + "\r\n"
        for row in rows { out += row.map { cell($0.0, numeric: $0.1) }.joined(separator: ",") + "\r\n" }
        return Data(out.utf8)
    }
}
