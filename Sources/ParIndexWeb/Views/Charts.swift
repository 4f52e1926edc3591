import ParIndexCore

/// Charts drawn on the server: no script, readable by screen readers, printable, and readable from
/// 375 px. Text stays HTML (it wraps and keeps its size at any width); only the bars are SVG, which
/// scales with its row. Colours come from CSS classes so the page's CSP needs no inline style.
enum Charts {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Horizontal bars, one per unit in rank order, scaled 0–100: a list whose rows put the name and
    /// the index beside the bar on wide screens and the bar under them on narrow ones.
    static func rankingBars(_ rows: [(label: String, index: Points)], title: String) -> String {
        var html = "<ol class=\"bars\" aria-label=\"\(escape(title))\">"
        for row in rows {
            // The viewBox is 0–10 000 hundredths wide, so the bar's width is the index itself.
            let width = max(0, min(10_000, row.index.hundredths))
            html +=
                "<li><span class=\"bar-label\">\(escape(row.label))</span><span class=\"bar-value num\">\(row.index.vietnamese)</span>"
            html +=
                "<svg class=\"bar-track\" viewBox=\"0 0 10000 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"10000\" height=\"10\" class=\"track\"/><rect width=\"\(width)\" height=\"10\" class=\"bar\"/></svg></li>"
        }
        return html + "</ol>"
    }

    /// A field a heat map's column stands for.
    struct Field {
        var code: String
        var title: String
    }

    /// Units × fields as a table, each cell shaded by its sub-index (`HeatScale`) and showing it as a
    /// whole number, rounded half-up. Columns are headed by the field's code (its title read out to
    /// screen readers); a key under the table names every field and the colour scale. The table
    /// scrolls inside its own labelled box when it is wider than the screen.
    static func heatMap(units: [String], fields: [Field], values: [[Points?]], title: String, words: [String: String]) -> String {
        var html =
            "<div class=\"table-wrap heatmap-wrap\" role=\"region\" aria-label=\"\(escape(title))\" tabindex=\"0\"><table class=\"heatmap\"><caption class=\"visually-hidden\">\(escape(title))</caption>"
        html += "<thead><tr><th scope=\"col\">\(escape(words["results.unit"] ?? ""))</th>"
        for field in fields {
            html +=
                "<th scope=\"col\" class=\"num\"><abbr title=\"\(escape(field.title))\">\(escape(field.code))</abbr><span class=\"visually-hidden\"> \(escape(field.title))</span></th>"
        }
        html += "</tr></thead><tbody>"
        for (unit, row) in zip(units, values) {
            html += "<tr><th scope=\"row\">\(escape(unit))</th>"
            for value in row {
                if let value {
                    let whole = value.wholeRoundedHalfUp
                    html += "<td class=\"num \(HeatScale.step(whole).cssClass)\">\(whole)</td>"
                } else {
                    html += "<td class=\"num \(HeatScale.none.cssClass)\">—</td>"
                }
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        return html + heatMapKey(fields, words: words)
    }

    /// The colour scale with each step's range, and the field codes with their titles.
    static func heatMapKey(_ fields: [Field], words: [String: String]) -> String {
        var html = "<div class=\"heatmap-key\"><p>\(escape(words["results.heat.scale"] ?? ""))</p><ul class=\"heat-scale\">"
        for step in HeatScale.steps {
            html += "<li class=\"\(step.cssClass)\">\(escape(step.range(below: words["results.heat.below"] ?? "")))</li>"
        }
        html += "<li class=\"\(HeatScale.none.cssClass)\">\(escape(words["results.heat.none"] ?? ""))</li></ul>"
        html += "<p class=\"heat-fields-title\">\(escape(words["results.heat.fields"] ?? ""))</p><dl class=\"heat-fields\">"
        for field in fields {
            html += "<dt>\(escape(field.code))</dt><dd>\(escape(field.title))</dd>"
        }
        return html + "</dl></div>"
    }
}
