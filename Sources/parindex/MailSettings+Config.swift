import Configuration
import Foundation
import ParIndexCore
import ParIndexMail

/// `mail.*`: mail is on when `mail.host` is set; `mail.from` is then required too. Anything wrong
/// here turns mail off with a reason, which `serve` logs and the admin's mail page shows: the
/// server still starts, with notifications in the application only.
struct MailConfiguration {
    var settings: MailSettings?
    var siteURL: String?
    var problem: String?

    init() {}

    init(reading reader: ConfigReader) {
        siteURL = reader.string(forKey: "mail.siteURL").flatMap { $0.isEmpty ? nil : $0 }
        let host = reader.string(forKey: "mail.host", default: "")
        guard !host.isEmpty else { return }
        let from = reader.string(forKey: "mail.from", default: "")
        guard EmailAddress.isValid(from) else {
            problem = "mail.host đã đặt nhưng mail.from (\"\(from)\") không phải địa chỉ thư hợp lệ: chưa gửi thư."
            return
        }
        let tlsText = reader.string(forKey: "mail.tls", default: MailSettings.TLS.starttls.rawValue)
        guard let tls = MailSettings.TLS(rawValue: tlsText) else {
            problem = "mail.tls phải là off, starttls hoặc on (đang là \"\(tlsText)\"): chưa gửi thư."
            return
        }
        var settings = MailSettings(host: host, from: from)
        settings.port = reader.int(forKey: "mail.port", default: 25)
        settings.tls = tls
        settings.sendmail = reader.string(forKey: "mail.sendmail", default: settings.sendmail)
        settings.user = reader.string(forKey: "mail.user").flatMap { $0.isEmpty ? nil : $0 }
        settings.timeoutSeconds = reader.int(forKey: "mail.timeoutSeconds", default: 30)
        self.settings = settings
    }

    /// One line for the admin page and the log: where mail goes and through what.
    var summary: String {
        guard let settings else { return "" }
        return "\(settings.sendmail) tới \(settings.host):\(settings.port) (TLS: \(settings.tls.rawValue)), gửi từ \(settings.from)"
    }
}
