import Foundation

/// Python as an independent reader of the files ParIndex writes: its zipfile for archives, and
/// openpyxl (pinned in scripts/requirements.txt, installed into build/venv by scripts/setup) for
/// workbooks. Shared by the Formats and Web test targets.

/// The package root, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// build/venv's python3 when it is there (it has openpyxl), else the one on PATH.
private let pythonExecutable: (path: String, prefix: [String]) = {
    let venv = packageRoot.appendingPathComponent("build/venv/bin/python3").path
    if FileManager.default.isExecutableFile(atPath: venv) { return (venv, []) }
    return ("/usr/bin/env", ["python3"])
}()

/// Runs `python3 args…` and returns its exit status and combined output (stdout then stderr).
public func runPython(_ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: pythonExecutable.path)
    process.arguments = pythonExecutable.prefix + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do {
        try process.run()
    } catch {
        return (-1, "\(error)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `python3 -c script args…`.
public func runPython3Script(_ script: String, _ arguments: [String]) -> (status: Int32, output: String) {
    runPython(["-c", script] + arguments)
}

public let hasPython3 = runPython(["-c", "import zipfile"]).status == 0

/// Whether openpyxl can be imported (build/venv made by scripts/setup).
public let hasOpenpyxl = runPython(["-c", "import openpyxl"]).status == 0

/// One sheet as openpyxl reads it.
public struct SheetDump: Decodable, Sendable {
    public var name: String
    /// The top-left cell of the scrolling area (`A2`: row 1 frozen), nil when nothing is frozen.
    public var freeze: String?
    /// Column widths by letter, in characters.
    public var widths: [String: Double]
    /// Each row's cells; nil for an empty cell.
    public var rows: [[CellDump?]]

    /// The cell at `reference` (`C7`), nil when empty or outside the sheet.
    public subscript(_ reference: String) -> CellDump? {
        let letters = reference.prefix { $0.isLetter }
        guard let row = Int(reference.dropFirst(letters.count)), row >= 1, row <= rows.count else { return nil }
        let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return column < rows[row - 1].count ? rows[row - 1][column] : nil
    }
}

/// One cell as openpyxl reads it.
public struct CellDump: Decodable, Sendable, Equatable {
    /// openpyxl's data type: `n` number, `s` string, `b` boolean.
    public var t: String
    /// A string's text; for anything else Python's `repr` of the value (`12.5`, `3`, `True`).
    public var v: String
    /// The Python type of a value (`int`, `float`, `str`).
    public var py: String
    /// The number format (`0.00`), `General` when none.
    public var f: String
    public var bold: Bool

    public init(t: String, v: String, py: String, f: String, bold: Bool) {
        self.t = t
        self.v = v
        self.py = py
        self.f = f
        self.bold = bold
    }
}

/// What openpyxl reads from a workbook: each sheet in order with its frozen pane, column widths and
/// cells, so a test sees exactly what a spreadsheet would hold.
public func openpyxlRead(_ data: Data) throws -> [SheetDump] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-\(UUID().uuidString).xlsx")
    try data.write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let script = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        out = []
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows():
                rows.append([None if c.value is None else {
                    "t": c.data_type, "v": c.value if isinstance(c.value, str) else repr(c.value),
                    "py": type(c.value).__name__, "f": c.number_format, "bold": bool(c.font and c.font.b),
                } for c in row])
            widths = {k: v.width for k, v in sheet.column_dimensions.items()}
            out.append({"name": sheet.title, "freeze": sheet.freeze_panes, "widths": widths, "rows": rows})
        print(json.dumps(out, ensure_ascii=False))
        """
    let result = runPython(["-c", script, url.path])
    guard result.status == 0 else { throw PythonFailure(output: result.output) }
    return try JSONDecoder().decode([SheetDump].self, from: Data(result.output.utf8))
}

/// Writes a workbook with openpyxl (as Excel and LibreOffice do: shared strings, real numbers) from
/// rows of JSON values, and returns its bytes: a file ParIndex did not write, to read back.
public func openpyxlWrite(_ rowsJSON: String, sheet: String = "Sheet1") throws -> Data {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parindex-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    let script = """
        import json, sys, openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = sys.argv[3]
        for row in json.loads(sys.argv[2]):
            sheet.append(row)
        book.save(sys.argv[1])
        """
    let result = runPython(["-c", script, url.path, rowsJSON, sheet])
    guard result.status == 0 else { throw PythonFailure(output: result.output) }
    return try Data(contentsOf: url)
}

/// python3 exited non-zero; its output says why.
public struct PythonFailure: Error, CustomStringConvertible {
    public var output: String
    public var description: String { "python3 failed: \(output)" }
}
