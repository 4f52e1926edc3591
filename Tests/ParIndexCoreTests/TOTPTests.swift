import Foundation
import Testing

@testable import ParIndexCore

/// The TOTP second factor for admins and reviewers (SECURITY.md AU: "TOTP second factor for admins
/// and reviewers"), checked against the RFCs' own test vectors so authenticator apps agree.
@Suite struct TOTPTests {
    static let rfcSecret = Array("12345678901234567890".utf8)

    @Test(
        "AU TOTP: RFC 4226 appendix D HOTP vectors (HMAC-SHA1 through swift-crypto)",
        arguments: Array(
            zip(
                Int64(0)...9,
                ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
            )
        )
    )
    func rfc4226(counter: Int64, expected: String) {
        #expect(TOTP.code(secret: Self.rfcSecret, step: counter) == expected)
    }

    @Test(
        "AU TOTP: RFC 6238 appendix B vectors (SHA-1, 8 digits)",
        arguments: [
            (59.0, "94287082"), (1_111_111_109.0, "07081804"), (1_111_111_111.0, "14050471"), (1_234_567_890.0, "89005924"),
            (2_000_000_000.0, "69279037"), (20_000_000_000.0, "65353130"),
        ]
    )
    func rfc6238(seconds: Double, expected: String) {
        let step = TOTP.step(at: Date(timeIntervalSince1970: seconds))
        #expect(TOTP.code(secret: Self.rfcSecret, step: step, digits: 8) == expected)
        // Six digits are the last six of the same number.
        #expect(TOTP.code(secret: Self.rfcSecret, step: step) == String(expected.suffix(6)))
    }

    @Test("AU TOTP: base32 per RFC 4648, round trip and lower case")
    func base32() {
        for (text, encoded) in [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ] {
            #expect(Base32.encode(Array(text.utf8)) == encoded)
            #expect(Base32.decode(encoded.lowercased()) == Array(text.utf8))
        }
        let secret = TOTP.newSecret()
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
        #expect(Base32.decode("MZ!W") == nil)
    }

    @Test("AU TOTP: codes are accepted within ±1 step only, and never twice (replay)")
    func windowAndReplay() {
        let secret = TOTP.newSecret()
        let now = Date(timeIntervalSince1970: 1_780_000_015)
        let step = TOTP.step(at: now)
        for offset: Int64 in [-1, 0, 1] {
            let code = TOTP.code(secret: secret, step: step + offset)
            #expect(TOTP.matchingStep(code, secret: secret, now: now, after: nil) == step + offset)
            // Once a step is used, it and every earlier one are refused.
            #expect(TOTP.matchingStep(code, secret: secret, now: now, after: step + offset) == nil)
        }
        for offset: Int64 in [-3, -2, 2, 3] {
            let code = TOTP.code(secret: secret, step: step + offset)
            // A far code could collide with a near one by chance (1 in a million); skip that case.
            let near = (-1...1).map { TOTP.code(secret: secret, step: step + Int64($0)) }
            if !near.contains(code) { #expect(TOTP.matchingStep(code, secret: secret, now: now, after: nil) == nil) }
        }
        #expect(TOTP.matchingStep("12345", secret: secret, now: now, after: nil) == nil)
        #expect(TOTP.matchingStep("１２３４５６", secret: secret, now: now, after: nil) == nil)
        let spaced = TOTP.code(secret: secret, step: step)
        #expect(TOTP.matchingStep(String(spaced.prefix(3)) + " " + spaced.dropFirst(3), secret: secret, now: now, after: nil) == step)
    }

    @Test("AU TOTP: the otpauth URI names the issuer, account and secret as apps expect")
    func uri() {
        let uri = TOTP.uri(secret: Array("12345678901234567890".utf8), account: "thamdinh1.1", issuer: "ParIndex")
        #expect(
            uri == "otpauth://totp/ParIndex%3Athamdinh1.1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ParIndex&algorithm=SHA1&digits=6&period=30"
        )
    }

    @Test("AU TOTP, AU inactivity, UP-6: production defaults are on (TOTP for admins and reviewers, 45 days, 200 files, 2 GiB)")
    func defaults() {
        let settings = SecuritySettings()
        #expect(settings.auth.totpRequired)
        #expect(settings.auth.totpRoles == [.admin, .reviewer])
        #expect(settings.auth.inactiveAfter == TimeInterval(45 * 86400))
        #expect(settings.quota.maxFilesPerAssessment == 200)
        #expect(settings.quota.maxBytesPerUnit == 2 * 1024 * 1024 * 1024)
    }
}
