import Foundation
import ParIndexCore
import Testing

/// Request bodies read into types: exact numbers, and every refusal with its code, sentence and
/// the field's dotted path.
@Suite struct DocumentDecoderTests {
    struct Body: Decodable, Equatable {
        var points: Points?
        var choice: Int?
        var inputs: Ratio?
        var note: String?
        var title: String?
        var at: Date?
        var done: Bool?
        var tags: [String]?

        enum CodingKeys: String, RequestKey {
            case points, choice, inputs, note, title, at, done, tags
            var maxLength: Int {
                switch self {
                case .title: 10
                case .tags: 5
                default: 4000
                }
            }
        }
    }

    struct Ratio: Decodable, Equatable {
        var numerator: Int
        var denominator: Int

        enum CodingKeys: String, RequestKey { case numerator, denominator }
    }

    struct Rows: Decodable, Equatable {
        var name: String
        var rows: [Row]

        enum CodingKeys: String, RequestKey { case name, rows }

        struct Row: Decodable, Equatable {
            var unit: String
            var points: Points

            enum CodingKeys: String, RequestKey { case unit, points }
        }
    }

    /// A stored document's type: keys it does not name are passed over.
    struct Stored: Decodable, Equatable {
        var name: String
    }

    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try DocumentDecoder().decode(T.self, from: try DocumentValue.parseJSON(json))
    }

    /// The refusal `json` gets, as code, message and field.
    func refusal<T: Decodable>(_ type: T.Type, _ json: String) -> (code: String, message: String, field: String?)? {
        do {
            _ = try decode(T.self, json)
            return nil
        } catch let error as DomainError {
            #expect(error.kind == .unprocessable)
            return (error.code, error.message, error.details["field"]?.stringValue)
        } catch {
            Issue.record("not a DomainError: \(error)")
            return nil
        }
    }

    @Test("points are read from the number's text: 0.1, 0.3, 88.54, -1.5 and the bound 1000000 exactly")
    func exactPoints() throws {
        for (json, hundredths) in [
            ("0.1", 10), ("0.3", 30), ("0.30", 30), ("88.54", 8854), ("-1.5", -150), ("2", 200), ("0", 0), ("1000000", 100_000_000),
            ("-1000000", -100_000_000),
        ] {
            #expect(try decode(Body.self, #"{"points": \#(json)}"#).points == Points(hundredths: hundredths), "\(json)")
        }
    }

    @Test(
        "points with a third decimal, binary noise, an exponent, too many digits or over the bound are invalid_points",
        arguments: [
            "12.345", "0.30000000000000004", "0.1e1", "1e3", "1E2", "123456789012345678901234567890", "1000000.01", "-1000000.01",
            "99999999999.99", "0.001",
        ]
    )
    func refusedPoints(_ json: String) {
        let refused = refusal(Body.self, #"{"points": \#(json)}"#)
        #expect(refused?.code == "invalid_points")
        #expect(refused?.message == "Trường \"points\" phải là số có tối đa 2 chữ số thập phân.")
        #expect(refused?.field == "points")
    }

    @Test("points sent as text, true or an object are invalid_points too")
    func pointsOfTheWrongType() {
        for json in [#""1""#, #""0,5""#, "true", "{}", "[1]"] {
            #expect(refusal(Body.self, #"{"points": \#(json)}"#)?.code == "invalid_points", "\(json)")
        }
    }

    @Test("whole numbers up to 10^12 in magnitude; fractions, text, exponents and larger ones are not")
    func integers() throws {
        #expect(try decode(Body.self, #"{"choice": 1000000000000}"#).choice == 1_000_000_000_000)
        #expect(try decode(Body.self, #"{"choice": -1000000000000}"#).choice == -1_000_000_000_000)
        for json in ["1000000000001", "1.5", "1.0", "1e2", #""1""#, "100000000000000000000", "true"] {
            let refused = refusal(Body.self, #"{"choice": \#(json)}"#)
            #expect(refused?.code == "invalid_field", "\(json)")
            #expect(refused?.message == "Trường \"choice\" phải là số nguyên.")
            #expect(refused?.field == "choice")
        }
    }

    @Test("times are RFC 3339 text; other text, other types and text over 64 characters are refused")
    func dates() throws {
        #expect(try decode(Body.self, #"{"at": "2026-12-31T17:00:00Z"}"#).at == Timestamp.parse("2026-12-31T17:00:00Z"))
        #expect(try decode(Body.self, #"{"at": "2027-01-01T00:00:00+07:00"}"#).at == Timestamp.parse("2026-12-31T17:00:00Z"))
        let notATime = refusal(Body.self, #"{"at": "ngày mai"}"#)
        #expect(notATime?.code == "invalid_field")
        #expect(notATime?.message == "Trường \"at\" phải là thời điểm RFC 3339 (ví dụ 2026-12-31T17:00:00Z).")
        let number = refusal(Body.self, #"{"at": 5}"#)
        #expect(number?.code == "invalid_field" && number?.message == "Trường \"at\" phải là chuỗi ký tự.")
        let long = refusal(Body.self, #"{"at": "\#(String(repeating: "2", count: 65))"}"#)
        #expect(long?.code == "too_long" && long?.message == "Trường \"at\" dài quá 64 ký tự." && long?.field == "at")
    }

    @Test("text: the wrong type is invalid_field, over the key's limit (4000 unless it says) is too_long")
    func text() throws {
        #expect(try decode(Body.self, #"{"note": "\#(String(repeating: "ắ", count: 4000))"}"#).note?.count == 4000)
        let long = refusal(Body.self, #"{"note": "\#(String(repeating: "ắ", count: 4001))"}"#)
        #expect(long?.code == "too_long" && long?.message == "Trường \"note\" dài quá 4000 ký tự." && long?.field == "note")
        let title = refusal(Body.self, #"{"title": "Mười một ký"}"#)
        #expect(title?.code == "too_long" && title?.message == "Trường \"title\" dài quá 10 ký tự.")
        let number = refusal(Body.self, #"{"note": 5}"#)
        #expect(number?.code == "invalid_field" && number?.message == "Trường \"note\" phải là chuỗi ký tự." && number?.field == "note")
        #expect(refusal(Body.self, #"{"done": "yes"}"#)?.message == "Trường \"done\" phải là true/false.")
        #expect(try decode(Body.self, #"{"note": "  "}"#).note == "  ", "optional text may be blank")
    }

    @Test("a list of texts: each item within the key's limit, every item text, else the list is invalid_field")
    func textLists() throws {
        #expect(try decode(Body.self, #"{"tags": ["a", "bcdef"]}"#).tags == ["a", "bcdef"])
        for json in [#"["abcdef"]"#, #"["a", 2]"#, #""a""#, "{}", "[null]"] {
            let refused = refusal(Body.self, #"{"tags": \#(json)}"#)
            #expect(refused?.code == "invalid_field" && refused?.message == "Trường \"tags\" phải là danh sách chuỗi.", "\(json)")
        }
        let many = "[" + Array(repeating: #""a""#, count: 10_001).joined(separator: ",") + "]"
        #expect(refusal(Body.self, #"{"tags": \#(many)}"#)?.code == "invalid_field")
    }

    @Test("missing, null or blank required values are required, named by their path")
    func required() {
        for json in [#"{"rows": []}"#, #"{"name": null, "rows": []}"#, #"{"name": " ", "rows": []}"#] {
            let refused = refusal(Rows.self, json)
            #expect(refused?.code == "required" && refused?.message == "Cần nhập \"name\"." && refused?.field == "name", "\(json)")
        }
        let inRow = refusal(Rows.self, #"{"name": "x", "rows": [{"unit": "A1", "points": 1}, {"unit": "A2"}]}"#)
        #expect(inRow?.code == "required" && inRow?.message == "Cần nhập \"rows[1].points\"." && inRow?.field == "rows[1].points")
        let nested = refusal(Body.self, #"{"inputs": {"numerator": 1}}"#)
        #expect(nested?.field == "inputs.denominator" && nested?.code == "required")
    }

    @Test("unknown fields are refused at any depth, with the dotted path, before any other fault")
    func unknownFields() throws {
        let top = refusal(Body.self, #"{"points": "not even points", "role": "admin"}"#)
        #expect(top?.code == "unknown_field" && top?.message == "Trường không được phép: \"role\"." && top?.field == "role")
        let nested = refusal(Body.self, #"{"inputs": {"numerator": 1, "denominator": 2, "weight": 3}}"#)
        #expect(
            nested?.code == "unknown_field" && nested?.message == "Trường không được phép: \"inputs.weight\"." && nested?.field == "inputs.weight"
        )
        let inList = refusal(Rows.self, #"{"name": "x", "rows": [{"unit": "A1", "points": 1}, {"unit": "A2", "points": 1, "by": "admin"}]}"#)
        #expect(inList?.code == "unknown_field" && inList?.field == "rows[1].by")
        #expect(try decode(Stored.self, #"{"name": "x", "added": [1, 2]}"#) == Stored(name: "x"), "stored documents pass over new keys")
    }

    @Test("the wrong shape for an object or a list names the path")
    func shapes() {
        let object = refusal(Body.self, #"{"inputs": [95, 100]}"#)
        #expect(object?.code == "invalid_field" && object?.message == "Trường \"inputs\" phải là đối tượng." && object?.field == "inputs")
        let row = refusal(Rows.self, #"{"name": "x", "rows": [{"unit": "A1", "points": 1}, 7]}"#)
        #expect(row?.message == "Trường \"rows[1]\" phải là đối tượng." && row?.field == "rows[1]")
        let list = refusal(Rows.self, #"{"name": "x", "rows": {}}"#)
        #expect(list?.code == "invalid_field" && list?.message == "Trường \"rows\" phải là danh sách.")
    }

    @Test("null reads as absent, and a document value is handed over as it is")
    func nullAndDocuments() throws {
        #expect(try decode(Body.self, #"{"points": null, "choice": null, "inputs": null, "note": null}"#) == Body())
        struct Raw: Decodable {
            var value: DocumentValue?
            enum CodingKeys: String, RequestKey { case value }
        }
        #expect(try decode(Raw.self, #"{"value": 1.50}"#).value == .number("1.50"))
        #expect(try decode(Raw.self, #"{"value": "1,5"}"#).value == .string("1,5"))
        #expect(try decode(Raw.self, #"{"value": {"a": [true]}}"#).value == .object([("a", .array([.bool(true)]))]))
    }

    @Test("floating point is never read: a Double field is an internal failure, not a guess")
    func noFloatingPoint() {
        struct Wrong: Decodable {
            var value: Double
            enum CodingKeys: String, RequestKey { case value }
        }
        #expect(throws: DomainError.internalFailure()) { try decode(Wrong.self, #"{"value": 0.1}"#) }
    }
}
