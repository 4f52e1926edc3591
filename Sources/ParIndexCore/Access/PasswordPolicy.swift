import Foundation

/// Password rules (SECURITY.md AU-1…AU-4): at least 8 characters, at most 128 (never truncated),
/// not a commonly used password, not the username, not made only of context words.
public enum PasswordPolicy {
    public static let minLength = 8
    public static let maxLength = 128

    /// The passwords most often seen in breaches (`Resources/common-passwords.txt`, ~11 600 entries
    /// of 8+ characters from zxcvbn), plus Vietnamese favourites. Loaded once, on first use.
    static let common: Set<String> = {
        let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt")
        let text = url.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
        let listed = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        return Set(listed).union(vietnamese)
    }()

    static let vietnamese: Set<String> = [
        "12345678", "123456789", "1234567890", "password", "password1", "password123", "qwertyuiop", "qwerty123",
        "11111111", "00000000", "88888888", "66666666", "abcd1234", "abc12345", "iloveyou", "admin123", "admin1234",
        "administrator", "welcome1", "letmein1", "sunshine", "princess", "football", "baseball", "1q2w3e4r",
        "1qaz2wsx", "zaq12wsx", "matkhau", "matkhau123", "matkhau1", "12345678a", "a12345678", "123456aa", "anhyeuem",
        "emyeuanh", "vietnam1", "vietnam123", "hanoi123", "123123123", "987654321", "passw0rd", "p@ssw0rd",
        "changeme", "changeme1", "parindex", "cchc1234",
    ]

    /// Words of this deployment (organisation, programme, city and its districts, big cities), compared
    /// without case, accents or non-letters: a password whose letters are only these words (plus up
    /// to 3 others), such as "Hà Nội@2026" or "CCHC-parindex-1", is refused whatever its digits.
    static let contextWords: [String] = [
        "parindex", "cchc", "ubnd", "uybannhandan", "thanhpho", "sonoivu", "hanoi", "thudo", "vietnam",
        "haiphong", "danang", "hochiminh", "saigon", "cantho", "badinh", "hoankiem", "tayho", "longbien", "caugiay", "dongda",
        "haibatrung", "hoangmai", "thanhxuan", "namtuliem", "bactuliem", "tuliem", "hadong", "sontay", "bavi", "chuongmy",
        "danphuong", "donganh", "gialam", "hoaiduc", "melinh", "myduc", "phuxuyen", "phuctho", "quocoai", "socson",
        "thachthat", "thanhoai", "thanhtri", "thuongtin", "unghoa",
    ].sorted { $0.count > $1.count }  // longest first, so "namtuliem" goes before "tuliem"

    /// Lower-case ASCII letters only: accents dropped, "đ" read as "d".
    static func letters(_ text: String) -> String {
        let folded = text.lowercased().replacingOccurrences(of: "đ", with: "d").folding(options: .diacriticInsensitive, locale: nil)
        return String(folded.unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init))
    }

    static func isOnlyContextWords(_ password: String) -> Bool {
        var rest = letters(password)
        guard !rest.isEmpty else { return false }
        for word in contextWords { rest = rest.replacingOccurrences(of: word, with: "") }
        return rest.count <= 3 && letters(password).count > rest.count
    }

    public static func check(_ password: String, username: String) throws(DomainError) {
        let length = password.count
        guard length >= minLength else {
            throw .invalid("password_too_short", "Mật khẩu phải có ít nhất \(minLength) ký tự.")
        }
        guard length <= maxLength else {
            throw .invalid("password_too_long", "Mật khẩu không được dài quá \(maxLength) ký tự.")
        }
        let lowered = password.lowercased()
        guard !common.contains(lowered), lowered != username.lowercased(), !isOnlyContextWords(password) else {
            throw .invalid("password_common", "Mật khẩu này quá phổ biến hoặc trùng tên đăng nhập; hãy chọn mật khẩu khác.")
        }
    }
}
