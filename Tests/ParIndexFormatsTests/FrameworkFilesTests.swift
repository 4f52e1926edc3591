import Foundation
import ParIndexCore
import ParIndexFormats
import Testing

/// The package root, found from this file's path, so tests read the shipped `Config/` files.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct FrameworkFilesTests {
    static let files = ["par-province.yaml", "par-hanoi-district.yaml", "par-hanoi-department.yaml"]

    @Test("every shipped framework file is valid, sums to 100 and uses every rule kind", arguments: files)
    func shippedFrameworks(file: String) throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Config/frameworks/\(file)"))
        let framework = try FrameworkReader.read(try FrameworkDocumentReader.read(data))
        #expect(framework.maxPoints == Points(100))
        #expect(Set(framework.leaves.map(\.spec.rule.kind)) == Set(Rule.kinds))
        #expect(framework.leaves.count >= 30)
        #expect(framework.capAt100)
    }

    @Test("the provincial framework has 2948/QĐ-BNV's eight fields and field maxima")
    func provincialFieldMaxima() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Config/frameworks/par-province.yaml"))
        let framework = try FrameworkReader.read(try FrameworkDocumentReader.read(data))
        let maxima = framework.nodes.prefix(8).map(\.max.description)
        #expect(maxima == ["10", "10", "14.5", "11", "16", "7", "16", "15.5"])
    }

    @Test("YAML and the same tree in JSON give the same content hash")
    func yamlAndJSONAgree() throws {
        let yaml = """
            code: x
            version: "1"
            title: Thử
            nodes:
              - code: "1"
                title: Một
                children:
                  - {code: "1.1", title: Một một, max: 0.5, rule: {kind: scale, step: 0.25}}
            """
        let json =
            #"{"nodes":[{"code":"1","title":"Một","children":[{"rule":{"step":0.25,"kind":"scale"},"max":0.50,"title":"Một một","code":"1.1"}]}],"title":"Thử","version":"1","code":"x"}"#
        let fromYAML = try FrameworkReader.read(try FrameworkDocumentReader.read(yaml))
        let fromJSON = try FrameworkReader.read(try FrameworkDocumentReader.read(json))
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.contentSHA256 == fromJSON.contentSHA256)
    }

    @Test("malformed YAML gets a clear error with its line, never a crash")
    func malformedYAML() {
        let cases = [
            "code: [unclosed", "a: 1\na: 2", "x: &a [1]\ny: *a", "", "\u{0}\u{1}", "- - - -",
            String(repeating: "[", count: 500) + String(repeating: "]", count: 500),
        ]
        for text in cases {
            #expect(throws: DomainError.self) { try FrameworkReader.read(try FrameworkDocumentReader.read(text)) }
        }
        do {
            _ = try FrameworkDocumentReader.read("code: x\nnodes: [\n  {code: 1\n")
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("dòng"))
        }
    }

    @Test("numbers keep their literal text: 0.1 + 0.2 points stay exact")
    func exactNumbers() throws {
        let document = try FrameworkDocumentReader.read("a: 0.1\nb: 0.2\nc: '0.30'\nd: true\ne: null\nf: 007")
        #expect(document["a"] == .number("0.1"))
        #expect(document["c"] == .string("0.30"))
        #expect(document["d"] == .bool(true))
        #expect(document["e"] == .null)
        let sum = Points(parsing: document["a"]!.scalarText!)! + Points(parsing: document["b"]!.scalarText!)!
        #expect(sum == Points(hundredths: 30))
    }
}
