import Foundation
import ParIndexCore
import Testing

@testable import ParIndexWeb

/// The results page's charts: the heat map's headings, key, rounding and colours, and the bars.
@Suite struct ChartsTests {
    static let words = Language.vi.strings
    static let fields = [
        Charts.Field(code: "LV1", title: "Công tác chỉ đạo, điều hành"),
        Charts.Field(code: "LV2", title: "Cải cách thủ tục hành chính"),
    ]

    static func heatMap(_ values: [[Points?]]) -> String {
        Charts.heatMap(
            units: values.indices.map { "Đơn vị \($0 + 1)" },
            fields: fields,
            values: values,
            title: "Chỉ số thành phần",
            words: words
        )
    }

    /// The cells' texts, in order.
    static func cells(_ html: String) -> [String] {
        html.split(separator: "<td class=\"").dropFirst().map { cell in
            String(cell.split(separator: ">", maxSplits: 1)[1].prefix { $0 != "<" })
        }
    }

    @Test("every column names its field by code and title, and a key lists every field's title")
    func columnTitles() {
        let html = Self.heatMap([[Points(hundredths: 8_000), nil]])
        for field in Self.fields {
            #expect(html.contains("<abbr title=\"\(field.title)\">\(field.code)</abbr><span class=\"visually-hidden\"> \(field.title)</span>"))
            #expect(html.contains("<dt>\(field.code)</dt><dd>\(field.title)</dd>"))
        }
        #expect(html.contains("<th scope=\"col\">Đơn vị</th>"))
        #expect(html.contains("<th scope=\"row\">Đơn vị 1</th>"))
        #expect(html.contains("role=\"region\" aria-label=\"Chỉ số thành phần\" tabindex=\"0\""))
    }

    @Test("the colour key says what dark means and the range of every step, and the mark of a field without index")
    func colourLegend() throws {
        let html = Self.heatMap([[Points(hundredths: 8_000), nil]])
        #expect(html.contains(try #require(Self.words["results.heat.scale"])))
        #expect(Self.words["results.heat.scale"]?.contains("càng đậm, chỉ số càng cao") == true)
        let ranges = ["dưới 60", "60–69", "70–79", "80–89", "90–100"]
        for (step, range) in zip(HeatScale.steps, ranges) {
            #expect(html.contains("<li class=\"\(step.cssClass)\">\(range)</li>"))
        }
        #expect(html.contains("<li class=\"heat-none\">— không có chỉ số</li>"))
        // The steps cover 0…100 without gap or overlap.
        #expect(HeatScale.steps.first?.lowest == 0 && HeatScale.steps.last?.highest == 100)
        for (lower, upper) in zip(HeatScale.steps, HeatScale.steps.dropFirst()) {
            #expect(upper.lowest == lower.highest + 1)
        }
    }

    @Test(
        "cells show the index rounded half-up to a whole number and are shaded by that number",
        arguments: [
            (1_234, "12", "heat-h0"), (1_249, "12", "heat-h0"), (1_250, "13", "heat-h0"), (1_299, "13", "heat-h0"),
            (5_949, "59", "heat-h0"), (5_950, "60", "heat-h1"), (6_999, "70", "heat-h2"), (8_949, "89", "heat-h3"),
            (8_950, "90", "heat-h4"), (9_950, "100", "heat-h4"), (10_000, "100", "heat-h4"), (0, "0", "heat-h0"),
            (49, "0", "heat-h0"), (50, "1", "heat-h0"),
        ]
    )
    func halfUp(hundredths: Int, shown: String, step: String) {
        let html = Self.heatMap([[Points(hundredths: hundredths), nil]])
        #expect(Self.cells(html) == [shown, "—"])
        #expect(html.contains("<td class=\"num \(step)\">\(shown)</td>"))
        #expect(html.contains("<td class=\"num heat-none\">—</td>"))
    }

    @Test("Points.wholeRoundedHalfUp: ties go away from zero, everything else to the nearest whole")
    func wholeRounding() {
        let cases = [(1_234, 12), (1_250, 13), (1_251, 13), (-1_250, -13), (-1_249, -12), (99, 1), (-1, 0), (12_345, 123)]
        for (hundredths, whole) in cases {
            #expect(Points(hundredths: hundredths).wholeRoundedHalfUp == whole, "\(hundredths)")
        }
    }

    @Test("the contrast formula matches WCAG's reference values")
    func contrastFormula() {
        #expect(abs(Colour(0, 0, 0).contrast(with: .white) - 21) < 0.001)
        #expect(Colour.white.contrast(with: .white) == 1)
        // #767676 on white is the lightest grey that passes AA: 4.54:1.
        #expect(abs(Colour(0x76, 0x76, 0x76).contrast(with: .white) - 4.54) < 0.01)
        #expect(Colour(0x0B, 0x3F, 0x70).hex == "#0b3f70")
    }

    @Test("every colour the scale can produce has text at WCAG AA contrast (≥ 4.5:1), dark cells with white text")
    func contrast() {
        var measured: [String: Double] = [:]
        for step in HeatScale.steps + [HeatScale.none] {
            let ratio = step.background.contrast(with: step.text)
            measured[step.cssClass] = ratio
            #expect(ratio >= 4.5, "\(step.cssClass): \(step.background.hex) on \(step.text.hex) is \(ratio)")
        }
        // Every whole index 0…100 lands in one of those steps.
        for whole in 0...100 {
            let step = HeatScale.step(whole)
            #expect(step.lowest <= whole && whole <= step.highest)
        }
        #expect(HeatScale.steps.first?.text == .ink)
        #expect(HeatScale.steps.last?.text == .white)
        print("heat map contrast:", measured.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value))" })
    }

    @Test("the stylesheet gives every step exactly the colours the scale was checked with")
    func stylesheetAgrees() throws {
        let css = try String(contentsOf: packageRoot.appendingPathComponent("Public/css/app.css"), encoding: .utf8)
        for step in HeatScale.steps + [HeatScale.none] {
            #expect(css.contains(step.cssRule), "app.css lacks \(step.cssRule)")
        }
    }

    @Test("ranking bars: one row per unit with its name and index in text, the bar's width the index")
    func rankingBars() {
        let html = Charts.rankingBars([("Sở <Nội vụ>", Points(hundredths: 8_754)), ("Sở Tư pháp", Points(hundredths: 10_000))], title: "Xếp hạng")
        #expect(html.hasPrefix("<ol class=\"bars\" aria-label=\"Xếp hạng\">"))
        #expect(html.contains("<span class=\"bar-label\">Sở &lt;Nội vụ&gt;</span><span class=\"bar-value num\">87,54</span>"))
        #expect(html.contains("<rect width=\"8754\" height=\"10\" class=\"bar\"/>"))
        #expect(html.contains("<rect width=\"10000\" height=\"10\" class=\"bar\"/>"))
        #expect(html.components(separatedBy: "<li>").count == 3)
    }
}
