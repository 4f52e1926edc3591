import Foundation

/// Decodes an imported file as UTF-8, or says where it stops being UTF-8 (line, column, byte
/// offset), so an admin can find the bad character instead of guessing (see ImportFuzzTests).
public enum UTF8Text {
    public static func decode(_ data: Data, what: String) throws(DomainError) -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        let bytes = [UInt8](data)
        // The longest valid prefix: scan by scalars and stop at the first invalid sequence.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        var column = 1
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput, .error:
                break loop
            }
        }
        let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        throw .badRequest(
            "not_utf8",
            "\(what) phải được mã hoá UTF-8\(utf16 ? " (tệp này là UTF-16)" : ""): dòng \(line), cột \(column) (byte \(offset)) không đọc được.",
            details: ["line": .int(line), "column": .int(column), "offset": .int(offset)]
        )
    }
}
