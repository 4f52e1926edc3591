import Foundation
import ParIndexCore

/// `/admin/cycles/new`: code, name, year, framework, units by block, deadlines. The units ticked
/// are those of the blocks the chosen framework is for (`FrameworkBlocks`); with JavaScript the
/// ticks follow the framework as it is changed (each block's `data-frameworks`, `admin.js`).
struct AdminNewCyclePage: PageModel {
    static let template = "admin-cycle-new"
    static let styles = ["admin"]
    static let scripts = ["admin"]

    struct Framework {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Box {
        var id: String
        var code: String
        var name: String
        var checked: Bool
    }

    struct Group {
        var code: String
        var name: String
        /// The codes of the frameworks for this block, separated by spaces.
        var frameworks: String
        var units: [Box]
    }

    let nav = AdminNav()
    var action = SiteURL.createCycle.path
    var code: String
    var name: String
    var year: String
    var frameworks: [Framework]
    var hasFrameworks: Bool
    var blocks: [Group]
    var hasUnits: Bool
    var selfAssessment: String
    var appraisal: String
    var explanation: String
    var finalReview: String
    var error: FormMessage?

    /// `typed`: the refused form, given back as it was sent; nil for a fresh form, whose
    /// framework comes from `?framework=` when given.
    init(
        typed: NewCycleForm?,
        asked: String?,
        frameworks stored: [(code: String, version: String, sha256: String)],
        blocks: [Block],
        units: [ParIndexCore.Unit],
        frameworkBlocks: FrameworkBlocks,
        now: Date,
        error: DomainError?
    ) {
        let fresh = typed == nil
        let options = stored.sorted { ($0.code, $0.version) < ($1.code, $1.version) }
        let values = Set(options.map { "\($0.code)|\($0.version)" })
        let chosen = fresh ? asked.flatMap { values.contains($0) ? $0 : nil } : typed?.framework
        let chosenCode = chosen?.split(separator: "|", maxSplits: 1).first.map(String.init)
        let ticked: (ParIndexCore.Unit) -> Bool
        if !fresh {
            let typedUnits = Set(typed?.units ?? [])
            ticked = { typedUnits.contains($0.code) }
        } else if let chosenCode {
            let forBlocks = frameworkBlocks.blocks(for: chosenCode)
            ticked = { forBlocks.contains($0.blockCode) }
        } else {
            ticked = { _ in false }
        }
        frameworks = options.map { fw in
            let value = "\(fw.code)|\(fw.version)"
            return Framework(value: value, label: "\(fw.code) — \(fw.version)", selected: value == chosen)
        }
        hasFrameworks = !frameworks.isEmpty
        let codes = Array(Set(options.map(\.code))).sorted()
        self.blocks = blocks.sorted { VietnameseText.precedes($0.name, $1.name) }.compactMap { block in
            let members = units.filter { $0.blockCode == block.code }.sorted { VietnameseText.precedes($0.name, $1.name) }
            guard !members.isEmpty else { return nil }
            return Group(
                code: block.code,
                name: block.name,
                frameworks: codes.filter { frameworkBlocks.blocks(for: $0).contains(block.code) }.joined(separator: " "),
                units: members.map { Box(id: "cu-\($0.code)", code: $0.code, name: $0.name, checked: ticked($0)) }
            )
        }
        hasUnits = !self.blocks.isEmpty
        let year = Int(Timestamp.vietnamese(now, withTime: false).suffix(4)) ?? 2026
        func deadline(_ typed: String?, days: Double) -> String {
            typed ?? VietnamTime.input(AdminNewCyclePage.endOfDay(now + days * 86400))
        }
        code = typed?.code ?? ""
        name = typed?.name ?? ""
        self.year = typed?.year ?? String(year)
        selfAssessment = deadline(typed?.selfAssessment, days: 30)
        appraisal = deadline(typed?.appraisal, days: 60)
        explanation = deadline(typed?.explanation, days: 75)
        finalReview = deadline(typed?.finalReview, days: 90)
        self.error = error.map { FormMessage(message: $0.message) }
    }

    /// 17:00 Vietnam time on the day of `date`, the usual close of business for a deadline.
    static func endOfDay(_ date: Date) -> Date {
        let local = date.addingTimeInterval(VietnamTime.offset)
        let day = floor(local.timeIntervalSince1970 / 86400) * 86400
        return Date(timeIntervalSince1970: day + 17 * 3600 - VietnamTime.offset)
    }
}

/// The blocks each framework is for, learnt from the cycles that used it: a framework is written
/// for one kind of unit (departments, districts, communes…), and the units a cycle ranked under it
/// say which. A framework no cycle has used yet is taken to be for every block.
struct FrameworkBlocks {
    private let used: [String: Set<String>]
    private let all: Set<String>

    /// `cycles`: each cycle's framework code and the blocks of the units it took part with.
    init(cycles: [(frameworkCode: String, blocks: Set<String>)], allBlocks: Set<String>) {
        var used: [String: Set<String>] = [:]
        for cycle in cycles { used[cycle.frameworkCode, default: []].formUnion(cycle.blocks) }
        self.used = used
        all = allBlocks
    }

    func blocks(for frameworkCode: String) -> Set<String> {
        guard let blocks = used[frameworkCode], !blocks.isEmpty else { return all }
        return blocks
    }
}
