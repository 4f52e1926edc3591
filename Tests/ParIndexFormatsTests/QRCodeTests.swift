import Foundation
import ParIndexFormats
import Testing

/// The enrolment QR code read back by an independent decoder (zbarimg, from Debian's zbar-tools,
/// which scripts/setup installs): what the authenticator app scans must be exactly the URI.
@Suite struct QRCodeTests {
    @Test func anEnrolmentURIReadsBackExactly() throws {
        let uri = "otpauth://totp/ParIndex:reviewer.noi-vu?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ParIndex&algorithm=SHA1&digits=6&period=30"
        let code = try QRCode(uri)
        #expect(code.size >= 21 && (code.size - 21) % 4 == 0)
        #expect(code.modules.count == code.size * code.size)
        #expect(try decoded(code) == uri)
    }

    @Test func differentTextsGiveDifferentCodes() throws {
        #expect(try QRCode("otpauth://totp/a") != QRCode("otpauth://totp/b"))
    }

    /// The code as a plain PBM picture (4 pixels a module, the 4-module quiet zone scanners need),
    /// decoded by `zbarimg --raw`.
    private func decoded(_ code: QRCode) throws -> String {
        let scale = 4
        let quiet = 4
        let side = (code.size + 2 * quiet) * scale
        var picture = "P1\n\(side) \(side)\n"
        for y in 0..<side {
            let row = (0..<side).map { x -> Character in
                let (r, c) = (y / scale - quiet, x / scale - quiet)
                let inside = r >= 0 && c >= 0 && r < code.size && c < code.size
                return inside && code.isDark(row: r, column: c) ? "1" : "0"
            }
            picture += String(row) + "\n"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pbm")
        try picture.write(to: file, atomically: true, encoding: .ascii)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--raw", "-q", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zbarimg found no QR code")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}
