import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParIndexCore
import ParIndexFormats
import ParIndexWeb
import Testing

/// Import fuzzing: valid framework (YAML and JSON), units CSV and survey CSV files
/// are mutated by a seeded generator and fed through the real import use cases on real SQLite.
/// Every rejected file must give a clear error that names the place (node path, line/column, byte
/// offset), never crash, and leave the database exactly as it was (row and ledger counts).
@Suite("Import fuzzing")
struct ImportFuzzTests {
    static let casesPerFormat = 300

    @Test("units CSV: mutated files are imported whole or refused whole, with the line named")
    func unitsCSV() async throws {
        let app = try TestApp()
        try await app.seed()
        let base = Data("code,name,block\nC1,Phường Một,WARD\nC2,\"Phường Hai, mới\",WARD\nC3,Xã Ba,WARD\nA1,Sở Tài chính,DEPT\n".utf8)
        var random = SeededRandom(seed: 0x5EED_0001)
        var outcomes = Outcomes()
        for index in 0..<Self.casesPerFormat {
            let (mutation, data) = Mutator.mutate(base, &random, kind: .csv)
            let before = try await Snapshot(app)
            do {
                let rows = try CSV.table(data, columns: ["code", "name", "block"]).map {
                    AdminService.UnitRow(line: $0.line, code: $0.values["code"]!, name: $0.values["name"]!, block: $0.values["block"]!)
                }
                _ = try await app.services.admin.importUnits(rows, by: .commandLine("fuzz"))
                outcomes.accepted += 1
            } catch let error as DomainError {
                outcomes.refused += 1
                try await expectRefusal(error, app: app, before: before, case: "units #\(index) \(mutation)")
            }
        }
        #expect(outcomes.refused > Self.casesPerFormat / 3, "most mutations must be refused: \(outcomes)")
    }

    @Test("survey CSV: mutated files are imported whole or refused whole, with the line named")
    func surveyCSV() async throws {
        let app = try TestApp()
        try await app.seed()
        let base = Data("unit,criterion,points\nA1,2.2,1.5\nA2,2.2,2\nB1,2.2,0.25\nB2,2.2,0\n".utf8)
        var random = SeededRandom(seed: 0x5EED_0002)
        var outcomes = Outcomes()
        for index in 0..<Self.casesPerFormat {
            let (mutation, data) = Mutator.mutate(base, &random, kind: .csv)
            let before = try await Snapshot(app)
            do {
                let rows = try CSV.table(data, columns: ["unit", "criterion", "points"]).map {
                    ResultsService.SurveyRow(row: $0.line, unit: $0.values["unit"]!, criterion: $0.values["criterion"]!, points: $0.values["points"]!)
                }
                _ = try await app.services.results.importSurvey(cycle: "2026", rows: rows, by: .commandLine("fuzz"))
                outcomes.accepted += 1
            } catch let error as DomainError {
                outcomes.refused += 1
                try await expectRefusal(error, app: app, before: before, case: "survey #\(index) \(mutation)")
            }
        }
        #expect(outcomes.refused > Self.casesPerFormat / 3, "most mutations must be refused: \(outcomes)")
    }

    @Test("framework YAML and JSON: mutated documents are stored whole or refused with a node path or line")
    func framework() async throws {
        let app = try TestApp()
        try await app.seed()
        let json = Data(smallFrameworkJSON.replacingOccurrences(of: "\"test-fw\"", with: "\"fuzz-fw\"").utf8)
        let yaml = Data(Self.yamlFramework.utf8)
        var random = SeededRandom(seed: 0x5EED_0003)
        var outcomes = Outcomes()
        for index in 0..<Self.casesPerFormat {
            let asYAML = index % 2 == 0
            let (mutation, data) = Mutator.mutate(asYAML ? yaml : json, &random, kind: asYAML ? .yaml : .json)
            let before = try await Snapshot(app)
            do {
                let document = try asYAML ? FrameworkDocumentReader.read(data) : DocumentValue.parseJSON(data)
                _ = try await app.services.admin.importFramework(document, by: .commandLine("fuzz"))
                outcomes.accepted += 1
            } catch let error as DomainError {
                outcomes.refused += 1
                try await expectRefusal(error, app: app, before: before, case: "framework #\(index) \(asYAML ? "yaml" : "json") \(mutation)")
            }
        }
        #expect(outcomes.refused > Self.casesPerFormat / 3, "most mutations must be refused: \(outcomes)")
    }

    @Test("the HTTP import routes (framework, survey) answer mutated files with 4xx in the contract's shape, never 5xx, and store nothing")
    func httpRoutes() async throws {
        let app = try TestApp()
        try await app.seed()
        let survey = Data("unit,criterion,points\nA1,2.2,1.5\nB2,2.2,0\n".utf8)
        try await app.application.test(.router) { client in
            var random = SeededRandom(seed: 0x5EED_0004)
            for index in 0..<60 {
                let before = try await Snapshot(app)
                let answer: Answer
                let label: String
                switch index % 2 {
                case 0:
                    let (mutation, data) = Mutator.mutate(Data(Self.yamlFramework.utf8), &random, kind: .yaml)
                    label = "POST /api/v1/frameworks #\(index) \(mutation)"
                    answer = try await client.call(
                        .post,
                        "/api/v1/frameworks",
                        as: "admin",
                        app: app,
                        body: ByteBuffer(bytes: data),
                        contentType: "application/yaml"
                    )
                default:
                    let (mutation, data) = Mutator.mutate(survey, &random, kind: .csv)
                    label = "POST /api/v1/cycles/2026/survey #\(index) \(mutation)"
                    answer = try await client.call(
                        .post,
                        "/api/v1/cycles/2026/survey",
                        as: "admin",
                        app: app,
                        body: ByteBuffer(bytes: data),
                        contentType: "text/csv"
                    )
                }
                #expect(answer.status.code < 500, "\(label): \(answer.status)")
                if answer.status.code >= 400 {
                    #expect(answer.errorCode != nil, "\(label): no error code in \(answer.body.prefix(200))")
                    let after = try await Snapshot(app)
                    #expect(after == before, "\(label): refused but the database changed")
                }
            }
        }
    }

    /// A refusal must name where the problem is (or be about the whole file) and change nothing.
    func expectRefusal(_ error: DomainError, app: TestApp, before: Snapshot, case label: String) async throws {
        #expect(!error.message.isEmpty, "\(label): empty message")
        #expect(error.kind != .internalFailure, "\(label): internal failure \(error.code)")
        let wholeFile: Set<String> = ["empty_csv", "empty_document", "empty_survey", "csv_header", "framework_exists"]
        let placed =
            wholeFile.contains(error.code) || error.details["line"] != nil || error.details["rows"] != nil
            || error.details["issues"] != nil || error.details["offset"] != nil
        #expect(placed, "\(label): \(error.code) names no place: \(error.message)")
        let after = try await Snapshot(app)
        #expect(after == before, "\(label): refused (\(error.code)) but the database changed")
    }

    /// The same framework as small-framework.json, as block YAML, under its own code.
    static let yamlFramework = """
        # Bộ tiêu chí thử dạng YAML
        code: fuzz-yaml
        version: "1"
        title: Bộ tiêu chí thử
        capAt100: true
        bands:
          - {label: Tốt, atLeast: 80}
          - {label: Khá, atLeast: 0}
        nodes:
          - code: "1"
            title: Chỉ đạo, điều hành
            children:
              - code: "1.1"
                title: Kế hoạch CCHC
                max: 2
                rule: {kind: scale, step: 0.5}
              - code: "1.2"
                title: Ban hành đúng hạn
                max: 1
                rule:
                  kind: choice
                  options:
                    - {label: Đúng hạn, points: 1}
                    - {label: Chậm, points: 0.5}
          - code: "2"
            title: Thủ tục hành chính
            children:
              - code: "2.1"
                title: Hồ sơ đúng hạn
                max: 3
                rule: {kind: ratio_linear, numerator: Đúng hạn, denominator: Tổng}
              - code: "2.2"
                title: Hài lòng
                max: 2
                source: survey
                evidence: none
                rule: {kind: survey}

        """
}

struct Outcomes: CustomStringConvertible {
    var accepted = 0
    var refused = 0
    var description: String { "accepted \(accepted), refused \(refused)" }
}

/// Row counts of everything an import may write, ledger included.
struct Snapshot: Equatable {
    var counts: [Int]

    init(_ app: TestApp) async throws {
        var counts: [Int] = []
        for table in ["block", "unit", "framework", "assessment", "item", "ledger"] {
            counts.append(try await app.count("SELECT COUNT(*) FROM \(table)"))
        }
        counts.append(try await app.count("SELECT COALESCE(SUM(version), 0) FROM item"))
        self.counts = counts
    }
}

/// SplitMix64: deterministic, so a failing case can be replayed from its seed and index.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations of a valid file: byte-level damage, line surgery, other encodings, hostile values.
enum Mutator {
    enum Kind { case csv, yaml, json }

    static func mutate(_ base: Data, _ random: inout SeededRandom, kind: Kind) -> (String, Data) {
        var bytes = [UInt8](base)
        var lines = String(decoding: base, as: UTF8.self).components(separatedBy: "\n")
        func joined() -> Data { Data(lines.joined(separator: "\n").utf8) }
        let choice = Int.random(in: 0..<22, using: &random)
        switch choice {
        case 0:
            for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            }
            return ("bit flips", Data(bytes))
        case 1:
            return ("truncated", Data(bytes.prefix(Int.random(in: 0..<max(1, bytes.count), using: &random))))
        case 2:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines.insert(lines[i], at: i)
            return ("duplicated line \(i + 1)", joined())
        case 3:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines.remove(at: i)
            return ("removed line \(i + 1)", joined())
        case 4:
            var utf16 = Data([0xFF, 0xFE])
            utf16.append(String(decoding: base, as: UTF8.self).data(using: .utf16LittleEndian)!)
            return ("UTF-16LE with BOM", utf16)
        case 5:
            return (
                "Latin-1", Data(String(decoding: base, as: UTF8.self).unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") })
            )
        case 6:
            return ("UTF-8 BOM", Data([0xEF, 0xBB, 0xBF]) + base)
        case 7:
            return ("empty", Data())
        case 8:
            return ("binary junk", Data((0..<Int.random(in: 1...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }))
        case 9:
            return ("huge number", replacingNumber(in: lines, with: String(repeating: "9", count: Int.random(in: 20...400, using: &random)), &random))
        case 10:
            return (
                "NaN",
                replacingNumber(
                    in: lines,
                    with: ["NaN", "nan", ".nan", "Infinity", "-.inf", "1e309", "-0", "1e-400"].randomElement(using: &random)!,
                    &random
                )
            )
        case 11:
            let depth = [70, 1000, 20_000].randomElement(using: &random)!
            switch kind {
            case .json: return ("deep nesting \(depth)", Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8))
            case .yaml:
                let style = Int.random(in: 0..<3, using: &random)
                let text =
                    style == 0
                    ? String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                    : style == 1
                        ? String(repeating: "- ", count: depth) + "x"
                        : (0..<min(depth, 1000)).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")
                return ("deep nesting \(depth) style \(style)", Data(text.utf8))
            case .csv: return ("deep quotes \(depth)", Data((String(repeating: "\"", count: depth) + "\n").utf8))
            }
        case 12:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines[i] += String(repeating: ",", count: Int.random(in: 1...3, using: &random))
            return ("extra fields line \(i + 1)", joined())
        case 13:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines[i].insert("\"", at: lines[i].index(lines[i].startIndex, offsetBy: Int.random(in: 0...lines[i].count, using: &random)))
            return ("stray quote line \(i + 1)", joined())
        case 14:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines.swapAt(i, Int.random(in: 0..<lines.count, using: &random))
            return ("swapped lines", joined())
        case 15:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines[i] = String(repeating: "Ạ", count: Int.random(in: 300...5000, using: &random))
            return ("long line \(i + 1)", joined())
        case 16:
            return ("CRLF and NUL", Data(lines.joined(separator: "\r\n").utf8) + Data([0, 0x0A]))
        case 17:
            let junk = ["\u{0000}", "\u{202E}", "=cmd|' /C calc'!A0", "\u{FEFF}", "&a *a", "!!binary AAAA", "{", "}", ":", "- ", "\t", "%TAG ! x"]
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines[i] += junk.randomElement(using: &random)!
            return ("junk appended line \(i + 1)", joined())
        case 18:
            let i = Int.random(in: 0..<max(1, bytes.count), using: &random)
            bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xE2, 0x82], at: min(i, bytes.count))
            return ("invalid UTF-8 at byte \(i)", Data(bytes))
        case 19:
            let i = Int.random(in: 0..<lines.count, using: &random)
            lines.insert(contentsOf: Array(repeating: lines[i], count: Int.random(in: 2...200, using: &random)), at: i)
            return ("line \(i + 1) repeated", joined())
        case 20:
            return (
                "negative and many decimals",
                replacingNumber(in: lines, with: ["-1", "0.001", "2.555", "+1", "1,5", "0x10", "1_000"].randomElement(using: &random)!, &random)
            )
        default:
            lines = lines.map { $0.uppercased() }
            return ("upper-cased", joined())
        }
    }

    /// Replaces one number-looking token with `value`.
    static func replacingNumber(in lines: [String], with value: String, _ random: inout SeededRandom) -> Data {
        var lines = lines
        let candidates = lines.indices.filter { lines[$0].contains(where: \.isNumber) }
        if let i = candidates.randomElement(using: &random) {
            let line = lines[i]
            if let range = line.range(of: #"[0-9]+(\.[0-9]+)?"#, options: .regularExpression) {
                lines[i] = line.replacingCharacters(in: range, with: value)
            }
        }
        return Data(lines.joined(separator: "\n").utf8)
    }
}
