import ParIndexCore

/// Charts drawn as SVG on the server: no script, readable by screen readers (title and text), and
/// printable. Colours come from CSS classes so the page's CSP needs no inline style.
enum Charts {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Horizontal bars, one per unit in rank order, scaled 0–100.
    static func rankingBars(_ rows: [(label: String, index: Points)], title: String) -> String {
        let rowHeight = 22
        let labelWidth = 260
        let barWidth = 420
        let height = rows.count * rowHeight + 10
        var svg =
            "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(labelWidth + barWidth + 70) \(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (i, row) in rows.enumerated() {
            let y = i * rowHeight + 5
            let width = max(0, min(barWidth, barWidth * row.index.hundredths / 10_000))
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"label\">\(escape(row.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" class=\"bar\"/>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 15)\" class=\"value\">\(row.index.vietnamese)</text>"
        }
        return svg + "</svg>"
    }

    /// Units × fields, each cell shaded by its sub-index in five steps (CSS classes h0…h4).
    static func heatMap(units: [String], fields: [String], values: [[Points?]], title: String) -> String {
        let cell = 44
        let labelWidth = 260
        let top = 24
        let width = labelWidth + fields.count * cell
        let height = top + units.count * (cell / 2) + 4
        var svg =
            "<svg class=\"heatmap\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (j, field) in fields.enumerated() {
            svg += "<text x=\"\(labelWidth + j * cell + cell / 2)\" y=\"16\" text-anchor=\"middle\" class=\"label\">\(escape(field))</text>"
        }
        for (i, unit) in units.enumerated() {
            let y = top + i * (cell / 2)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"label\">\(escape(unit))</text>"
            for (j, value) in values[i].enumerated() {
                let step = value.map { min(4, max(0, ($0.hundredths - 5_000) / 1_250)) }
                svg +=
                    "<rect x=\"\(labelWidth + j * cell + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell / 2 - 2)\" class=\"\(step.map { "h\($0)" } ?? "hn")\">"
                svg += "<title>\(escape(unit)) · \(escape(fields[j])): \(value?.vietnamese ?? "—")</title></rect>"
                svg +=
                    "<text x=\"\(labelWidth + j * cell + cell / 2)\" y=\"\(y + 15)\" text-anchor=\"middle\" class=\"cell\">\(value.map { String($0.hundredths / 100) } ?? "—")</text>"
            }
        }
        return svg + "</svg>"
    }
}
