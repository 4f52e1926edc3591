/// Re-authentication before a step that cannot be taken back (SECURITY.md AC-9, ASVS 5.0 7.5.3):
/// the signed-in admin types their password again before the rankings are published. A stolen,
/// still-open session alone can then not publish.
extension AuthService {
    public func confirmPassword(username: String, password: String) async throws {
        guard !password.isEmpty, password.count <= PasswordPolicy.maxLength else { throw Self.confirmationFailed }
        let user = try await services.repository.read { db in try db.user(username) }
        // Verified even when the account is gone, so the answer takes the same time either way.
        let valid = services.passwords.verify(password, against: user?.passwordHash ?? Self.dummyHash(services.passwords))
        guard let user, valid, !user.disabled else { throw Self.confirmationFailed }
    }

    static let confirmationFailed = DomainError.invalid(
        "reauthentication_failed",
        "Mật khẩu xác nhận không đúng; chưa thực hiện thao tác.",
        details: ["field": .string("password")]
    )
}
