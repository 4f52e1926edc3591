import Foundation
import ParIndexCore

/// One e-mail as RFC 5322 text, ready for a `sendmail` interface: UTF-8 throughout, the subject
/// as RFC 2047 encoded words, the body as UTF-8 in base64 (RFC 2045), so Vietnamese arrives intact
/// through any relay, 7-bit ones included. Lines end in LF, as `sendmail` programs read them; they
/// write CRLF on the wire.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    /// The sender's name shown beside the address.
    public var fromName: String
    public var to: String
    public var subject: String
    public var body: String
    public var date: Date
    public var messageID: String

    public init(from: String, fromName: String = "ParIndex", to: String, subject: String, body: String, date: Date, messageID: String? = nil) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID ?? "\(UUID().uuidString.lowercased())@\(EmailAddress.domain(from))"
    }

    /// The message text. Addresses must have passed `EmailAddress.isValid` (no line breaks can
    /// reach a header); the subject and name are encoded, so whatever they hold stays in them.
    public var text: String {
        var lines = [
            "From: \(Self.encodedWords(fromName)) <\(from)>",
            "To: \(to)",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            // RFC 3834: out-of-office replies and the like are not sent back to a robot.
            "Auto-Submitted: auto-generated",
            "",
        ]
        let normalized = body.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
        lines.append(Data(normalized.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Plain printable ASCII stays as it is; anything else becomes `=?UTF-8?B?…?=` words split
    /// between characters, one per line: RFC 2047 §2 allows 75 characters a word and 76 a line.
    static func encodedWords(_ text: String) -> String {
        let text = text.precomposedStringWithCanonicalMapping
        if text.unicodeScalars.allSatisfy({ (0x20..<0x7F).contains($0.value) }), !text.contains("=?") { return text }
        // 39 bytes make 52 base64 characters, 64 with `=?UTF-8?B?` and `?=`: the first line,
        // after `Subject: `, is 73 long.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\n ")
    }

    /// `Thu, 03 Dec 2026 10:49:19 +0000` (RFC 5322 §3.3), in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
