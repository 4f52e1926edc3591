import Foundation

/// Vietnamese text rules: alphabetical order (a ă â b c d đ e ê …) and diacritic-folding search.
public enum VietnameseText {
    private static let locale = Locale(identifier: "vi_VN")

    /// Whether `a` sorts before `b` in Vietnamese order. Foundation's locale-aware compare gets
    /// đ after d and ă/â after a right on Linux, where plain `<` does not.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive], range: nil, locale: locale) == .orderedAscending
    }

    /// Lower case, no diacritics, `đ` → `d`: "Đống Đa" and "dong da" match.
    public static func fold(_ text: String) -> String {
        text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: locale)
    }
}
