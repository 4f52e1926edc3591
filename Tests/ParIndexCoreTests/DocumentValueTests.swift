import Foundation
import Testing

@testable import ParIndexCore

@Suite("DocumentValue: canonical JSON and strict parsing")
struct DocumentValueTests {
    // MARK: canonical output

    @Test("Canonical JSON sorts keys at every level and has no white space")
    func sortedCompact() throws {
        // given
        let value = try DocumentValue.parseJSON(#" { "b" : 1 , "a" : [ 1 , 2 ] , "c" : { "z" : null , "y" : true , "Z" : false } } "#)
        // then: "Z" (U+005A) sorts before "y" (U+0079)
        #expect(value.canonicalJSON == #"{"a":[1,2],"b":1,"c":{"Z":false,"y":true,"z":null}}"#)
    }

    @Test("Canonical JSON keeps array order")
    func arrayOrder() {
        #expect(DocumentValue.array([.int(3), .int(1), .int(2)]).canonicalJSON == "[3,1,2]")
    }

    @Test("Key sorting is by Unicode scalars, not by locale")
    func scalarOrder() {
        let value = DocumentValue.object([("é", .int(1)), ("f", .int(2)), ("E", .int(3)), ("e", .int(4))])
        // E (45) < e (65) < f (66) < é (E9)
        #expect(value.canonicalJSON == #"{"E":3,"e":4,"f":2,"é":1}"#)
    }

    @Test("Strings and keys are normalised to NFC")
    func nfc() {
        // "Hà Nội" decomposed: a + U+0300, o + U+0323 + U+0302
        let decomposed = "Ha\u{0300} No\u{0323}\u{0302}i"
        let precomposed = "H\u{00E0} N\u{1ED9}i"
        #expect(Array(decomposed.utf8) != Array(precomposed.utf8))
        let json = DocumentValue.object([(decomposed, .string(decomposed))]).canonicalJSON
        #expect(Array(json.utf8) == Array("{\"\(precomposed)\":\"\(precomposed)\"}".utf8))
        #expect(
            DocumentValue.string(decomposed).canonicalSHA256 == DocumentValue.string(precomposed).canonicalSHA256
        )
    }

    @Test("Only quote, backslash and control characters are escaped")
    func escaping() {
        let value = DocumentValue.string("a\"b\\c/d\ne\rf\tg\u{08}h\u{0C}i\u{01}j\u{1F}k\u{7F}lộ😀")
        #expect(value.canonicalJSON == #""a\"b\\c/d\ne\rf\tg\bh\fi\u0001j\u001fk"# + "\u{7F}lộ😀\"")
    }

    @Test(
        "Numbers are written as their shortest exact text",
        arguments: [
            ("1.50", "1.5"), ("2.00", "2"), ("0.25", "0.25"), ("-0.50", "-0.5"), ("100", "100"), ("0", "0"),
            ("0.125", "0.125"), ("1e5", "1e5"), ("1.5E-3", "1.5E-3"),
        ]
    )
    func numbers(text: String, canonical: String) {
        #expect(DocumentValue.number(text).canonicalJSON == canonical)
    }

    @Test("Parsed numbers keep their text; canonical output shortens them")
    func parsedNumbers() throws {
        let value = try DocumentValue.parseJSON(#"{"x":1.50,"y":2.00,"z":-0.10}"#)
        #expect(value["x"] == .number("1.50"))
        #expect(value.canonicalJSON == #"{"x":1.5,"y":2,"z":-0.1}"#)
    }

    @Test("Equal documents in another key order hash alike but compare unequal as written")
    func equalityAndHash() throws {
        let a = try DocumentValue.parseJSON(#"{"a":1,"b":2}"#)
        let b = try DocumentValue.parseJSON(#"{"b":2,"a":1}"#)
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(a.canonicalSHA256 == b.canonicalSHA256)
        #expect(a != b)
        #expect(a == (try DocumentValue.parseJSON(#"{ "a" : 1 , "b" : 2 }"#)))
    }

    @Test("fields drops nil pairs; accessors read the tree")
    func fieldsAndAccessors() {
        let value = DocumentValue.fields(["a": .string("x"), "b": nil, "c": .array([.bool(true)]), "d": .points(Points(hundredths: 150))])
        #expect(value.canonicalJSON == #"{"a":"x","c":[true],"d":1.5}"#)
        #expect(value["a"]?.stringValue == "x")
        #expect(value["b"] == nil)
        #expect(value["c"]?.arrayValue?.first?.isBool == true)
        #expect(value["d"]?.scalarText == "1.5")
        #expect(DocumentValue.string("x")["a"] == nil)
        #expect(DocumentValue.optional(nil) == .null)
        #expect(DocumentValue.date(Date(timeIntervalSince1970: 0)) == .string("1970-01-01T00:00:00.000Z"))
    }

    // MARK: parsing

    @Test("Parses every JSON value kind, with a leading BOM and outer white space")
    func parsesAll() throws {
        let value = try DocumentValue.parseJSON(
            Data([0xEF, 0xBB, 0xBF] + Array(#" {"s":"x","n":-1.5e+2,"t":true,"f":false,"z":null,"a":[],"o":{}} "#.utf8))
        )
        #expect(
            value
                == .object([
                    ("s", .string("x")), ("n", .number("-1.5e+2")), ("t", .bool(true)), ("f", .bool(false)), ("z", .null),
                    ("a", .array([])), ("o", .object([])),
                ])
        )
    }

    @Test("Escapes decode, including a surrogate pair")
    func escapesDecode() throws {
        let value = try DocumentValue.parseJSON(#""\"\\\/\b\f\n\r\t\u00e0\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tà😀"))
    }

    @Test("Canonical output parses back to the same canonical output")
    func reparse() throws {
        let original = DocumentValue.object([
            ("k", .string("a\"\\\n\u{01}😀")), ("n", .number("1.50")), ("arr", .array([.null, .bool(false)])),
        ])
        let again = try DocumentValue.parseJSON(original.canonicalJSON)
        #expect(again.canonicalJSON == original.canonicalJSON)
        #expect(again["k"] == .string("a\"\\\n\u{01}😀"))
    }

    @Test(
        "Strict parsing refuses malformed JSON with badRequest",
        arguments: [
            #"{"a":1} x"#,  // trailing garbage
            "[1][2]",  // two values
            "01",  // leading zero
            "-01",  // leading zero after minus
            "[00]",
            #"{"a":1,"a":2}"#,  // duplicate key
            #""abc"#,  // unterminated string
            #"{"a":"b"#,
            "[1,]",  // trailing comma
            "{\"a\" 1}",  // missing colon
            "{a:1}",  // unquoted key
            "'x'",  // single quotes
            "1.",  // no fraction digits
            ".5",
            "1e",  // no exponent digits
            "+1",
            "NaN",
            "tru",
            "",  // nothing
            "   ",
            "\"a\u{01}b\"",  // raw control character
            #""\x""#,  // bad escape
            #""\u12""#,  // short \u
            #""\ud83d""#,  // lone high surrogate
            #""\ud83dx""#,
            #""\ud83d\u0041""#,  // high surrogate followed by a non-low one
            #""\ude00""#,  // lone low surrogate
        ]
    )
    func strict(text: String) {
        let error = #expect(throws: DomainError.self) { try DocumentValue.parseJSON(text) }
        #expect(error?.kind == .badRequest)
        #expect(error?.code == "malformed_json")
    }

    @Test("Nesting up to 64 levels is accepted, deeper is refused")
    func depth() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try DocumentValue.parseJSON(ok)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = #expect(throws: DomainError.self) { try DocumentValue.parseJSON(deep) }
        #expect(error?.kind == .badRequest)
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        let objectError = #expect(throws: DomainError.self) { try DocumentValue.parseJSON(objects) }
        #expect(objectError?.kind == .badRequest)
    }

    @Test("A very deep document fails cleanly instead of exhausting the stack")
    func veryDeep() {
        let deep = String(repeating: "[", count: 100_000)
        let error = #expect(throws: DomainError.self) { try DocumentValue.parseJSON(deep) }
        #expect(error?.kind == .badRequest)
    }

    @Test("The error names the byte offset")
    func offset() {
        let error = #expect(throws: DomainError.self) { try DocumentValue.parseJSON(#"{"a":1} x"#) }
        // 8 bytes of `{"a":1} ` are consumed before the garbage
        #expect(error?.details["offset"] == .int(8))
    }

    // MARK: fast paths (profiles: NFC and number re-parsing dominated API responses)

    @Test("Numbers skip re-parsing only when already canonical; others are rewritten as before")
    func numberFastPath() {
        for text in ["0", "7", "-12", "88.5", "1.25", "0.05", "-0.5", "123456789012"] {
            #expect(DocumentValue.isCanonicalNumber(text), "\(text)")
            #expect(DocumentValue.canonicalNumber(text) == Points(parsing: text)!.description)
        }
        for (text, canonical) in [("1.50", "1.5"), ("2.00", "2"), ("007", "7"), ("-0", "0"), ("+3", "3"), ("2.", "2."), ("1e5", "1e5")] {
            #expect(!DocumentValue.isCanonicalNumber(text), "\(text)")
            #expect(DocumentValue.canonicalNumber(text) == canonical)
        }
    }

    @Test("Text that skips the normaliser is already NFC; decomposed text is still composed")
    func nfcFastPath() {
        let samples = ["Bộ Tư pháp", "Đánh giá “chỉ số”", "A\u{0301}", "e\u{0323}\u{0302}", "\u{1EA0}\u{0301}", "Ω", "\u{2000}"]
        for text in samples {
            #expect(DocumentValue.nfc(text).unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars))
        }
        #expect(DocumentValue.string("a\"b\\c\n").canonicalJSON == #""a\"b\\c\n""#)
    }
}
