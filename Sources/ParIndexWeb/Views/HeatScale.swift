import Foundation

/// The heat map's colour scale: light for a low sub-index, dark for a high one, in five steps of the
/// whole number the cell shows (so a cell showing 60 is never shaded as "below 60"). Each step's text
/// colour is whichever of ink and white contrasts more with its background. `Public/css/app.css`
/// holds `cssRule` of every step; a test checks that the two agree and that every pair reaches
/// WCAG AA (4.5:1).
enum HeatScale {
    struct Step: Sendable {
        var cssClass: String
        /// The lowest whole index in the step; the step runs to the next step's lowest minus one.
        var lowest: Int
        var highest: Int
        var background: Colour

        var text: Colour {
            background.contrast(with: .ink) >= background.contrast(with: .white) ? .ink : .white
        }

        /// `.heat-h0 { background: #eef3f9; color: #1b1f24; }`
        var cssRule: String { ".\(cssClass) { background: \(background.hex); color: \(text.hex); }" }

        /// `dưới 60`, `60–69`, `90–100`.
        func range(below: String) -> String {
            lowest == 0 ? "\(below) \(highest + 1)" : "\(lowest)–\(highest)"
        }
    }

    static let steps: [Step] = [
        Step(cssClass: "heat-h0", lowest: 0, highest: 59, background: Colour(0xEE, 0xF3, 0xF9)),
        Step(cssClass: "heat-h1", lowest: 60, highest: 69, background: Colour(0xC7, 0xD8, 0xEA)),
        Step(cssClass: "heat-h2", lowest: 70, highest: 79, background: Colour(0x8F, 0xB3, 0xD9)),
        Step(cssClass: "heat-h3", lowest: 80, highest: 89, background: Colour(0x2F, 0x6A, 0xA8)),
        Step(cssClass: "heat-h4", lowest: 90, highest: 100, background: Colour(0x0B, 0x3F, 0x70)),
    ]

    /// A field with no sub-index (nothing applicable in it).
    static let none = Step(cssClass: "heat-none", lowest: 0, highest: 0, background: Colour(0xEC, 0xEF, 0xF3))

    /// The step of a whole index; below 0 or above 100 fall in the end steps.
    static func step(_ whole: Int) -> Step {
        steps.last { $0.lowest <= whole } ?? steps[0]
    }
}

/// An sRGB colour, with the relative luminance and contrast ratio of WCAG 2.x.
struct Colour: Equatable, Sendable {
    var red: Int
    var green: Int
    var blue: Int

    init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The page's ink (`--ink` in app.css) and white.
    static let ink = Colour(0x1B, 0x1F, 0x24)
    static let white = Colour(0xFF, 0xFF, 0xFF)

    var hex: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    var luminance: Double {
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// (lighter + 0.05) / (darker + 0.05): 1 for the same colour, 21 for black on white.
    func contrast(with other: Colour) -> Double {
        let (a, b) = (luminance, other.luminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
}
