import Foundation
import ParIndexCore
import Testing

/// Answers written from types: the same tree, and so the same canonical bytes, as one built by hand.
@Suite struct DocumentEncoderTests {
    struct Answer: Encodable {
        var code: String
        var points: Points
        var index: Points?
        var at: Date
        var count: Int
        var size: Int64
        var done: Bool
        var note: String?
        @OmittedIfNil var choice: Int?
        @OmittedIfNil var title: String?
        var items: [Item]
        var raw: DocumentValue

        struct Item: Encodable {
            var selfValue: Points

            enum CodingKeys: String, CodingKey { case selfValue = "self" }
        }
    }

    static let at = Timestamp.parse("2026-03-01T02:00:00.5Z")!

    @Test("points, times, whole numbers, flags, text, null, left-out fields and nested values encode to the hand-built tree")
    func sameTreeAsByHand() throws {
        let answer = Answer(
            code: "1.1",
            points: Points(hundredths: 150),
            index: nil,
            at: Self.at,
            count: -3,
            size: 5_000_000_000,
            done: true,
            note: nil,
            choice: 0,
            title: nil,
            items: [.init(selfValue: Points(hundredths: 8854)), .init(selfValue: .zero)],
            raw: .object([("n", .number("2.50"))])
        )
        let byHand = DocumentValue.object([
            ("code", .string("1.1")), ("points", .number("1.5")), ("index", .null), ("at", .string("2026-03-01T02:00:00.500Z")),
            ("count", .number("-3")), ("size", .number("5000000000")), ("done", .bool(true)), ("note", .null), ("choice", .number("0")),
            ("items", .array([.object([("self", .number("88.54"))]), .object([("self", .number("0"))])])),
            ("raw", .object([("n", .number("2.50"))])),
        ])
        let encoded = try DocumentEncoder().encode(answer)
        #expect(encoded == byHand)
        #expect(encoded.canonicalJSON == byHand.canonicalJSON)
        #expect(
            encoded.canonicalJSON
                == #"{"at":"2026-03-01T02:00:00.500Z","choice":0,"code":"1.1","count":-3,"done":true,"index":null,"items":[{"self":88.54},{"self":0}],"note":null,"points":1.5,"raw":{"n":2.5},"size":5000000000}"#
        )
    }

    @Test("lists, optionals and plain values at the top encode too")
    func topLevel() throws {
        #expect(try DocumentEncoder().encode([Points(hundredths: 1), Points(hundredths: -250)]) == .array([.number("0.01"), .number("-2.5")]))
        #expect(try DocumentEncoder().encode(String?.none) == .null)
        #expect(try DocumentEncoder().encode(["a": 1]) == .object([("a", .number("1"))]))
    }

    @Test("floating point is refused rather than written inexactly")
    func noFloatingPoint() {
        struct Wrong: Encodable { var value = 0.1 }
        #expect(throws: DomainError.internalFailure()) { try DocumentEncoder().encode(Wrong()) }
    }

    @Test("a decoded document encodes back to the same canonical bytes, numbers kept exact")
    func roundTrip() throws {
        struct Row: Codable {
            var unit: String
            var points: Points
            @OmittedIfNil var band: String?
            var index: Points?
        }
        let text = #"[{"index":null,"points":0.1,"unit":"A1"},{"band":"Tốt","index":65.63,"points":88.5,"unit":"A2"}]"#
        let rows = try DocumentDecoder().decode([Row].self, from: try DocumentValue.parseJSON(text))
        #expect(rows.map(\.points) == [Points(hundredths: 10), Points(hundredths: 8850)])
        #expect(rows.map(\.band) == [nil, "Tốt"])
        #expect(try DocumentEncoder().encode(rows).canonicalJSON == text)
    }
}
