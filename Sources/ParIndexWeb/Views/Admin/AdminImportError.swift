import ParIndexCore

/// An import refused as a whole: the message, and each bad line of the file with its number.
struct AdminImportError {
    struct Line {
        var line: Int
        var message: String
    }

    var message: String
    var rows: [Line]
    var hasRows: Bool

    init(message: String, rows: [Line]) {
        self.message = message
        self.rows = rows
        hasRows = !rows.isEmpty
    }

    /// The refusal's rows (`details.rows[].line|row`), sorted by line.
    init(_ error: DomainError) {
        var rows: [Line] = []
        for row in error.details["rows"]?.arrayValue ?? [] {
            let number = (row["line"] ?? row["row"])?.scalarText.flatMap { Int($0) } ?? 0
            rows.append(Line(line: number, message: row["message"]?.stringValue ?? ""))
        }
        if rows.isEmpty, let line = error.details["line"]?.scalarText.flatMap({ Int($0) }) { rows.append(Line(line: line, message: error.message)) }
        self.init(message: error.message, rows: rows.sorted { $0.line < $1.line })
    }
}
