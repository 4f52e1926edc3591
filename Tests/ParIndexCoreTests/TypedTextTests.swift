import Foundation
import Testing

@testable import ParIndexCore

/// Text people type, made safe to store and show (SECURITY.md IV): one rule for every name and note.
@Suite struct TypedTextTests {
    @Test("IV: C0 controls (NUL, ESC, BEL, …), DEL and C1 controls are removed; tab and line feed stay in notes")
    func controls() {
        #expect(TypedText.clean("a\u{0}b\u{1B}[31mc\u{7}d\u{7F}e\u{80}f\u{9F}g", .multiline) == "ab[31mcdefg")
        #expect(TypedText.clean("dòng 1\n\tdòng 2", .multiline) == "dòng 1\n\tdòng 2")
        #expect(TypedText.clean("\u{8}\u{B}\u{C}\u{1F}", .multiline) == "")
    }

    @Test("IV: CRLF, a bare CR, NEL, U+2028 and U+2029 become one \\n each")
    func lineEnds() {
        #expect(TypedText.clean("a\r\nb\rc\nd\u{85}e\u{2028}f\u{2029}g", .multiline) == "a\nb\nc\nd\ne\nf\ng")
        #expect(TypedText.clean("a\r\n\r\nb", .multiline) == "a\n\nb")
        #expect(TypedText.clean("a\r", .multiline) == "a\n")
    }

    @Test("IV: a one-line field (a name, a title) turns line breaks and tabs into spaces")
    func oneLine() {
        #expect(TypedText.clean("Sở\r\nTài\tchính\rHà Nội", .line) == "Sở Tài chính Hà Nội")
    }

    @Test("IV: bidi embeddings, overrides (RLO …) and isolates are removed; LRM and RLM stay")
    func bidi() {
        for scalar in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069] {
            let mark = String(UnicodeScalar(UInt32(scalar))!)
            #expect(TypedText.clean("báo cáo\(mark)fdp.exe", .line) == "báo cáofdp.exe", "U+\(String(scalar, radix: 16))")
        }
        #expect(TypedText.clean("a\u{200E}b\u{200F}c", .line) == "a\u{200E}b\u{200F}c")
    }

    @Test("IV-3: Vietnamese typed as decomposed letters comes out NFC; plain Vietnamese is unchanged")
    func nfc() {
        let decomposed = "Hà No\u{323}\u{302}i"
        #expect(TypedText.clean(decomposed, .line) == "Hà Nội")
        #expect(TypedText.clean("Đánh giá chỉ số cải cách hành chính", .line) == "Đánh giá chỉ số cải cách hành chính")
    }

    @Test("IV: cleanText applies it to every field, then trims and bounds")
    func throughCleanText() throws {
        #expect(try cleanText(" \u{202E}Ghi chú\r\nhai dòng\u{0} ", field: "note", name: "ghi chú") == "Ghi chú\nhai dòng")
        #expect(try cleanText("Sở\nTư pháp", field: "name", name: "tên đơn vị", shape: .line) == "Sở Tư pháp")
        #expect(try cleanText("\u{0}\u{202E}", field: "note", name: "ghi chú") == nil)
        #expect(throws: DomainError.self) { try cleanText("\u{1B}", field: "name", name: "họ tên", required: true, shape: .line) }
    }
}
