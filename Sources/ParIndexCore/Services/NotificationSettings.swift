import Foundation

/// How notifications leave the application: whether e-mail is queued at all, how the links in it
/// are written, and how often a failing send is tried again.
public struct NotificationSettings: Sendable {
    /// Queue an e-mail beside each notification for a recipient who has an address. Only true
    /// when the operator configured mail: without it nothing is queued and notices stay in-app.
    public var mail = false
    /// What links in e-mail start with (`https://cchc.hanoi.gov.vn`); nil writes no link.
    public var siteURL: String?
    /// A target's path on the site. The composition root sets it from the web layer's URLs; the
    /// default writes no link.
    public var path: @Sendable (NotificationTarget) -> String? = { _ in nil }
    public var retry = MailRetry()

    public init() {}

    /// The absolute address of a target for an e-mail, when both halves are known.
    func link(_ target: NotificationTarget) -> String? {
        guard let siteURL, let path = path(target) else { return nil }
        return (siteURL.hasSuffix("/") ? String(siteURL.dropLast()) : siteURL) + path
    }
}

/// Waits between tries of a failing e-mail: doubling from `firstWait` up to `longestWait`, for at
/// most `maxAttempts` tries; after that the mail is given up (an admin can send it on its way again).
public struct MailRetry: Sendable, Equatable {
    public var firstWait: TimeInterval = 60
    public var longestWait: TimeInterval = 3600
    /// 24 tries at these waits cover about 19 hours: a mail server down overnight loses nothing.
    public var maxAttempts = 24

    public init(firstWait: TimeInterval = 60, longestWait: TimeInterval = 3600, maxAttempts: Int = 24) {
        self.firstWait = firstWait
        self.longestWait = longestWait
        self.maxAttempts = maxAttempts
    }

    /// The wait after the `attempts`-th failed try (1: `firstWait`, 2: twice that, …).
    public func wait(afterAttempts attempts: Int) -> TimeInterval {
        var wait = firstWait
        for _ in 1..<max(1, attempts) {
            wait *= 2
            if wait >= longestWait { return longestWait }
        }
        return min(wait, longestWait)
    }
}
