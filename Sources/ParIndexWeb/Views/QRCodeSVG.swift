import ParIndexFormats

/// A QR code as inline SVG: one path of unit squares on a white field with the 4-module quiet zone
/// scanners need. Inline, so the strict CSP needs no image source, and sharp at any zoom.
enum QRCodeSVG {
    /// `label` is read by screen readers; it is escaped here because the template inserts the SVG raw.
    static func svg(_ code: QRCode, label: String) -> String {
        let quiet = 4
        let side = code.size + 2 * quiet
        var path = ""
        for row in 0..<code.size {
            for column in 0..<code.size where code.isDark(row: row, column: column) {
                path += "M\(column + quiet) \(row + quiet)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * 5)" height="\(side * 5)" \
            role="img" aria-label="\(PageRenderer.escape(label))" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
