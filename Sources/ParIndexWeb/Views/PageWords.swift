import Hummingbird
import ParIndexCore

/// A unit's or a reviewer's page language: its words and number formats (one type for both, so an
/// entry reads the same to the unit that made it and the reviewer who checks it).
struct PageWords {
    let language: Language

    init(_ request: Request) { language = PageRenderer.language(request) }

    init(_ language: Language) { self.language = language }

    subscript(_ key: String) -> String { language.strings[key] ?? key }

    /// `88,54` in Vietnamese, `88.54` in English.
    func points(_ p: Points) -> String { language == .vi ? p.vietnamese : p.fixed2 }

    /// The value to put back into an input: `0,25` / `0.25`.
    func input(_ p: Points) -> String { language == .vi ? p.description.replacingOccurrences(of: ".", with: ",") : p.description }

    /// `110.148` / `110,148`.
    func count(_ n: Int) -> String { (n < 0 ? "-" : "") + groupThousands(UInt(n.magnitude), separator: language == .vi ? "." : ",") }

    func phase(_ phase: Phase) -> String { language == .vi ? phase.vietnamese : Self.englishPhases[phase] ?? phase.rawValue }

    static let englishPhases: [Phase: String] = [
        .setup: "Setup", .selfAssessment: "Self-assessment", .appraisal: "Appraisal", .explanation: "Explanation",
        .finalReview: "Final review", .published: "Published",
    ]

    /// `512 B`, `12,3 KB`, `4,0 MB`.
    func bytes(_ size: Int64) -> String {
        let comma = language == .vi ? "," : "."
        func tenths(_ value: Int64, _ unit: Int64) -> String {
            let t = (value * 10 + unit / 2) / unit
            return "\(count(Int(t / 10)))\(comma)\(t % 10)"
        }
        if size < 1024 { return "\(size) B" }
        if size < 1024 * 1024 { return "\(tenths(size, 1024)) KB" }
        return "\(tenths(size, 1024 * 1024)) MB"
    }

    /// "Đúng hạn (1,00)", "Hoàn thành: 9 / Tổng: 10 (90,00%)", "1,50".
    func describe(_ entry: Entry, rule: Rule) -> String {
        switch (entry, rule) {
        case (.choice(let index), .choice(let options)) where options.indices.contains(index):
            return "\(options[index].label) (\(points(options[index].points)))"
        case (.ratio(let n, let d), .ratioTiers(let numerator, let denominator, _)),
            (.ratio(let n, let d), .ratioLinear(let numerator, let denominator)):
            let percent = d > 0 ? " (\(points(Points(hundredths: (20_000 * n + d) / (2 * d))))%)" : ""
            return "\(numerator): \(count(n)) / \(denominator): \(count(d))\(percent)"
        case (.points(let p), _):
            return points(p)
        case (.choice(let index), _):
            return "#\(index)"
        case (.ratio(let n, let d), _):
            return "\(n)/\(d)"
        }
    }
}
