import Foundation
import Testing

@testable import ParIndexCore

@Suite("Points: exact hundredths")
struct PointsTests {
    @Test(
        "Parses a decimal point, a decimal comma, whole numbers and a minus sign",
        arguments: [
            ("0.25", 25), ("0,25", 25), ("3", 300), ("14.5", 1450), ("88.54", 8854), ("-1.5", -150), ("0.05", 5),
        ]
    )
    func parses(text: String, hundredths: Int) {
        #expect(Points(parsing: text)?.hundredths == hundredths)
    }

    @Test(
        "Refuses thousands separators, a third decimal, exponents, spaces inside and non-numbers",
        arguments: ["1,234.5", "1.234", "0.255", "", "abc", "1e2", " 1 . 5", "1 5", ".5", "5.", "-", "1.2.3"]
    )
    func refuses(text: String) {
        #expect(Points(parsing: text) == nil)
    }

    @Test(
        "The byte-level reading of plain numbers agrees with the general reading, and leaves everything else to it",
        arguments: [
            "0", "7", "0.25", "0,25", "+3", "-1.5", "-0", "000012", "999999999999", "9999999999999", "123456789012.99", "1.", ",5",
            "1.2.3", "1,2,3", "--1", "+-1", "-+1", "1-", "1e2", " 1.5", "1.5 ", "\t2", "1 5", "٣", "１", "0.255", "", "+", "-", ".",
        ]
    )
    func plainAgreesWithGeneral(text: String) {
        if let plain = Points.plainHundredths(text.utf8) {
            #expect(plain == Points.generalHundredths(text))
        }
        #expect(Points(parsing: text)?.hundredths == Points.generalHundredths(text))
    }

    @Test("Plain numbers are read from the bytes", arguments: [("0.25", 25), ("+3", 300), ("-1,5", -150), ("999999999999", 99_999_999_999_900)])
    func plainNumbers(text: String, hundredths: Int) {
        #expect(Points.plainHundredths(text.utf8) == hundredths)
    }

    @Test("Whole-point initialiser multiplies by one hundred")
    func wholeInit() {
        #expect(Points(3).hundredths == 300)
        #expect(Points(-2).hundredths == -200)
    }

    @Test(
        "description is the shortest exact decimal",
        arguments: [(50, "0.5"), (300, "3"), (8854, "88.54"), (5, "0.05"), (-150, "-1.5"), (0, "0"), (1010, "10.1")]
    )
    func shortestDescription(hundredths: Int, text: String) {
        #expect(Points(hundredths: hundredths).description == text)
    }

    @Test("fixed2 always shows two decimals")
    func fixed2() {
        #expect(Points(hundredths: 8854).fixed2 == "88.54")
        #expect(Points(hundredths: 300).fixed2 == "3.00")
        #expect(Points(hundredths: 5).fixed2 == "0.05")
        #expect(Points(hundredths: -150).fixed2 == "-1.50")
    }

    @Test("vietnamese uses a decimal comma and a thousands dot")
    func vietnamese() {
        #expect(Points(hundredths: 8854).vietnamese == "88,54")
        // 1234.50 → "1.234,50"
        #expect(Points(hundredths: 123_450).vietnamese == "1.234,50")
        // 1234567.00 → "1.234.567,00"
        #expect(Points(hundredths: 123_456_700).vietnamese == "1.234.567,00")
        #expect(Points(hundredths: 7).vietnamese == "0,07")
        #expect(Points(hundredths: -150).vietnamese == "-1,50")
    }

    @Test("Arithmetic and step multiples stay in hundredths")
    func arithmetic() {
        var total = Points(hundredths: 25) + Points(hundredths: 50)  // 0.25 + 0.5 = 0.75
        total += Points(1)  // 1.75
        #expect(total.hundredths == 175)
        #expect((total - Points(2)).hundredths == -25)
        #expect(Points(hundredths: 75).isMultiple(of: Points(hundredths: 25)))
        #expect(!Points(hundredths: 30).isMultiple(of: Points(hundredths: 25)))
        #expect(!Points(1).isMultiple(of: .zero))
        #expect(Points(hundredths: 99) < Points(1))
    }

    @Test("JSON decoding accepts a number, a comma string and an integer")
    func decodesJSON() throws {
        let decoded = try JSONDecoder().decode([Points].self, from: Data(#"[0.25, "0,25", 1, 88.54, "14.5"]"#.utf8))
        #expect(decoded.map(\.hundredths) == [25, 25, 100, 8854, 1450])
    }

    @Test("JSON decoding of a bare top-level number")
    func decodesTopLevel() throws {
        #expect(try JSONDecoder().decode(Points.self, from: Data("0.25".utf8)).hundredths == 25)
    }

    @Test("JSON decoding refuses a third decimal", arguments: ["0.255", #""0.255""#, #""1,234.5""#, "true"])
    func refusesJSON(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Points].self, from: Data("[\(json)]".utf8))
        }
    }

    @Test("JSON encoding writes the exact decimal")
    func encodesJSON() throws {
        let data = try JSONEncoder().encode([Points(hundredths: 25)])
        #expect(String(decoding: data, as: UTF8.self) == "[0.25]")
    }

    @Test("JSON encoding round-trips", arguments: [25, 300, 8854, -150, 5, 0, 123_450])
    func roundTrip(hundredths: Int) throws {
        let original = Points(hundredths: hundredths)
        let data = try JSONEncoder().encode([original])
        #expect(try JSONDecoder().decode([Points].self, from: data) == [original])
    }
}
