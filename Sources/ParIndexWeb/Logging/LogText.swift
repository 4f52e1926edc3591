/// Text from outside (usernames, error descriptions) made safe for a log line: control characters
/// (CR, LF, ESC for ANSI sequences, NUL…) are written as visible `\u{…}` escapes, so nobody can
/// forge a log line or repaint a terminal (SECURITY.md LG-3), and the length is bounded.
public enum LogText {
    public static func safe(_ raw: String, max: Int = 64) -> String {
        var out = ""
        for scalar in raw.unicodeScalars.prefix(max) {
            let control = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            out += control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return out
    }
}
