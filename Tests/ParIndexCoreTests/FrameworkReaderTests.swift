import Foundation
import Testing

@testable import ParIndexCore

/// A framework document whose top level is valid; `nodes` is given as JSON text.
private func document(nodes: String, code: String = #""par-test""#, extra: String = "") -> String {
    #"{"code":\#(code),"version":"2026","title":"Bộ chỉ số thử nghiệm"\#(extra),"nodes":\#(nodes)}"#
}

/// One field "1" holding the given leaf JSON objects.
private func field1(_ children: String...) -> String {
    #"[{"code":"1","title":"Lĩnh vực 1","children":[\#(children.joined(separator: ","))]}]"#
}

private func issues(_ json: String) throws -> [FrameworkIssue] {
    FrameworkReader.issues(in: try DocumentValue.parseJSON(json))
}

/// The DESIGN.md example, as JSON.
private let designExample = #"""
    {
      "code": "par-district",
      "version": "2026",
      "title": "Bộ chỉ số cải cách hành chính cấp huyện",
      "source": "Quyết định số …/QĐ-UBND",
      "capAt100": true,
      "bands": [{"label": "Nhóm A", "atLeast": 90}, {"label": "Nhóm B", "atLeast": 80}, {"label": "Nhóm C", "atLeast": 0}],
      "nodes": [
        {"code": "1", "title": "Công tác chỉ đạo, điều hành cải cách hành chính", "children": [
          {"code": "1.1", "title": "Ban hành kế hoạch CCHC năm", "guidance": "Kế hoạch ban hành trước ngày 31/12 năm trước",
           "max": 1, "evidence": "required", "applicability": "always", "source": "self",
           "rule": {"kind": "choice", "options": [{"label": "Ban hành đúng hạn", "points": 1}, {"label": "Ban hành chậm", "points": 0.5}, {"label": "Không ban hành", "points": 0}]}},
          {"code": "1.2", "title": "Tỷ lệ hoàn thành nhiệm vụ trong kế hoạch", "max": 2,
           "rule": {"kind": "ratio_tiers", "numerator": "Số nhiệm vụ hoàn thành", "denominator": "Tổng số nhiệm vụ",
                    "tiers": [{"atLeast": 100, "points": 2}, {"atLeast": 80, "points": 1}, {"atLeast": 0, "points": 0}]}},
          {"code": "1.3", "title": "Kiểm tra công tác CCHC", "max": 1, "applicability": "may_be_na", "rule": {"kind": "scale", "step": 0.25}},
          {"code": "1.4", "title": "Tỷ lệ hồ sơ giải quyết đúng hạn", "max": 3,
           "rule": {"kind": "ratio_linear", "numerator": "Số hồ sơ đúng hạn", "denominator": "Tổng số hồ sơ"}}
        ]},
        {"code": "8", "title": "Tác động của cải cách hành chính", "children": [
          {"code": "8.1", "title": "Mức độ hài lòng của người dân", "max": 5, "source": "survey", "rule": {"kind": "survey"}}
        ]},
        {"code": "9", "title": "Điểm thưởng, điểm trừ", "children": [
          {"code": "9.1", "title": "Sáng kiến được công nhận", "max": 2, "rule": {"kind": "bonus", "step": 0.5}},
          {"code": "9.2", "title": "Vi phạm kỷ luật hành chính", "max": 3, "rule": {"kind": "deduction", "step": 0.5}}
        ]}
      ]
    }
    """#

@Suite("Framework reader")
struct FrameworkReaderTests {
    // MARK: valid documents

    @Test("The DESIGN.md example reads into the expected tree")
    func designExampleReads() throws {
        let framework = try FrameworkReader.read(try DocumentValue.parseJSON(designExample))
        #expect(framework.code == "par-district")
        #expect(framework.capAt100)
        #expect(framework.bands.map(\.label) == ["Nhóm A", "Nhóm B", "Nhóm C"])
        #expect(framework.leaves.map(\.code) == ["1.1", "1.2", "1.3", "1.4", "8.1", "9.1", "9.2"])
        // max = 1 + 2 + 1 + 3 + 5 = 12 (bonus 2 and deduction 3 excluded)
        #expect(framework.maxPoints == Points(12))
        let l11 = try #require(framework.leaf("1.1"))
        #expect(l11.spec.evidence == .required)
        #expect(l11.guidance == "Kế hoạch ban hành trước ngày 31/12 năm trước")
        #expect(
            l11.spec.rule
                == .choice(options: [
                    ChoiceOption(label: "Ban hành đúng hạn", points: Points(1)),
                    ChoiceOption(label: "Ban hành chậm", points: Points(hundredths: 50)),
                    ChoiceOption(label: "Không ban hành", points: .zero),
                ])
        )
        #expect(framework.leaf("1.2")?.spec.evidence == .optional)
        #expect(framework.leaf("1.3")?.spec.applicability == .mayBeNA)
        #expect(framework.leaf("1.3")?.spec.rule == .scale(step: Points(hundredths: 25)))
        #expect(framework.leaf("1.4")?.spec.rule == .ratioLinear(numerator: "Số hồ sơ đúng hạn", denominator: "Tổng số hồ sơ"))
        #expect(framework.leaf("8.1")?.spec.source == .survey)
        #expect(framework.leaf("9.2")?.spec.rule == .deduction(step: Points(hundredths: 50)))
        #expect(try issues(designExample).isEmpty)
    }

    @Test("A valid framework round-trips through its canonical JSON with the same hash")
    func roundTrip() throws {
        // given
        let original = try FrameworkReader.read(try DocumentValue.parseJSON(designExample))
        // when
        let canonical = original.document.canonicalJSON
        let again = try FrameworkReader.read(try DocumentValue.parseJSON(canonical))
        // then
        #expect(again == original)
        #expect(again.contentSHA256 == original.contentSHA256)
        #expect(again.document.canonicalJSON == canonical)
        #expect(original.contentSHA256.count == 64)
        #expect(original.contentSHA256 == Digests.sha256Hex(canonical))
    }

    @Test("Key order and omitted defaults do not change the content hash")
    func hashIgnoresSpelling() throws {
        // given: the same framework, once with every default spelled out and keys in another order
        let spelled = #"""
            {"nodes":[{"children":[{"rule":{"step":0.01,"kind":"scale"},"source":"self","applicability":"always",
              "evidence":"optional","max":1.00,"title":"Lá","code":"1.1"}],"title":"Lĩnh vực","code":"1"}],
             "bands":[],"capAt100":false,"title":"Bộ thử","version":"2026","code":"par-test"}
            """#
        let terse =
            #"{"code":"par-test","version":"2026","title":"Bộ thử","nodes":[{"code":"1","title":"Lĩnh vực","children":[{"code":"1.1","title":"Lá","max":1,"rule":{"kind":"scale"}}]}]}"#
        // when
        let a = try FrameworkReader.read(try DocumentValue.parseJSON(spelled))
        let b = try FrameworkReader.read(try DocumentValue.parseJSON(terse))
        // then
        #expect(a == b)
        #expect(a.contentSHA256 == b.contentSHA256)
    }

    @Test("A different max changes the content hash")
    func hashSeesContent() throws {
        let one = try FrameworkReader.read(
            try DocumentValue.parseJSON(document(nodes: field1(#"{"code":"1.1","title":"Lá","max":1,"rule":{"kind":"scale"}}"#)))
        )
        let two = try FrameworkReader.read(
            try DocumentValue.parseJSON(document(nodes: field1(#"{"code":"1.1","title":"Lá","max":2,"rule":{"kind":"scale"}}"#)))
        )
        #expect(one.contentSHA256 != two.contentSHA256)
    }

    @Test("read throws invalid_framework listing every issue")
    func readThrows() throws {
        let json = document(
            nodes: field1(
                #"{"code":"1.1","title":"Lá","max":1,"rule":{"kind":"scale","step":0.3}}"#,
                #"{"code":"1.1","title":"Lá","max":1,"rule":{"kind":"scale"}}"#
            ),
            code: #""BAD""#
        )
        let value = try DocumentValue.parseJSON(json)
        let error = #expect(throws: DomainError.self) { try FrameworkReader.read(value) }
        #expect(error?.code == "invalid_framework")
        #expect(error?.kind == .unprocessable)
        let reported = error?.details["issues"]?.arrayValue?.compactMap { $0["path"]?.stringValue }
        #expect(reported == ["code", "nodes[0].children[0].rule.step", "nodes[0].children[1].code"])
    }

    // MARK: one broken case each

    @Test("Duplicate criterion code is reported at the second occurrence")
    func duplicateCode() throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale"}}"#,
                    #"{"code":"1.1","title":"B","max":1,"rule":{"kind":"scale"}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[1].code"])
        #expect(found.first?.code == "1.1")
    }

    @Test("Duplicate field code across the top level")
    func duplicateFieldCode() throws {
        let leaf = #"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale"}}"#
        let leaf2 = #"{"code":"1.2","title":"A","max":1,"rule":{"kind":"scale"}}"#
        let found = try issues(
            document(nodes: "[{\"code\":\"1\",\"title\":\"X\",\"children\":[\(leaf)]},{\"code\":\"1\",\"title\":\"Y\",\"children\":[\(leaf2)]}]")
        )
        #expect(found.map(\.path) == ["nodes[1].code"])
        #expect(found.first?.code == "1")
    }

    @Test("A child code that does not start with its parent's code", arguments: ["2.1", "10.1", "1", "1."])
    func childNotUnderParent(child: String) throws {
        let found = try issues(document(nodes: field1(#"{"code":"\#(child)","title":"A","max":1,"rule":{"kind":"scale"}}"#)))
        #expect(found.map(\.path).contains("nodes[0].children[0].code"))
        #expect(found.allSatisfy { $0.path == "nodes[0].children[0].code" })
        #expect(found.first?.code == child)
    }

    @Test("A top-level field code must not contain a dot")
    func fieldCodeWithDot() throws {
        let found = try issues(document(nodes: #"[{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale"}}]"#))
        #expect(found.map(\.path) == ["nodes[0].code"])
    }

    @Test("A leaf without max is reported at the node")
    func leafWithoutMax() throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","rule":{"kind":"scale"}}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0]"])
        #expect(found.first?.code == "1.1")
    }

    @Test("A leaf without rule is reported at the node")
    func leafWithoutRule() throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0]"])
    }

    @Test("A parent with max is reported at its max")
    func parentWithMax() throws {
        let found = try issues(
            document(nodes: #"[{"code":"1","title":"A","max":5,"children":[{"code":"1.1","title":"B","max":1,"rule":{"kind":"scale"}}]}]"#)
        )
        #expect(found.map(\.path) == ["nodes[0].max"])
        #expect(found.first?.code == "1")
    }

    @Test("A choice option above max")
    func optionAboveMax() throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":1,"rule":{"kind":"choice","options":[{"label":"x","points":1},{"label":"y","points":1.5}]}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.options[1].points"])
        #expect(found.first?.code == "1.1")
    }

    @Test("A tier above max")
    func tierAboveMax() throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":2,"rule":{"kind":"ratio_tiers","numerator":"n","denominator":"d","tiers":[{"atLeast":100,"points":3},{"atLeast":0,"points":0}]}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.tiers[0].points"])
        #expect(found.first?.code == "1.1")
    }

    @Test("Tiers that are not strictly descending", arguments: ["80", "90"])
    func tiersNotDescending(second: String) throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":2,"rule":{"kind":"ratio_tiers","numerator":"n","denominator":"d","tiers":[{"atLeast":80,"points":2},{"atLeast":\#(second),"points":1},{"atLeast":0,"points":0}]}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.tiers[1].atLeast"])
    }

    @Test("Tiers that do not end at 0")
    func tiersNotEndingAtZero() throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":2,"rule":{"kind":"ratio_tiers","numerator":"n","denominator":"d","tiers":[{"atLeast":100,"points":2},{"atLeast":80,"points":1},{"atLeast":50,"points":0}]}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.tiers[2].atLeast"])
        #expect(found.first?.code == "1.1")
    }

    @Test("A tier above 100 percent")
    func tierAbove100Percent() throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":2,"rule":{"kind":"ratio_tiers","numerator":"n","denominator":"d","tiers":[{"atLeast":101,"points":2},{"atLeast":0,"points":0}]}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.tiers[0].atLeast"])
    }

    @Test("An unknown rule kind")
    func unknownKind() throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"percentage"}}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.kind"])
        #expect(found.first?.code == "1.1")
    }

    @Test("A step that does not divide max", arguments: ["scale", "bonus", "deduction"])
    func stepNotDividingMax(kind: String) throws {
        // 1 ÷ 0.3 is not whole
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"\#(kind)","step":0.3}}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.step"])
        #expect(found.first?.code == "1.1")
    }

    @Test("A step of 0")
    func zeroStep() throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale","step":0}}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.step"])
    }

    @Test("An unknown key on a leaf, on a rule and at the top")
    func unknownKeys() throws {
        let onLeaf = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"weight":2,"rule":{"kind":"scale"}}"#)))
        #expect(onLeaf.map(\.path) == ["nodes[0].children[0].weight"])
        #expect(onLeaf.first?.code == "1.1")
        let onRule = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale","options":[]}}"#)))
        #expect(onRule.map(\.path) == ["nodes[0].children[0].rule.options"])
        let atTop = try issues(
            document(
                nodes: field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale"}}"#),
                extra: #","author":"x""#
            )
        )
        #expect(atTop.map(\.path) == ["$.author"])
    }

    @Test("A survey rule without source survey, and the reverse")
    func surveyWithoutSource() throws {
        let survey = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":5,"rule":{"kind":"survey"}}"#)))
        #expect(survey.map(\.path) == ["nodes[0].children[0].source"])
        #expect(survey.first?.code == "1.1")
        let reverse = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":5,"source":"survey","rule":{"kind":"scale"}}"#)))
        #expect(reverse.map(\.path) == ["nodes[0].children[0].source"])
    }

    @Test("A bad framework code", arguments: [#""PAR_District""#, #""par district""#, #""""#, #""đô-thị""#])
    func badFrameworkCode(code: String) throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale"}}"#), code: code))
        // The empty code is reported twice (empty, and not matching the pattern); both at "code".
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.path == "code" && $0.code == nil })
    }

    @Test("More than two decimals in max", arguments: ["1.255", "0.001", #""1,5""#, "-1", "0"])
    func badMax(max: String) throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":\#(max),"rule":{"kind":"scale"}}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0].max"])
        #expect(found.first?.code == "1.1")
    }

    @Test("Empty or missing nodes", arguments: [#""nodes":[]"#, #""nodes":{}"#])
    func emptyNodes(nodes: String) throws {
        let found = try issues(#"{"code":"par-test","version":"2026","title":"T",\#(nodes)}"#)
        #expect(found.map(\.path) == ["nodes"])
    }

    @Test("Missing nodes entirely")
    func missingNodes() throws {
        let found = try issues(#"{"code":"par-test","version":"2026","title":"T"}"#)
        #expect(found.map(\.path) == ["nodes"])
    }

    @Test("A parent with an empty children list")
    func emptyChildren() throws {
        let found = try issues(document(nodes: #"[{"code":"1","title":"A","children":[]}]"#))
        #expect(found.map(\.path) == ["nodes[0].children"])
    }

    @Test("A document that is not an object")
    func notAnObject() throws {
        let found = try issues("[1,2]")
        #expect(found.map(\.path) == ["$"])
        let error = #expect(throws: DomainError.self) { try FrameworkReader.read(try DocumentValue.parseJSON("[1,2]")) }
        #expect(error?.code == "invalid_framework")
    }

    @Test("Bands must descend and stay within 0…100")
    func bands() throws {
        let leaf = field1(#"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale"}}"#)
        let rising = try issues(document(nodes: leaf, extra: #","bands":[{"label":"A","atLeast":50},{"label":"B","atLeast":80}]"#))
        #expect(rising.map(\.path) == ["bands[1].atLeast"])
        let over = try issues(document(nodes: leaf, extra: #","bands":[{"label":"A","atLeast":120}]"#))
        #expect(over.map(\.path) == ["bands[0].atLeast"])
    }

    @Test("An unknown evidence value")
    func unknownEvidence() throws {
        let found = try issues(document(nodes: field1(#"{"code":"1.1","title":"A","max":1,"evidence":"maybe","rule":{"kind":"scale"}}"#)))
        #expect(found.map(\.path) == ["nodes[0].children[0].evidence"])
    }

    @Test("Several problems are all collected, in document order")
    func collectsAll() throws {
        let found = try issues(
            document(
                nodes: field1(
                    #"{"code":"1.1","title":"A","max":1,"rule":{"kind":"scale","step":0.3}}"#,
                    #"{"code":"2.2","title":"B","max":1,"rule":{"kind":"nope"}}"#
                )
            )
        )
        #expect(found.map(\.path) == ["nodes[0].children[0].rule.step", "nodes[0].children[1].code", "nodes[0].children[1].rule.kind"])
    }
}
