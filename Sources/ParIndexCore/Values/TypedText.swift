import Foundation

/// Text as it may be stored and shown, from text as people typed or pasted it (SECURITY.md IV).
///
/// - Unicode NFC, so "ế" typed two ways is one string.
/// - Line ends made `\n`: CRLF, a bare CR, NEL, U+2028 and U+2029. A bare CR would otherwise let
///   a note rewrite a line of a log or a CSV cell it is copied into.
/// - Control characters removed (C0 but `\n` and `\t`, DEL, C1): NUL cuts text short in C tools,
///   ESC starts terminal escape sequences.
/// - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) removed: an
///   RLO makes "fdp.exe" read as "exe.pdf" and turns the rest of a page's line around. Vietnamese
///   never needs them; the marks U+200E/U+200F, which override nothing, stay.
/// - A `.line` (names, titles, numbers) has no line break or tab: each becomes a space.
public enum TypedText {
    public enum Shape: Sendable {
        /// One line: names, titles, document numbers, addresses.
        case line
        /// Several lines: notes, questions, answers, reasons.
        case multiline
    }

    public static func clean(_ raw: String, _ shape: Shape) -> String {
        let text = raw.precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { afterCR = value == 0x0D }
            if value == 0x0A && afterCR { continue }  // the LF of a CRLF, already written
            if isLineBreak(value) {
                scalars.append(shape == .multiline ? "\n" : " ")
            } else if value == 0x09 {
                scalars.append(shape == .multiline ? "\t" : " ")
            } else if !isRemoved(value) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// CR, LF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    static func isLineBreak(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x0D || value == 0x85 || value == 0x2028 || value == 0x2029
    }

    /// Controls (line breaks and tab are handled before) and the bidi embeddings, overrides and isolates.
    static func isRemoved(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
