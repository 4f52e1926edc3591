import Foundation
import Testing

@testable import ParIndexCore

/// The shipped common-password list and the context words (SECURITY.md AU-4).
@Suite("Password list") struct PasswordListTests {
    static let listFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/ParIndexCore/Resources/common-passwords.txt")

    static func listed() throws -> [String] {
        try String(contentsOf: listFile, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    @Test("AU-4: the shipped list holds at least 3000 passwords and all of them are loaded")
    func listSize() throws {
        let file = try Self.listed()
        #expect(file.count >= 3000)
        #expect(PasswordPolicy.common.count >= file.count && PasswordPolicy.common.isSuperset(of: file))
    }

    @Test("AU-4: passwords from deep in the list are refused, whatever their case")
    func deepEntriesRefused() throws {
        let file = try Self.listed()
        for password in [file[3000], file[file.count - 1], file[file.count / 2].uppercased()] {
            let error = #expect(throws: DomainError.self) { try PasswordPolicy.check(password, username: "nguyenvana") }
            #expect(error?.code == "password_common", "\(password)")
        }
    }

    @Test(
        "AU-4: passwords made only of context words (organisation, programme, Hà Nội and its districts) are refused",
        arguments: ["Hà Nội@2026", "hanoi12345", "CCHC-parindex-1", "ParIndex2026!", "Cầu Giấy 123456", "Đống-Đa-2026", "thanhpho-hanoi"]
    )
    func contextWordsRefused(password: String) {
        let error = #expect(throws: DomainError.self) { try PasswordPolicy.check(password, username: "nguyenvana") }
        #expect(error?.code == "password_common")
    }

    @Test("AU-4: a passphrase that merely contains a context word passes", arguments: ["Hà Nội mùa thu vàng 2026", "Mật-khẩu-dài-2026"])
    func passphrasePasses(password: String) throws {
        try PasswordPolicy.check(password, username: "nguyenvana")
    }
}
