/// Password rules (SECURITY.md AU-1…AU-3): at least 8 characters, at most 128 (never truncated),
/// not a commonly used password, not the username.
public enum PasswordPolicy {
    public static let minLength = 8
    public static let maxLength = 128

    /// A short list of the passwords most often seen in breaches, plus Vietnamese favourites.
    static let common: Set<String> = [
        "12345678", "123456789", "1234567890", "password", "password1", "password123", "qwertyuiop", "qwerty123",
        "11111111", "00000000", "88888888", "66666666", "abcd1234", "abc12345", "iloveyou", "admin123", "admin1234",
        "administrator", "welcome1", "letmein1", "sunshine", "princess", "football", "baseball", "1q2w3e4r",
        "1qaz2wsx", "zaq12wsx", "matkhau", "matkhau123", "matkhau1", "12345678a", "a12345678", "123456aa", "anhyeuem",
        "emyeuanh", "vietnam1", "vietnam123", "hanoi123", "123123123", "987654321", "passw0rd", "p@ssw0rd",
        "changeme", "changeme1", "parindex", "cchc1234",
    ]

    public static func check(_ password: String, username: String) throws(DomainError) {
        let length = password.count
        guard length >= minLength else {
            throw .invalid("password_too_short", "Mật khẩu phải có ít nhất \(minLength) ký tự.")
        }
        guard length <= maxLength else {
            throw .invalid("password_too_long", "Mật khẩu không được dài quá \(maxLength) ký tự.")
        }
        let lowered = password.lowercased()
        guard !common.contains(lowered), lowered != username.lowercased() else {
            throw .invalid("password_common", "Mật khẩu này quá phổ biến hoặc trùng tên đăng nhập; hãy chọn mật khẩu khác.")
        }
    }
}
