import Foundation

/// RFC 3339 times in UTC with milliseconds, the one textual form of a moment in ParIndex (API,
/// ledger payloads, receipts). Clocks truncate to milliseconds so a stored time reads back equal.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        // Nearest millisecond: clocks already truncate to whole milliseconds, and a product like
        // -0.001 × 1000 is not exact in binary floating point.
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = ms - seconds * 1000
        let civil = civilFromDays(Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400))
        let secondOfDay = Int(seconds - Int64(civil.days) * 86400)
        // Padded by hand: `String(format:)` goes through Foundation's formatter, and every
        // response and stored row carries times.
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(Int(millis), 3))Z"
    }

    /// `%0Nd`: at least `width` characters, zeros after any sign.
    private static func pad(_ value: Int, _ width: Int) -> String {
        if value < 0 { return "-" + pad(-value, width - 1) }
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Accepts RFC 3339 with `Z` or an offset, with or without fractional seconds, for moments
    /// from year 1 to 9999 in UTC: an offset must not carry a time past what `format` can write
    /// back as RFC 3339 (`9999-12-31T23:59:59-12:00` is year 10000 in UTC).
    ///
    /// Read byte by byte, not with a regex: every stored row carries times, and building a `Regex`
    /// per call made reading a national cycle's 332,100 items take minutes (docs/decisions/0007).
    /// The grammar is `YYYY-MM-DD[Tt ]hh:mm:ss(.f{1,9})?([Zz]|[+-]hh:mm)`, ASCII digits only.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for c in b[at..<at + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ at: Int, _ allowed: String) -> Bool { at < b.count && allowed.utf8.contains(b[at]) }
        guard let y = number(0, 4), byte(4, "-"), let mo = number(5, 2), byte(7, "-"), let d = number(8, 2), byte(10, "Tt "),
            let h = number(11, 2), byte(13, ":"), let mi = number(14, 2), byte(16, ":"), let s = number(17, 2)
        else { return nil }
        guard dayExists(year: y, month: mo, day: d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if byte(i, ".") {
            var end = i + 1
            while end < b.count, number(end, 1) != nil { end += 1 }
            guard (1...9).contains(end - i - 1) else { return nil }
            fraction = Double("0" + String(decoding: b[i..<end], as: UTF8.self)) ?? 0
            i = end
        }
        var offset = 0
        if byte(i, "Zz") {
            guard i + 1 == b.count else { return nil }
        } else if byte(i, "+-") {
            guard i + 6 == b.count, let offsetHours = number(i + 1, 2), byte(i + 3, ":"), let offsetMinutes = number(i + 4, 2) else { return nil }
            guard offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = (b[i] == UInt8(ascii: "-") ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        let days = daysFromCivil(year: y, month: mo, day: d)
        let seconds = Double(days) * 86400 + Double(h * 3600 + mi * 60 + s - offset)
        guard (firstSecond..<endSecond).contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: ((seconds + fraction) * 1000).rounded(.down) / 1000)
    }

    /// Whether `text` is a calendar day `YYYY-MM-DD` that exists (no 30 February), year 1 to 9999.
    public static func isDay(_ text: String) -> Bool {
        guard let m = text.wholeMatch(of: /^(\d{4})-(\d{2})-(\d{2})$/) else { return false }
        return Int(m.1)! >= 1 && dayExists(year: Int(m.1)!, month: Int(m.2)!, day: Int(m.3)!)
    }

    static func dayExists(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day)
    }

    /// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since 1970.
    static let firstSecond = Double(daysFromCivil(year: 1, month: 1, day: 1)) * 86400
    static let endSecond = Double(daysFromCivil(year: 10000, month: 1, day: 1)) * 86400

    /// `dd/mm/yyyy HH:mm` in Vietnam time (UTC+7, no daylight saving), for pages.
    public static func vietnamese(_ date: Date, withTime: Bool = true) -> String {
        let local = format(date.addingTimeInterval(7 * 3600))
        let y = local.prefix(4)
        let mo = local.dropFirst(5).prefix(2)
        let d = local.dropFirst(8).prefix(2)
        let time = local.dropFirst(11).prefix(5)
        return withTime ? "\(d)/\(mo)/\(y) \(time)" : "\(d)/\(mo)/\(y)"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's civil-date algorithms: exact, no calendar or locale involved.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int, days: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, z0)
    }
}

/// The source of "now" for every deadline and record. Injected, so tests freeze and move time.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The real clock, truncated to milliseconds so that stored times compare equal after a round trip.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}

/// A clock that stands still until moved; for tests and for replaying a scenario.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { self.current = start }

    public func now() -> Date { lock.withLock { current } }
    public func set(_ date: Date) { lock.withLock { current = date } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
